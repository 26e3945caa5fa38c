"""The static grader's nbgrader preprocessors, on small notebooks built here."""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbgrader.nbgraderformat import SchemaTooNewError, SchemaTooOldError, ValidationError
from nbgrader.preprocessors import CheckCellMetadata

from nmt_course.grading.static import FastCheckCellMetadata, StaticGrade

SPEC = "{'id': 'q1', 'type': 'single', 'stem': '-', 'explanation': '-', 'topics': ['t'], 'mblex_area': 'a', 'difficulty': 'easy', 'sources': ['s'], 'answer': 'B', 'points': 2, 'options': [{'id': 'A', 'text': 'a', 'feedback': 'no'}, {'id': 'B', 'text': 'b', 'feedback': 'yes'}]}"


def _meta(**fields: object) -> dict:
    base = {"grade": False, "solution": False, "locked": False, "schema_version": 3}
    return {"nbgrader": {**base, **fields}}


def _quiz(answer_source: str = "q1 = 'B'", test_source: str | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Question 1", metadata=_meta(locked=True, grade_id="intro")),
        nbformat.v4.new_code_cell(answer_source, metadata=_meta(solution=True, grade_id="q1-a")),
        nbformat.v4.new_code_cell(test_source or f"grade_cell({SPEC}, globals().get('q1'))", metadata=_meta(grade=True, locked=True, grade_id="q1", points=2)),
    ]
    return nb


def _broken(change: str) -> nbformat.NotebookNode:
    nb = _quiz()
    meta = nb.cells[2].metadata.nbgrader
    if change == "no points":
        del meta["points"]
    elif change == "empty grade id":
        meta["grade_id"] = ""
    elif change == "no grade id":
        del meta["grade_id"]
    elif change == "points not a number":
        meta["points"] = "lots"
    elif change == "duplicate grade id":
        meta["grade_id"] = "q1-a"
    elif change == "markdown grade cell that is not a solution":
        nb.cells[0].metadata.nbgrader.update(grade=True, points=1)
    elif change == "old schema":
        meta["schema_version"] = 1
    elif change == "new schema":
        meta["schema_version"] = 9
    return nb


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ("nothing", None),  # a well-formed quiz passes both
        ("no points", ValidationError),  # nbgrader's v3 rule, not the schema
        ("empty grade id", ValidationError),  # v3 rule
        ("no grade id", ValidationError),  # v3 rule
        ("points not a number", ValidationError),  # the schema step
        ("duplicate grade id", ValidationError),  # v3 notebook rule
        ("markdown grade cell that is not a solution", ValidationError),  # v3 rule
        ("old schema", SchemaTooOldError),  # nbgrader's own version error
        ("new schema", SchemaTooNewError),
    ],
)
def test_fast_metadata_check_agrees_with_nbgrader(change: str, error: type[Exception] | None) -> None:
    nb = _broken(change)
    outcomes = []
    for check in (CheckCellMetadata(), FastCheckCellMetadata()):
        try:
            check.preprocess(copy.deepcopy(nb), {})
            outcomes.append(None)
        except Exception as exc:
            outcomes.append(type(exc))
    assert outcomes == [error, error]


@pytest.mark.parametrize(
    ("answer", "points", "printed"),
    [
        ("q1 = 'B'", 2.0, "Right, 2 of 2 points"),  # right
        ("q1 = 'A'", 0.0, "Not right, 0 of 2 points"),  # wrong
        ("q1 = 'b'", 2.0, "Right, 2 of 2 points"),  # the scorer forgives case
        ("q1 = pick()", 0.0, "Not a valid answer"),  # code, not a literal: not run, 0 points
        ("q1 = None  # your answer", 0.0, "Not answered, 0 of 2 points"),  # left blank
    ],
)
def test_static_grade_writes_what_a_kernel_would(answer: str, points: float, printed: str) -> None:
    nb, _ = StaticGrade().preprocess(_quiz(answer), {})
    test = nb.cells[2]
    block, result = test.outputs  # the feedback block, as the kernel's grade_cell displays it, then the points
    assert block.output_type == "display_data" and printed in block.data["text/plain"]
    assert 'class="nmt-fb' in block.data["text/html"]
    assert result.output_type == "execute_result" and float(result.data["text/plain"]) == points
    assert nb.cells[1].outputs == []  # the answer cell is not run, so it has no output
    nbformat.validate(nb)  # outputs built without validation are still valid


def test_a_test_cell_that_is_not_a_quiz_cell_scores_nothing() -> None:
    nb, _ = StaticGrade().preprocess(_quiz(test_source="assert q1 == 'B'"), {})
    (error,) = nb.cells[2].outputs
    assert error.output_type == "error" and error.ename == "NotAQuizCell"
    nbformat.validate(nb)


def test_a_broken_spec_is_not_graded_as_a_quiz_cell() -> None:
    nb, _ = StaticGrade().preprocess(_quiz(test_source="grade_cell({'id': 'q1', 'type': 'single'}, globals().get('q1'))"), {})
    assert nb.cells[2].outputs[0].ename == "NotAQuizCell"
