"""Grades as a Canvas gradebook import CSV.

Canvas imports the same layout its gradebook exports (Grades > Import):

- The header starts with the five identity columns ``Student``, ``ID``,
  ``SIS User ID``, ``SIS Login ID`` and ``Section``, then one column per
  assignment.
- An assignment column named ``<name> (<Canvas assignment id>)`` updates
  that existing assignment; a plain ``<name>`` makes Canvas create a new
  assignment with that name when the file is imported.
- The row right after the header is the "Points Possible" row: its first
  cell is ``    Points Possible`` (four leading spaces, as Canvas writes
  it), the identity cells are empty, and each assignment cell holds the
  assignment's maximum points.
- ``Student`` is the sortable name, ``Last, First``. Canvas finds each
  student by ``ID`` (its own user id: nbgrader's ``lms_user_id`` when the
  gradebook has one), else ``SIS User ID``, else ``SIS Login ID``. The
  nbgrader student id goes in the column named by ``id_column``
  (``SIS Login ID`` by default: JupyterHub user names are usually the
  school login).
- A blank score leaves the Canvas grade as it is; scores use a dot
  decimal. The file is UTF-8 without a byte-order mark, comma separated,
  with CRLF line ends and fields quoted only where needed (commas, quotes).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..errors import NmtCourseError
from .grades import StudentGrade, points_possible
from .question_forms import format_number

__all__ = ["CANVAS_COLUMNS", "POINTS_POSSIBLE", "IdColumn", "canvas_assignment_column", "canvas_csv", "write_canvas_csv"]

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"
IdColumn = Literal["ID", "SIS User ID", "SIS Login ID"]


def canvas_assignment_column(assignment: str, canvas_assignment_id: str | int | None = None) -> str:
    """``Quiz 1 (1234)`` for an existing Canvas assignment, ``Quiz 1`` for a new one."""
    if canvas_assignment_id is None or str(canvas_assignment_id) == "":
        return assignment
    if not str(canvas_assignment_id).isdigit():
        raise NmtCourseError(f"a Canvas assignment id is a number (the one in the assignment's web address), not {canvas_assignment_id!r}")
    return f"{assignment} ({canvas_assignment_id})"


def canvas_csv(
    grades: Sequence[StudentGrade],
    *,
    assignment: str,
    canvas_assignment_id: str | int | None = None,
    section: str = "",
    id_column: IdColumn = "SIS Login ID",
    points: float | None = None,
) -> str:
    """The CSV text (see the module notes for the conventions)."""
    if id_column not in ("ID", "SIS User ID", "SIS Login ID"):
        raise NmtCourseError(f"the student id goes in 'ID', 'SIS User ID' or 'SIS Login ID', not {id_column!r}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*CANVAS_COLUMNS, canvas_assignment_column(assignment, canvas_assignment_id)])
    total = points if points is not None else points_possible(list(grades))
    writer.writerow([POINTS_POSSIBLE, "", "", "", "", format_number(total, 4)])
    for g in grades:
        ids = {"ID": g.lms_user_id, "SIS User ID": "", "SIS Login ID": ""}
        ids[id_column] = g.student_id
        score = "" if g.score is None else format_number(g.score, 4)
        writer.writerow([g.sortable_name, ids["ID"], ids["SIS User ID"], ids["SIS Login ID"], section, score])
    return buffer.getvalue()


def write_canvas_csv(
    grades: Sequence[StudentGrade],
    out: Path,
    *,
    assignment: str,
    canvas_assignment_id: str | int | None = None,
    section: str = "",
    id_column: IdColumn = "SIS Login ID",
    points: float | None = None,
) -> Path:
    """Write :func:`canvas_csv` to ``out`` (UTF-8) and return the path."""
    text = canvas_csv(grades, assignment=assignment, canvas_assignment_id=canvas_assignment_id, section=section, id_column=id_column, points=points)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode("utf-8"))
    return out
