"""Every question new in round two carries a second reader's review record.

Issue 18 (item 4) asks for each new bank item to be reviewed by a second
reader against its source, with the review recorded. The records live in
``docs/reviews/bank-round-two-a.md`` and ``docs/reviews/bank-round-two-b.md``;
``docs/reviews/README.md`` describes their format. Round one's 203 questions
(``docs/reviews/round-one-ids.txt``, taken from commit f622752) need none.

A record is a bullet that starts with ``**Review**`` and gives ``reviewer:``,
``date:`` and ``verdict:`` (with ``checked against:`` and ``changes:``),
separated by semicolons. It belongs to the item named in backticks at the
start of its own line, or else to the item of the nearest top-level bullet
above it. The last record of an item counts.

The checks read the real review files and the real bank; the parser's own
behaviour is pinned down by the table tests at the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from conftest import ROOT

from nmt_course import quiz

REVIEWS = ROOT / "docs" / "reviews"
REVIEW_FILES = ("bank-round-two-a.md", "bank-round-two-b.md")
ROUND_ONE_FILE = REVIEWS / "round-one-ids.txt"
ROUND_ONE_COUNT = 203
BANK_FILES = sorted(p.name for p in (ROOT / "nmt_course" / "data" / "bank").glob("*.yaml"))
VERDICTS = frozenset({"ok", "fixed", "replaced", "cut"})

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_ITEM_LINE = re.compile(rf"^[-*] `({_ID})`")
_RECORD = re.compile(r"^\s*[-*] (?:`[^`]+`.*?)?\*\*Review\*\*")
_FIELD = re.compile(r"(reviewer|date|verdict|checked against|changes):\s*([^;]*)")
_MENTION = re.compile(rf"`({_ID})`")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Record:
    """One review record: the item it belongs to and its fields."""

    item: str
    fields: dict[str, str]
    mentions: tuple[str, ...]
    where: str

    @property
    def verdict(self) -> str:
        return self.fields.get("verdict", "").strip().rstrip(".").strip().lower()


def parse_records(text: str, *, source: str = "text") -> list[Record]:
    """The review records in ``text``, in order (see the module docstring)."""
    records: list[Record] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        item = _ITEM_LINE.match(line)
        if item:
            current = item.group(1)
        if not _RECORD.match(line):
            continue
        fields = {name: value.strip() for name, value in _FIELD.findall(line)}
        owner = item.group(1) if item else current
        where = f"{source}:{number}"
        if owner is None:
            records.append(Record(item="", fields=fields, mentions=(), where=where))
            continue
        mentions = tuple(m for m in _MENTION.findall(line) if m != owner)
        records.append(Record(item=owner, fields=fields, mentions=mentions, where=where))
    return records


def record_problem(record: Record) -> str | None:
    """Why ``record`` is not a usable review record, or None."""
    if not record.item:
        return "a review record that belongs to no item (no item line above it)"
    if record.verdict not in VERDICTS:
        return f"verdict {record.fields.get('verdict', '(none)')!r} is not one of {', '.join(sorted(VERDICTS))}"
    if not record.fields.get("reviewer"):
        return "no reviewer"
    if not _DATE.match(record.fields.get("date", "").rstrip(".")):
        return f"date {record.fields.get('date', '(none)')!r} is not YYYY-MM-DD"
    return None


def read_round_one() -> set[str]:
    lines = ROUND_ONE_FILE.read_text(encoding="utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def read_all_records() -> list[Record]:
    found: list[Record] = []
    for name in REVIEW_FILES:
        path = REVIEWS / name
        if path.exists():
            found += parse_records(path.read_text(encoding="utf-8"), source=name)
    return found


def last_verdicts(records: list[Record]) -> dict[str, Record]:
    """Each item's last usable record."""
    last: dict[str, Record] = {}
    for r in records:
        if record_problem(r) is None:
            last[r.item] = r
    return last


@pytest.fixture(scope="module")
def bank() -> quiz.Bank:
    return quiz.load_bank()


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return read_all_records()


# ---------------------------------------------------------------------------
# The parser reads what the README describes (so a clean result means something)
# ---------------------------------------------------------------------------

_GOOD = "reviewer: second reader (review-x); date: 2026-12-02; verdict: {v}; checked against: betts2022; changes: none."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a record under the item's line
        (f"- `bs-one` (sub) — betts2022 — claim\n  - **Review** — {_GOOD.format(v='ok')}", [("bs-one", "ok")]),
        # a record on the item's own line (a section per file)
        (f"- `bs-one` — **Review** — {_GOOD.format(v='fixed')}", [("bs-one", "fixed")]),
        # two items, the second read twice: both records kept, in order
        (
            f"- `a-one` x\n  - **Review** {_GOOD.format(v='ok')}\n- `b-two` y\n"
            f"  - **Review** {_GOOD.format(v='fixed')}\n  - **Review** {_GOOD.format(v='cut')}",
            [("a-one", "ok"), ("b-two", "fixed"), ("b-two", "cut")],
        ),
        # prose that mentions verdicts is not a record
        ("- `a-one` x\n  - the verdict: ok was not given yet", []),
        # an item line with no record
        ("- `a-one` (sub) — src — claim", []),
    ],
)
def test_parse_records(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.item, r.verdict) for r in parse_records(text)] == expected


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (f"  - **Review** — {_GOOD.format(v='ok')}", None),
        (f"  - **Review** — {_GOOD.format(v='fine')}", "verdict"),
        ("  - **Review** — reviewer: ; date: 2026-12-02; verdict: ok", "no reviewer"),
        ("  - **Review** — reviewer: me; date: 2 Dec; verdict: ok", "date"),
        ("  - **Review** — reviewer: me; date: 2026-12-02", "verdict"),
    ],
)
def test_record_problems(line: str, problem: str | None) -> None:
    (record,) = parse_records("- `a-one` x\n" + line)
    found = record_problem(record)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_replacement_names_the_other_item() -> None:
    (record,) = parse_records(f"- `kn-old` x\n  - **Review** — {_GOOD.format(v='replaced')} replaced by `kn-new`")
    assert record.mentions == ("kn-new",)


# ---------------------------------------------------------------------------
# The real records and the real bank
# ---------------------------------------------------------------------------


def test_round_one_list_is_complete() -> None:
    ids = [ln.strip() for ln in ROUND_ONE_FILE.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(ids) == len(set(ids)) == ROUND_ONE_COUNT
    assert all(re.fullmatch(_ID, i) for i in ids)


# Part B's files (assessment_planning, ethics_boundaries, professional_practice_2) were left out of this
# check until their second reading landed; all three have landed, so every bank file is checked.


@pytest.mark.parametrize("file", BANK_FILES)
def test_new_questions_have_a_review_record(bank: quiz.Bank, records: list[Record], file: str) -> None:
    round_one = read_round_one()
    reviewed = set(last_verdicts(records))
    new = [q.id for q in bank if bank.file_of[q.id] == file and q.id not in round_one]
    missing = [qid for qid in new if qid not in reviewed]
    assert not missing, (
        f"{len(missing)} of the {len(new)} questions new in round two in {file} have no review record "
        f"with a verdict in docs/reviews/ ({', '.join(REVIEW_FILES)}): {', '.join(missing)}"
    )


@pytest.mark.parametrize("name", REVIEW_FILES)
def test_review_records_are_well_formed(name: str) -> None:
    path = REVIEWS / name
    if not path.exists():
        pytest.fail(f"docs/reviews/{name} is missing: it should list the items and hold their review records")
    problems = [f"{r.where} ({r.item or '?'}): {p}" for r in parse_records(path.read_text(encoding="utf-8"), source=name) if (p := record_problem(r))]
    assert not problems, "review records that cannot be read:\n" + "\n".join(problems)


def test_verdicts_agree_with_the_bank(bank: quiz.Bank, records: list[Record]) -> None:
    in_bank = {q.id for q in bank}
    round_one = read_round_one()
    last = last_verdicts(records)
    problems = []
    for item, r in sorted(last.items()):
        if item in in_bank and r.verdict == "cut":
            problems.append(f"{r.where}: {item} is recorded as cut but is still in the bank")
        if item not in in_bank and item not in round_one and r.verdict not in {"cut", "replaced"}:
            problems.append(f"{r.where}: {item} has verdict {r.verdict} but is not in the bank (a typo, or say cut/replaced)")
        if item not in in_bank and r.verdict == "replaced":
            successors = [m for m in r.mentions if m in in_bank]
            if not successors:
                problems.append(f"{r.where}: {item} was replaced but its record names no replacement that is in the bank")
            problems += [f"{r.where}: the replacement {m} of {item} has no review record" for m in successors if m not in last]
    assert not problems, "\n".join(problems)
