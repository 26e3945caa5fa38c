"""Reading answers with ast: literals only, last assignment wins, nothing is executed, every failure has a reason."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nmt_course.grading.answers import CELL_LIMIT, NOT_A_LITERAL, read_answer, sets_at_line_start, typed_slip
from nmt_course.grading.static import parse_test_cell
from nmt_course.quiz.keys import GradeCall

NOT_VALID = NOT_A_LITERAL
NESTED: list = []
for _ in range(149):
    NESTED = [NESTED]


def _cells(*sources: str) -> list[dict]:
    return [{"cell_type": "code", "source": s} for s in sources]


@pytest.mark.parametrize(
    ("sources", "expected", "code"),
    [
        (['q01 = "B"'], "B", None),  # the plain answer
        (['q01 = None  # your answer, e.g. "B"'], None, None),  # the untouched template
        (["x = 1", "print(x)"], None, "never-assigned"),  # never assigned
        (['q01 = "A"', 'q01 = "C"'], "C", None),  # the last assignment wins
        (["q01 = ['A', 'C']"], ["A", "C"], None),  # a list literal
        (["q01 = {'A': 2, 'B': 1}"], {"A": 2, "B": 1}, None),  # a dict literal
        (["q01 = -3.5"], -3.5, None),  # a signed number
        (['q01: str = "B"'], "B", None),  # annotated
        (['q01 = "A"', "print(("], "A", None),  # a broken cell that does not set q01 changes nothing
        (['q01 = "A"', "q01 = ("], NOT_VALID, "cell-unreadable"),  # a broken cell that sets q01: the latest try, unreadable
        (["q01 = b'"], NOT_VALID, "cell-unreadable"),  # an unclosed quote
        (['import os\nos.system("echo hi")\nq01 = "B"'], "B", None),  # other code is ignored, not run
        (['q01 = "A"', 'if True:\n    q01 = "B"'], NOT_VALID, "changed-by-code"),  # assignment under control flow
        (['if False:\n    q01 = "B"'], NOT_VALID, "changed-by-code"),  # even where a kernel would not run it
        (["q01 = answer()"], NOT_VALID, "set-by-code"),  # a call
        (["q01 = b"], NOT_VALID, "set-by-code"),  # a bare name (a kernel raises NameError)
        (["q01 = f'{1}'"], NOT_VALID, "set-by-code"),  # an f-string
        (['q01 = "C" if True else "A"'], NOT_VALID, "set-by-code"),  # a conditional expression
        (['q01 = "A"', "q01 += 'B'"], NOT_VALID, "changed-by-code"),  # augmented assignment
        (['q01 = "A"', "del q01"], NOT_VALID, "changed-by-code"),  # deleted
        (['globals()["q01"] = "A"'], NOT_VALID, "changed-by-code"),  # dynamic binding
        (['(q01 := "B")'], NOT_VALID, "changed-by-code"),  # a walrus
        (['q01, x = "B", 1'], NOT_VALID, "changed-by-code"),  # tuple unpacking
        (["import q01"], NOT_VALID, "changed-by-code"),  # bound by an import
        (["for q01 in 'AB':\n    pass"], NOT_VALID, "changed-by-code"),  # a loop variable
        (['x = 1 / 0\nq01 = "B"'], "B", None),  # a kernel stops at 1/0 and never sets q01: static reads the literal
        (["q01 = " + "not " * 100_000 + "x"], NOT_VALID, "cell-too-long"),  # 400 KB: not parsed at all
        (["q01 = " + "not " * 20_000 + "x"], NOT_VALID, "cell-unreadable"),  # the parser's MemoryError
        (["q01 = " + "-" * 5_000 + "1"], NOT_VALID, "cell-unreadable"),  # its RecursionError
        (["q01 = " + "[" * 10_000 + "]" * 10_000], NOT_VALID, "cell-unreadable"),  # too many nested brackets
        (["q01 = " + "-" * 900 + "1"], NOT_VALID, "set-by-code"),  # signs on signs: not a literal
        (["q01 = " + "[" * 150 + "]" * 150], NESTED, None),  # a literal: the scorer says it is too nested
        (["q01 = '" + "A" * 2 * CELL_LIMIT + "'"], NOT_VALID, "cell-too-long"),  # a huge string
        (["# " + "x" * CELL_LIMIT + "\nq01 = 'B'"], NOT_VALID, "cell-too-long"),  # a huge cell that also sets q01
        (['q01 = "B"', "# q01 " + "x" * CELL_LIMIT], "B", None),  # a huge cell that only mentions q01
    ],
)
def test_read_answer(sources: list[str], expected: object, code: str | None) -> None:
    answer = read_answer(_cells(*sources), "q01")
    assert answer.value is NOT_A_LITERAL if expected is NOT_A_LITERAL else answer.value == expected
    assert (answer.reason.code if answer.reason else None) == code
    assert len(answer.note) < 200  # never an echo of the cell


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("q01 = 1" + "0" * 5_000, "a number with thousands of digits"),  # Python's 4,300-digit limit, not its advice to programmers
        ("q01 = " + "-" * 5_000 + "1", "too many brackets or signs inside each other"),
        ("q01 = (", "line 1: "),
    ],
)
def test_an_unreadable_cell_is_said_in_plain_words(source: str, said: str) -> None:
    answer = read_answer(_cells(source), "q01")
    assert answer.reason is not None and answer.reason.code == "cell-unreadable"
    assert said in answer.reason.text and "sys." not in answer.reason.text and "limit" not in answer.reason.text


@pytest.mark.parametrize(
    ("source", "sets"),
    [
        ("q01 = 'B'", True),
        ("   q01='B'", True),  # indented, no spaces
        ("x = 1\nq01: str = 'B'", True),  # annotated, on a later line
        ("q01 == 'B'", False),  # a comparison
        ("q010 = 'B'", False),  # another name that starts the same
        ("print(q01)", False),
        ("x = q01 = 'B'", False),  # not at the start of the line
    ],
)
def test_sets_at_line_start(source: str, sets: bool) -> None:
    assert sets_at_line_start(source, "q01") is sets


def test_reading_a_huge_cell_is_quick() -> None:
    cells = _cells("q01 = '" + "A" * 50_000_000 + "'", "q02 = " + "[" * 1_000_000)
    started = time.perf_counter()
    assert read_answer(cells, "q01").reason.code == "cell-too-long"  # type: ignore[union-attr]
    assert read_answer(cells, "q02").reason.code == "cell-too-long"  # type: ignore[union-attr]
    assert time.perf_counter() - started < 5  # linear scans only (a generous bound for a loaded machine)


def test_only_cells_before_the_test_count() -> None:
    cells = _cells('q01 = "A"', "# the test cell", 'q01 = "B"')
    assert read_answer(cells, "q01", before=1).value == "A"


def test_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    cells = _cells(f"open({str(marker)!r}, 'w').write('x')\nq01 = 'B'", f"q02 = __import__('os').system('touch {marker}')")
    assert read_answer(cells, "q01").value == "B"
    assert read_answer(cells, "q02").value is NOT_A_LITERAL
    assert not marker.exists()


def test_markdown_cells_are_ignored() -> None:
    cells = [{"cell_type": "markdown", "source": 'q01 = "A"'}]
    assert read_answer(cells, "q01").value is None


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("grade_cell('q03', quiz='week-3', version='0123456789ab')", True),  # what quizzes contain: the key is elsewhere
        ("grade_cell({'id': 'x', 'type': 'single'}, globals().get('q03'))", True),  # quizzes built before answer keys
        ("grade_cell('q03', quiz='week-3')", False),  # no version: not a call quiz build writes
        ("print('hi')\n1.0", False),  # a tampered cell: not a quiz test
        ("grade_cell(make_spec(), globals().get('q03'))", False),  # a spec that is not a literal
        ("grade_cell({'id': 'x'}, q03)", False),  # not the expected variable lookup
        ("grade_cell(", False),  # does not parse
    ],
)
def test_parse_test_cell(source: str, ok: bool) -> None:
    parsed = parse_test_cell(source)
    assert (parsed is not None) is ok
    if ok:
        assert parsed.variable == "q03"
        assert parsed in (GradeCall("q03", quiz="week-3", version="0123456789ab"), GradeCall("q03", spec={"id": "x", "type": "single"}))


@pytest.mark.parametrize(
    ("sources", "slip"),
    [
        (["q01 = b"], " b"),  # a letter without quotes: a kernel stops on it
        (['q01 = ["A", "C"'], ' ["A", "C"'),  # an open bracket: the cell does not parse
        (['q01 = "temple'], ' "temple'),  # an open quote
        (['q01 = "B"'], None),  # a readable answer is no slip
        (['q01 = None  # your answer, e.g. "B"'], None),  # the untouched template is blank, not a slip
        (["x = 1"], None),  # never assigned
        (['q01 = "A"', "q01 += 'B'"], None),  # changed by code: not valid, but not a typing slip
        # a broken retype is the student's latest try: not valid, with the advice the guard gave there
        # (a kernel keeps "A"; docs/grading.md lists this difference)
        (['q01 = "A"', 'q01 = ("B"'], ' ("B"'),
    ],
)
def test_typed_slip(sources: list[str], slip: str | None) -> None:
    cells = _cells(*sources)
    assert typed_slip(cells, read_answer(cells, "q01"), before=len(cells)) == slip
