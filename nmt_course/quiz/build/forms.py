"""Step 3: the answer-form record on every answer cell (what the JupyterLab extension draws).

Each answer cell gets ``metadata.nmt_course``::

    {"schema_version": 1,
     "answer": {"variable": "q03", "number": 3, "type": "single",
                "options": [["A", "Upper trapezius"], ...]}}

with ``choices`` for matching, ``unit`` for numeric and the course's body
``regions`` (``[[area, [label, ...]], ...]``) for hotspot questions; written
questions (markdown answer cells) carry no variable. The record holds only what
the question already shows the student: no question id, no key, no feedback.
The extension recognises answer cells by this record alone (never by nbgrader's
ids), and writes the chosen literal into the cell's source, so graders see a
typed answer and a clicked one alike.
"""

from __future__ import annotations

from typing import Any

import nbformat

from .context import BuildContext

__all__ = ["add_answer_forms", "answer_form", "region_list", "FORM_SCHEMA_VERSION"]

FORM_SCHEMA_VERSION = 1
_AREAS = {"head-neck": "Head and neck", "shoulder-arm": "Shoulder and arm", "trunk": "Trunk", "hip-leg": "Hip and leg"}


def region_list() -> list[list[Any]]:
    """Every body region the course knows, grouped by body area: ``[[area, [label, ...]], ...]``."""
    from ... import kb

    groups: dict[str, list[str]] = {}
    for region in kb.load().regions.values():
        groups.setdefault(region.area, []).append(region.label)
    order = [a for a in _AREAS if a in groups] + sorted(set(groups) - set(_AREAS))
    return [[_AREAS.get(area, area), sorted(groups[area], key=str.lower)] for area in order]


def answer_form(variable: str | None, number: int, question: Any) -> dict[str, Any]:
    """The form record for one question (nothing the student does not already see)."""
    form: dict[str, Any] = {"number": number, "type": question.type}
    if variable is not None:
        form["variable"] = variable
    if question.type in {"single", "multiple", "ordering", "matching"}:
        form["options"] = [[o.id, o.text] for o in question.options]
    if question.type == "matching":
        form["choices"] = [[c.id, c.text] for c in question.choices]
    if question.type == "numeric" and question.answer.unit:
        form["unit"] = question.answer.unit
    if question.type == "hotspot":
        form["regions"] = region_list()
    return form


def _is_answer_cell(cell: nbformat.NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def add_answer_forms(nb: nbformat.NotebookNode, ctx: BuildContext) -> nbformat.NotebookNode:
    """Tag the answer cells, in quiz order (the n-th solution cell answers the n-th question)."""
    cells = [c for c in nb.cells if _is_answer_cell(c)]
    questions = list(ctx.variables.items())
    if len(cells) != len(questions):
        raise ValueError(f"found {len(cells)} answer cells for {len(questions)} questions")
    for number, (cell, (var, q)) in enumerate(zip(cells, questions), start=1):
        variable = None if q.type == "written" else var
        cell.metadata["nmt_course"] = {"schema_version": FORM_SCHEMA_VERSION, "answer": answer_form(variable, number, q)}
    return nb
