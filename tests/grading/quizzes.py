"""A small quiz notebook (four question types) and its released copy, for the fast tests of the notebook steps."""

from __future__ import annotations

import copy

import nbformat

from nmt_course.grading.notebooks import Released, ReleasedCell

COMMON = "'stem': '-', 'explanation': '-', 'topics': ['t'], 'mblex_area': 'a', 'difficulty': 'easy', 'sources': ['s']"
OPTIONS = "[{'id': 'A', 'text': 'soleus', 'feedback': 'no'}, {'id': 'B', 'text': 'upper trapezius', 'feedback': 'yes'}, {'id': 'C', 'text': 'c', 'feedback': '-'}]"
SPECS = {
    "q01": f"{{'id': 'q1', 'type': 'single', {COMMON}, 'answer': 'B', 'options': {OPTIONS}}}",
    "q02": f"{{'id': 'q2', 'type': 'multiple', {COMMON}, 'answer': ['A', 'B'], 'options': {OPTIONS}}}",
    "q03": f"{{'id': 'q3', 'type': 'matching', {COMMON}, 'answer': {{'A': '1', 'B': '2'}}, "
    "'options': [{'id': 'A', 'text': 'a', 'feedback': '-'}, {'id': 'B', 'text': 'b', 'feedback': '-'}], "
    "'choices': [{'id': '1', 'text': 'x'}, {'id': '2', 'text': 'y'}]}",
    "q04": f"{{'id': 'q4', 'type': 'numeric', {COMMON}, 'answer': {{'value': 90, 'tolerance': 5}}}}",
}
KEYS = {"q01": "'B'", "q02": "['A', 'B']", "q03": "{'A': '1', 'B': '2'}", "q04": "90"}


def _meta(**fields: object) -> dict:
    return {"nbgrader": {"grade": False, "solution": False, "locked": False, "schema_version": 3, **fields}}


def small_quiz() -> nbformat.NotebookNode:
    """For each question: a locked question cell ``qNN-q``, an answer cell ``qNN-a``, a test cell ``qNN`` (cell ids = grade ids)."""
    nb = nbformat.v4.new_notebook()
    for var, spec in SPECS.items():
        cells = [
            nbformat.v4.new_markdown_cell(f"Question {var}", metadata=_meta(locked=True, grade_id=f"{var}-q")),
            nbformat.v4.new_code_cell(f"{var} = None", metadata=_meta(solution=True, grade_id=f"{var}-a")),
            nbformat.v4.new_code_cell(f"grade_cell({spec}, globals().get('{var}'))", metadata=_meta(grade=True, locked=True, grade_id=var, points=1)),
        ]
        for cell in cells:
            cell["id"] = cell.metadata.nbgrader["grade_id"]
        nb.cells += cells
    return nb


def released_of(nb: nbformat.NotebookNode) -> Released:
    return Released.of([
        ReleasedCell(c.id, c.metadata.nbgrader["grade_id"], c.cell_type, c.source, copy.deepcopy(dict(c.metadata.nbgrader))) for c in nb.cells
    ])


def cell(nb: nbformat.NotebookNode, cell_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.get("id") == cell_id)
