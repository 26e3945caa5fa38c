"""Building nbgrader cells: the metadata nbgrader expects (schema version 3)."""

from __future__ import annotations

from typing import Any

import nbformat

__all__ = ["CELL_ROLES", "markdown", "code", "nbgrader_meta", "role"]

#: what each kind of quiz cell is, in ``metadata.nmt_course.cell`` (the feedback page's template reads it)
CELL_ROLES = ("intro", "setup", "prompt", "answer", "test", "written", "check-intro", "check")


def nbgrader_meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False, points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def _cell(cell: nbformat.NotebookNode, cell_id: str, nb: dict[str, Any]) -> nbformat.NotebookNode:
    cell["id"] = cell_id
    if nb:
        cell["metadata"]["nbgrader"] = nbgrader_meta(cell_id, **nb)
    return cell


def markdown(cell_id: str, source: str, **nb: Any) -> nbformat.NotebookNode:
    """A markdown cell with a stable id (and nbgrader metadata when options are given)."""
    return _cell(nbformat.v4.new_markdown_cell(source), cell_id, nb)


def code(cell_id: str, source: str, **nb: Any) -> nbformat.NotebookNode:
    """A code cell with a stable id (and nbgrader metadata when options are given)."""
    return _cell(nbformat.v4.new_code_cell(source), cell_id, nb)


def role(cell: nbformat.NotebookNode, name: str, number: int | None = None) -> nbformat.NotebookNode:
    """Mark what a quiz cell is (``metadata.nmt_course.cell``, and the question ``number``): nothing secret."""
    if name not in CELL_ROLES:
        raise ValueError(f"unknown quiz cell role {name!r}")
    record = cell["metadata"].setdefault("nmt_course", {"schema_version": 1})
    record["cell"] = name
    if number is not None:
        record["number"] = number
    return cell
