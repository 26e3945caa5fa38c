"""Every muscle record new in round two carries a second reader's review record.

Issue 18 (item 2) added muscle records; like the new bank items, each one is
read by a second reader against its sources and the result recorded in
``docs/reviews/muscles-round-two.md``, in the record format that
``docs/reviews/README.md`` describes: under the muscle's own line (a
top-level bullet starting with its id in backticks), a sub-bullet starting
with ``**Review**`` that gives ``reviewer:``, ``date:``, ``verdict:``,
``checked against:`` and ``changes:``, separated by semicolons. The last
record of a muscle counts. A muscle review is ``ok`` (checked, nothing
changed) or ``fixed`` (facts changed in place, same id); muscles are not
replaced or cut through a review.

Round one's 50 muscles (``docs/reviews/round-one-muscle-ids.txt``) need no
record. The checks read the real review file and the real knowledge base;
the parser's behaviour is pinned down by the table test at the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import ROOT
from nmt_course import kb

REVIEW_FILE = ROOT / "docs" / "reviews" / "muscles-round-two.md"
ROUND_ONE_FILE = ROOT / "docs" / "reviews" / "round-one-muscle-ids.txt"
ROUND_ONE_COUNT = 50
VERDICTS = frozenset({"ok", "fixed"})

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_ITEM_LINE = re.compile(rf"^[-*] `({_ID})`")
_RECORD = re.compile(r"^\s+[-*] \*\*Review\*\*")
_FIELD = re.compile(r"(reviewer|date|verdict|checked against|changes):\s*([^;]*)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Record:
    """One review record: the muscle it belongs to, its fields and its line."""

    item: str
    fields: dict[str, str]
    where: str

    @property
    def verdict(self) -> str:
        return self.fields.get("verdict", "").strip().rstrip(".").strip().lower()


def parse_records(text: str, *, source: str = "text") -> list[Record]:
    """The review records in ``text``, each owned by the nearest item line above it."""
    records: list[Record] = []
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        item = _ITEM_LINE.match(line)
        if item:
            current = item.group(1)
            continue
        if _RECORD.match(line):
            fields = {name: value.strip() for name, value in _FIELD.findall(line)}
            records.append(Record(item=current, fields=fields, where=f"{source}:{number}"))
    return records


def record_problem(record: Record) -> str | None:
    """Why ``record`` is not a usable review record, or None."""
    if not record.item:
        return "a review record under no muscle line"
    if record.verdict not in VERDICTS:
        return f"verdict {record.fields.get('verdict', '(none)')!r} is not one of {', '.join(sorted(VERDICTS))}"
    if not record.fields.get("reviewer"):
        return "no reviewer"
    if not _DATE.match(record.fields.get("date", "").rstrip(".")):
        return f"date {record.fields.get('date', '(none)')!r} is not YYYY-MM-DD"
    if not record.fields.get("checked against"):
        return "no 'checked against'"
    return None


_GOOD = "reviewer: r; date: 2026-12-02; verdict: ok; checked against: gray2020; changes: none"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"- `teres-major` — facts\n  - **Review** {_GOOD}", [("teres-major", None)]),
        (f"- `a` — x\n- `b` — y\n  - **Review** {_GOOD}", [("b", None)]),
        ("- `a` — x\n  - **Review** reviewer: r; date: 2026-12-02; verdict: cut; checked against: s",
         [("a", "verdict 'cut' is not one of fixed, ok")]),
        ("- `a` — x\n  - **Review** reviewer: r; date: 2 Dec; verdict: ok; checked against: s",
         [("a", "date '2 Dec' is not YYYY-MM-DD")]),
        ("- `a` — x\n  - **Review** date: 2026-12-02; verdict: fixed; checked against: s", [("a", "no reviewer")]),
        (f"  - **Review** {_GOOD}", [("", "a review record under no muscle line")]),
        ("- `a` — x\n  - a note that is not a record", []),
    ],
)
def test_parse_records_table(text: str, expected: list[tuple[str, str | None]]) -> None:
    got = [(r.item, record_problem(r)) for r in parse_records(text)]
    assert got == expected


@pytest.fixture(scope="module")
def K() -> kb.KnowledgeBase:
    return kb.load()


@pytest.fixture(scope="module")
def round_one() -> set[str]:
    lines = ROUND_ONE_FILE.read_text(encoding="utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return parse_records(REVIEW_FILE.read_text(encoding="utf-8"), source=REVIEW_FILE.name)


def test_round_one_list_is_the_fifty_first_muscles(K: kb.KnowledgeBase, round_one: set[str]) -> None:
    assert len(round_one) == ROUND_ONE_COUNT
    gone = sorted(round_one - set(K.muscles))
    assert not gone, f"round-one ids no longer in the knowledge base: {gone}"


def test_every_record_is_usable(records: list[Record]) -> None:
    bad = [f"{r.where} ({r.item or '?'}): {problem}" for r in records if (problem := record_problem(r))]
    assert not bad, "\n".join(bad)


def test_every_new_muscle_has_a_review_with_a_verdict(
    K: kb.KnowledgeBase, round_one: set[str], records: list[Record]
) -> None:
    reviewed = {r.item for r in records if record_problem(r) is None}
    missing = sorted(set(K.muscles) - round_one - reviewed)
    assert not missing, f"new muscles without a review record in {REVIEW_FILE.name}: {missing}"


def test_every_record_names_a_muscle(K: kb.KnowledgeBase, records: list[Record]) -> None:
    unknown = sorted({f"{r.where}: {r.item}" for r in records if r.item and r.item not in K.muscles})
    assert not unknown, unknown
