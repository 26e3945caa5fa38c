"""Item-writing rules, checked on the real bank (``nmt_course/data/bank``).

The rules follow common item-writing guidance for licensing exams:

- **Longest key.** Test-wise students learn that the longest option is often
  right. In each file, the key of a single-answer item may be the *uniquely*
  longest option (more characters than every other option, after trimming
  spaces) in at most 35% of that file's single-answer items.
- **No "all of the above" / "none of the above"**, in any case or spacing, in
  a stem, an option or a matching choice.
- **No double negatives.** The check is deliberately mechanical, so a writer
  can predict it:

  * the *question sentence* of a stem is its last sentence that ends with
    "?", or its last sentence when none does ("Put these steps in order.");
    scenario sentences before it ("He has no fever.") are not part of it;
  * *negative words* are not, no, never, none, nothing, nobody, nowhere,
    neither, nor, cannot, and every contraction ending in n't; a *negative
    cue* is a negative word or except or least;
  * an item has a double negative when its question sentence holds two or
    more negative cues ("Which is NOT a reason not to ...?"), or holds one
    while any of its options holds a negative word ("Which is NOT advised?"
    with the option "Do not ask about medicines").

- **Subtopics.** Every item names its ``mblex_subtopic``, and every subtopic
  of the outline has at least three items.
- **No near-identical stems.** No two items share a stem once case,
  punctuation and spacing are folded (as the bank validator does) and the
  instruction "choose/select all that apply" is dropped.
- **The outline.** The bank has at least 500 questions and each MBLEx area's
  share is within 3 percentage points of its weight in ``mblex.yaml``.
- **Citations.** Every source id named in an item's text, such as
  "(werner2020)" in a feedback, is in that item's ``sources``.
- **Families.** No quiz built by ``nmt-course quiz build --shipped`` holds two
  questions of one ``family``.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from nmt_course import kb, quiz
from nmt_course.quiz.commands import shipped_quizzes
from nmt_course.quiz.models import QUESTION_ADAPTER
from nmt_course.quiz.selection import select_questions

BANK = ROOT / "nmt_course" / "data" / "bank"
BANK_FILES = sorted(p.name for p in BANK.glob("*.yaml"))

MAX_LONGEST_KEY_SHARE = 0.35
AREA_TOLERANCE = 0.03  # 3 percentage points
MIN_QUESTIONS = 500
MIN_PER_SUBTOPIC = 3

NEGATIVE_WORDS = frozenset({"not", "no", "never", "none", "nothing", "nobody", "nowhere", "neither", "nor", "cannot"})
NEGATIVE_CUES = NEGATIVE_WORDS | {"except", "least"}
ABOVE = re.compile(r"\b(all|none) of the above\b")
ALL_THAT_APPLY = re.compile(r"\b(choose|select) all that apply\b")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"”’')])\s+")  # after . ? ! and any closing quote
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SOURCE_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def bank() -> quiz.Bank:
    return quiz.load_bank()


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------


def question_sentence(stem: str) -> str:
    """The sentence that asks: the last one ending in '?', else the last one."""
    sentences = [s for s in _SENTENCE_END.split(stem.strip()) if s]
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return (asking or sentences)[-1]


def negatives(text: str, *, cues: frozenset[str] = NEGATIVE_WORDS) -> list[str]:
    """The negative words (or cues) in ``text``, in order, lower-cased."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return [w for w in words if w in cues or w.endswith("n't")]


def double_negative(q) -> str | None:
    """Why ``q`` has a double negative under the rule above, or None."""
    asking = question_sentence(q.stem)
    cues = negatives(asking, cues=NEGATIVE_CUES)
    if len(cues) >= 2:
        return f"the question {asking!r} has two negatives ({', '.join(cues)})"
    if cues:
        for o in getattr(q, "options", ()):
            found = negatives(o.text)
            if found:
                return f"the question {asking!r} is negative ({cues[0]}) and option {o.id} is too ({', '.join(found)})"
    return None


def key_is_uniquely_longest(q) -> bool:
    lengths = {o.id: len(o.text.strip()) for o in q.options}
    key = lengths[q.answer]
    return all(key > n for oid, n in lengths.items() if oid != q.answer)


def above_phrases(q) -> list[str]:
    """Where ``q`` says "all/none of the above"."""
    places = [("stem", q.stem)]
    places += [(f"option {o.id}", o.text) for o in getattr(q, "options", ())]
    places += [(f"choice {c.id}", c.text) for c in getattr(q, "choices", ())]
    return [where for where, text in places if ABOVE.search(normalise(text))]


def normalise(text: str) -> str:
    """Lower-case; every run of spaces, hyphens and punctuation becomes one space."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def stem_key(stem: str) -> str:
    return ALL_THAT_APPLY.sub("", normalise(stem)).strip()


def _item(stem: str, options: list[str], answer: str = "A", type_: str = "single"):
    return QUESTION_ADAPTER.validate_python(
        {
            "id": "example", "type": type_, "stem": stem, "explanation": "-", "topics": ["ethics"],
            "mblex_area": "ethics-boundaries-laws", "difficulty": "easy", "sources": ["x"],
            "options": [{"id": chr(65 + i), "text": t, "feedback": "-"} for i, t in enumerate(options)],
            "answer": answer if type_ == "single" else [answer],
        }
    )


# ---------------------------------------------------------------------------
# The checks catch what they should (so a clean bank means something)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "options", "flagged"),
    [
        ("Which is NOT a contraindication?", ["Fever", "Mild soreness", "DVT"], False),
        ("Which is NOT a reason not to massage?", ["Fever", "Mild soreness", "DVT"], True),  # two in the question
        ("Which is NOT advised?", ["Ask about medicines", "Do not ask about medicines", "Refer"], True),  # negative option
        ("All of these are true EXCEPT which?", ["It can't be worked", "It is safe", "It is local"], True),  # contraction
        ("He has no fever and no swelling. What do you tell him?", ["No need to worry", "Call a doctor", "Rest"], False),
        ("Which answer does not fit?", ["Nothing fits", "Heat", "Ice"], True),
        ("Which is LEAST likely to help?", ["Rest", "Ice", "Heat"], False),
        ("Put these steps in order.", ["Intake", "Screening", "Never skip"], False),  # no negative question
        ('She says, "I\'m not shy; you don\'t need a sheet." What do you do?', ["Drape", "Agree"], False),  # a quotation
        ('She asks, "Why not?" Which reply is NOT kind?', ["No", "Yes"], True),
    ],
)
def test_double_negative_rule(stem: str, options: list[str], flagged: bool) -> None:
    assert (double_negative(_item(stem, options)) is not None) is flagged


@pytest.mark.parametrize(
    ("options", "answer", "longest"),
    [
        (["Short", "A much longer key", "Mid length"], "B", True),
        (["Short", "A much longer key", "Same length here!"], "B", False),  # tied: not uniquely longest
        (["A long distractor text", "Key", "Mid length"], "B", False),
    ],
)
def test_longest_key_rule(options: list[str], answer: str, longest: bool) -> None:
    assert key_is_uniquely_longest(_item("Which?", options, answer)) is longest


@pytest.mark.parametrize(
    ("text", "found"),
    [("All of the above", True), ("NONE  of the\nabove.", True), ("none-of-the-above", True), ("All of these muscles", False)],
)
def test_above_rule(text: str, found: bool) -> None:
    assert bool(above_phrases(_item("Which?", ["Heat", text, "Ice"]))) is found


def test_stem_key_folds_case_punctuation_and_the_instruction() -> None:
    assert stem_key("Which are signs of DVT? Choose all that apply.") == stem_key("which are signs of dvt?  Select all that apply")


# ---------------------------------------------------------------------------
# The real bank follows them
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("file", BANK_FILES)
def test_key_is_rarely_the_uniquely_longest_option(bank: quiz.Bank, file: str) -> None:
    singles = [q for q in bank if bank.file_of[q.id] == file and q.type == "single"]
    if not singles:
        return
    longest = [q.id for q in singles if key_is_uniquely_longest(q)]
    share = len(longest) / len(singles)
    assert share <= MAX_LONGEST_KEY_SHARE, f"{file}: the key is the uniquely longest option in {len(longest)} of {len(singles)} single-answer items ({share:.0%}): {longest}"


def test_no_all_or_none_of_the_above(bank: quiz.Bank) -> None:
    found = {q.id: where for q in bank if (where := above_phrases(q))}
    assert not found, found


def test_no_double_negatives(bank: quiz.Bank) -> None:
    found = {q.id: why for q in bank if (why := double_negative(q))}
    assert not found, found


def test_every_item_names_its_mblex_subtopic(bank: quiz.Bank) -> None:
    missing = Counter(bank.file_of[q.id] for q in bank if q.mblex_subtopic is None)
    assert not missing, f"items without mblex_subtopic, per file: {dict(missing)}"


def test_no_two_items_share_a_normalised_stem(bank: quiz.Bank) -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    for q in bank:
        seen[stem_key(q.stem)].append(q.id)
    shared = [ids for ids in seen.values() if len(ids) > 1]
    assert not shared, shared


def test_sources_named_in_the_text_are_cited(bank: quiz.Bank) -> None:
    known = set(kb.load().sources)
    uncited = {}
    for q in bank:
        texts = [q.stem, q.explanation, getattr(q, "model_answer", "")]
        texts += [t for o in getattr(q, "options", ()) for t in (o.text, o.feedback)]
        named = {w for t in texts for w in _SOURCE_ID.findall(t) if w in known}
        if named - set(q.sources):
            uncited[q.id] = sorted(named - set(q.sources))
    assert not uncited, uncited


def test_every_subtopic_has_items(bank: quiz.Bank) -> None:
    counts = Counter((q.mblex_area, q.mblex_subtopic) for q in bank)
    thin = {f"{a.id}/{t.id}": counts[(a.id, t.id)] for a in kb.load().mblex.areas for t in a.subtopics if counts[(a.id, t.id)] < MIN_PER_SUBTOPIC}
    assert not thin, f"subtopics with fewer than {MIN_PER_SUBTOPIC} items: {thin}"


def test_bank_has_enough_questions(bank: quiz.Bank) -> None:
    assert len(bank) >= MIN_QUESTIONS


def test_every_area_is_near_its_outline_weight(bank: quiz.Bank) -> None:
    counts = Counter(q.mblex_area for q in bank)
    off = {
        a.id: f"{counts[a.id] / len(bank):.1%} (target {a.weight:.0%})"
        for a in kb.load().mblex.areas
        if abs(counts[a.id] / len(bank) - a.weight) > AREA_TOLERANCE
    }
    assert not off, f"areas more than {AREA_TOLERANCE:.0%} from their weight, of {len(bank)} questions: {off}"


# ---------------------------------------------------------------------------
# Selection honours families on the real bank
# ---------------------------------------------------------------------------


def _quiz_pool(bank: quiz.Bank, entry: dict) -> list:
    topics = set(entry.get("topics") or ())
    include_written = entry.get("include_written", True) and not entry.get("blueprint")
    return [q for q in bank if (not topics or topics & set(q.topics)) and (include_written or q.type != "written")]


def test_shipped_quizzes_draw_at_most_one_question_per_family(bank: quiz.Bank, tmp_path: Path) -> None:
    shutil.copy(ROOT / "quizzes" / "quizzes.yaml", tmp_path / "quizzes.yaml")
    result = run_cli("quiz", "build", "--shipped", "--course-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    entries = shipped_quizzes()
    shared_families = 0
    for entry in entries:
        name = entry["name"]
        nb = json.loads((tmp_path / "source" / name / f"{name}.ipynb").read_text())
        ids = list(nb["metadata"]["nmt_course"]["questions"].values())
        families = Counter(bank[i].family for i in ids if bank[i].family)
        assert all(n == 1 for n in families.values()), (name, {f: n for f, n in families.items() if n > 1})
        pool_families = Counter(q.family for q in _quiz_pool(bank, entry) if q.family)
        shared_families += sum(1 for n in pool_families.values() if n > 1)
    assert shared_families, "no shipped quiz's pool holds two questions of one family, so this test proves nothing"


@pytest.mark.parametrize("seed", range(40))
def test_any_seed_of_a_shipped_quiz_honours_families(bank: quiz.Bank, seed: int) -> None:
    weights = {a.id: a.weight for a in kb.load().mblex.areas}
    for entry in shipped_quizzes():
        picked = select_questions(
            bank, topics=entry.get("topics") or (), count=entry["count"], seed=seed,
            blueprint=weights if entry.get("blueprint") else None,
            include_written=entry.get("include_written", True) and not entry.get("blueprint"),
        )
        families = Counter(q.family for q in picked.questions if q.family)
        assert all(n == 1 for n in families.values()), (entry["name"], seed, families.most_common(2))
