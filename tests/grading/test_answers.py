"""Reading answers with ast: literals only, last assignment wins, nothing is executed."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmt_course.grading.answers import NOT_A_LITERAL, read_answer, typed_slip
from nmt_course.grading.static import parse_test_cell
from nmt_course.quiz.keys import GradeCall


def _cells(*sources: str) -> list[dict]:
    return [{"cell_type": "code", "source": s} for s in sources]


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (['q01 = "B"'], "B"),  # the plain answer
        (['q01 = None  # your answer, e.g. "B"'], None),  # the untouched template
        (['q01 = "A"', 'q01 = "C"'], "C"),  # the last assignment wins
        (["q01 = ['A', 'C']"], ["A", "C"]),  # a list literal
        (["q01 = {'A': 2, 'B': 1}"], {"A": 2, "B": 1}),  # a dict literal
        (["q01 = -3.5"], -3.5),  # a signed number
        (['q01 = "A"', "q01 = ("], "A"),  # a cell that does not parse changes nothing
        (["x = 1", "print(x)"], None),  # never assigned
        (['import os\nos.system("echo hi")\nq01 = "B"'], "B"),  # other code is ignored, not run
        (['q01 = "A"', 'if True:\n    q01 = "B"'], NOT_A_LITERAL),  # assignment under control flow
        (["q01 = answer()"], NOT_A_LITERAL),  # a call
        (["q01 = f'{1}'"], NOT_A_LITERAL),  # an f-string
        (['q01 = "A"', "q01 += 'B'"], NOT_A_LITERAL),  # augmented assignment
        (['q01 = "A"', "del q01"], NOT_A_LITERAL),  # deleted
        (['globals()["q01"] = "A"'], NOT_A_LITERAL),  # dynamic binding
        (["import q01"], NOT_A_LITERAL),  # bound by an import
        (["for q01 in 'AB':\n    pass"], NOT_A_LITERAL),  # a loop variable
    ],
)
def test_read_answer(sources: list[str], expected: object) -> None:
    value = read_answer(_cells(*sources), "q01").value
    assert value is NOT_A_LITERAL if expected is NOT_A_LITERAL else value == expected


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
        (['q01 = "A"', 'q01 = ("B"'], None),  # a broken retype keeps the earlier answer, so nothing to advise
    ],
)
def test_typed_slip(sources: list[str], slip: str | None) -> None:
    cells = _cells(*sources)
    assert typed_slip(cells, read_answer(cells, "q01"), before=len(cells)) == slip
