"""Grades as a Moodle grade import CSV (Grades > Import > CSV file).

Moodle's CSV grade import reads any header row and asks, on its preview
page, which column identifies each student and which columns hold grades.
This writer makes both choices obvious:

- The first column identifies the student, with the name Moodle gives the
  user field it can be matched on: ``Username`` (the default: JupyterHub
  user names are usually the school login), ``Email address`` or
  ``ID number``. Choose that column under "Map from" and the same field
  under "Map to".
- Then ``First name`` and ``Last name`` (shown in the preview, ignored on
  import), ``Email address`` as an extra column when the gradebook has
  emails and the student is identified another way, and one column per
  grade item, named as the assignment: map it to the existing grade item,
  or to "New grade item" (which Moodle creates out of 100 points; set its
  maximum to the assignment's points before releasing grades).
- Grades are raw points with a dot decimal (``7.3333``), which Moodle reads
  in any language setting; an empty cell carries no grade for that student.
- The file is UTF-8 (choose UTF-8 and "comma" in the import form), without
  a byte-order mark, with CRLF line ends and quotes only where needed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..errors import NmtCourseError
from .grades import StudentGrade
from .question_forms import format_number

__all__ = ["IdentifyBy", "MOODLE_ID_FIELDS", "moodle_csv", "write_moodle_csv"]

IdentifyBy = Literal["username", "email", "idnumber"]
MOODLE_ID_FIELDS: dict[str, str] = {"username": "Username", "email": "Email address", "idnumber": "ID number"}


def moodle_csv(
    grades: Sequence[StudentGrade],
    *,
    assignment: str,
    identify_by: IdentifyBy = "username",
    item_name: str | None = None,
) -> str:
    """The CSV text (see the module notes for the conventions)."""
    if identify_by not in MOODLE_ID_FIELDS:
        raise NmtCourseError(f"Moodle can match students by {', '.join(MOODLE_ID_FIELDS)}, not {identify_by!r}")
    if identify_by == "email":
        missing = [g.student_id for g in grades if not g.email]
        if missing:
            raise NmtCourseError(
                f"the gradebook has no email address for {', '.join(missing)}; add them (nbgrader db student add --email) "
                "or match students by username or ID number"
            )
    with_email = identify_by != "email" and any(g.email for g in grades)
    header = [MOODLE_ID_FIELDS[identify_by], "First name", "Last name", *(["Email address"] if with_email else []), item_name or assignment]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for g in grades:
        key = g.email if identify_by == "email" else g.student_id
        score = "" if g.score is None else format_number(g.score, 4)
        writer.writerow([key, g.first_name, g.last_name, *([g.email] if with_email else []), score])
    return buffer.getvalue()


def write_moodle_csv(
    grades: Sequence[StudentGrade],
    out: Path,
    *,
    assignment: str,
    identify_by: IdentifyBy = "username",
    item_name: str | None = None,
) -> Path:
    """Write :func:`moodle_csv` to ``out`` (UTF-8) and return the path."""
    text = moodle_csv(grades, assignment=assignment, identify_by=identify_by, item_name=item_name)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode("utf-8"))
    return out
