"""Reading and writing notebooks the way the batch engine needs: once each, with nbconvert's bytes.

:func:`notebook_json` is what ``nbformat.writes`` returns (plus nbconvert's
final newline) without its deep copy and second validation;
:func:`released_cells` reads the copy of a notebook students were given
(:class:`Released`: each graded, answer or locked cell with its id, source and
grading metadata), which repairs and notes are made against.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import nbjson
from nbformat.v4.rwbase import split_lines, strip_transient

__all__ = ["ReleasedCell", "Released", "notebook_json", "released_cells"]


def notebook_json(nb: NotebookNode) -> str:
    """What ``nbformat.writes(nb)`` returns (plus nbconvert's final newline), without its work for others.

    ``nbformat.writes`` validates the notebook again and deep-copies it so the
    caller's copy is left alone; here it was validated when read and is not
    used again, so the lines are split and transient fields dropped in place.
    The same formatting options give the same bytes, which the comparison
    with stock nbgrader checks.
    """
    text = json.dumps(
        strip_transient(split_lines(nb)), cls=nbjson.BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False,
    )
    return text if text.endswith("\n") else text + "\n"


@dataclass(frozen=True)
class ReleasedCell:
    """One cell with grading metadata, as released to students."""

    cell_id: str
    grade_id: str
    cell_type: str
    source: str
    nbgrader: dict[str, Any]

    @property
    def locked(self) -> bool:
        return bool(self.nbgrader.get("locked"))

    @property
    def graded(self) -> bool:
        return bool(self.nbgrader.get("grade"))

    def metadata(self) -> dict[str, Any]:
        """A fresh copy of the released grading metadata, to put back on a student's cell."""
        return copy.deepcopy(self.nbgrader)


@dataclass(frozen=True)
class Released:
    """The released notebook's cells with grading metadata, by grade id and by cell id, in notebook order."""

    cells: tuple[ReleasedCell, ...] = ()
    by_grade_id: dict[str, ReleasedCell] = field(default_factory=dict)
    by_cell_id: dict[str, ReleasedCell] = field(default_factory=dict)

    @classmethod
    def of(cls, cells: list[ReleasedCell]) -> Released:
        return cls(tuple(cells), {c.grade_id: c for c in cells}, {c.cell_id: c for c in cells if c.cell_id})

    def source(self, grade_id: str, default: str) -> str:
        found = self.by_grade_id.get(grade_id)
        return found.source if found is not None else default


def released_cells(path: Path) -> Released | None:
    """The cells of a released notebook that carry grading metadata; None if there is no readable copy."""
    cells: list[ReleasedCell] = []
    try:
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if grade_id:
                cells.append(ReleasedCell(cell.get("id", ""), grade_id, cell.cell_type, cell.source, json.loads(json.dumps(meta))))
    except Exception:
        return None
    return Released.of(cells)
