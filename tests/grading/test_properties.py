"""Properties (hypothesis): random answer sources and random cell edits never crash the reader, in bounded time.

Fast: the reader, the scorer and the two notebook steps that need no
gradebook (:class:`~nmt_course.grading.repairs.RepairCells` and
:class:`~nmt_course.grading.static.StaticGrade`) on a small quiz built here.
"""

from __future__ import annotations

import ast
import copy
import time

import nbformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nmt_course.grading.answers import NOT_A_LITERAL, read_answer
from nmt_course.grading.repairs import RepairCells
from nmt_course.grading.static import StaticGrade
from nmt_course.quiz import QUESTION_ADAPTER, grade

from .quizzes import SPECS, released_of, small_quiz

BUDGET = 10.0  # seconds, the default --timeout-per-student: every example must finish well inside it
QUIZ = small_quiz()
RELEASED = released_of(QUIZ)

# pieces of Python, of answers and of mistakes, that a student might type (and some that no one would)
PIECES = st.sampled_from([
    "q01", "q02", "q03", "q04", " = ", "=", "==", ":=", "'B'", '"A, C"', "['A', 'B']", "{'A': '1'}", "90", "'90 s'", "-", "not ", "(", ")",
    "[", "]", "{", "}", "'", '"', '"""', "\n", "    ", "#", "if True:\n    ", "del ", "globals()", "[0]", "+= ", "f'", "lambda: ", "import os",
    "1/0", ",", ";", "\\", "\0", "é", "𝔅", "B" * 300, " " * 200, "[" * 60, "not " * 50,
])
SOURCES = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SOURCES, min_size=1, max_size=4), st.sampled_from(["q01", "q02", "q03", "q04"]))
def test_any_answer_source_is_read_with_a_value_or_a_reason(sources: list[str], variable: str) -> None:
    started = time.perf_counter()
    answer = read_answer([{"cell_type": "code", "source": s} for s in sources], variable)
    if answer.value is NOT_A_LITERAL:
        assert answer.reason is not None and answer.reason.text
    question = QUESTION_ADAPTER.validate_python(ast.literal_eval(SPECS[variable]))
    result = grade(question, None if answer.value is NOT_A_LITERAL else answer.value)
    assert 0 <= result.points <= result.max_points and len(result.message) < 400
    assert time.perf_counter() - started < BUDGET


EDITS = st.sampled_from(["duplicate", "delete", "clear metadata", "damage metadata", "to markdown", "swap", "paste source", "new id"])


def _edit(nb: nbformat.NotebookNode, edit: str, index: int, text: str) -> None:
    if not nb.cells:
        return
    i = index % len(nb.cells)
    cell = nb.cells[i]
    if edit == "duplicate":
        twin = copy.deepcopy(cell)
        twin["id"] = f"pasted-{i}-{len(nb.cells)}"
        nb.cells.insert(i + 1, twin)
    elif edit == "delete":
        del nb.cells[i]
    elif edit == "clear metadata":
        cell.metadata = nbformat.NotebookNode()
    elif edit == "damage metadata" and "nbgrader" in cell.metadata:
        cell.metadata.nbgrader["points"] = text or "lots"
    elif edit == "to markdown" and cell.cell_type == "code":
        nb.cells[i] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
        nb.cells[i]["id"] = cell.id
    elif edit == "swap" and i + 1 < len(nb.cells):
        nb.cells[i], nb.cells[i + 1] = nb.cells[i + 1], nb.cells[i]
    elif edit == "paste source":
        cell.source = text
    elif edit == "new id":
        cell["id"] = f"new-{i}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(EDITS, st.integers(0, 100), SOURCES), max_size=8))
def test_random_cell_edits_never_crash_the_repairs_or_the_reader(edits: list[tuple[str, int, str]]) -> None:
    nb = copy.deepcopy(QUIZ)
    for edit, index, text in edits:
        _edit(nb, edit, index, text)
    resources = {"nbgrader": {"released": RELEASED, "notes": [], "invalid": []}}
    started = time.perf_counter()
    nb, resources = RepairCells().preprocess(nb, resources)
    nb, resources = StaticGrade().preprocess(nb, resources)
    assert time.perf_counter() - started < BUDGET
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")]
    assert len(ids) == len(set(ids))  # after the repairs, every grade id is there once at most
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade") and cell.outputs and cell.outputs[0].output_type == "stream":
            assert len(cell.outputs[0].text) < 2_000  # the feedback never echoes an answer whole
    assert all(isinstance(note, str) and len(note) < 600 for note in resources["nbgrader"]["notes"])
