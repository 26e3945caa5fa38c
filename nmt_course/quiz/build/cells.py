"""Building nbgrader cells: the metadata nbgrader expects (schema version 3)."""

from __future__ import annotations

from typing import Any

import nbformat

__all__ = ["markdown", "code", "nbgrader_meta"]


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
