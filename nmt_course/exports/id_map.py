"""Mapping nbgrader student ids to the ids an LMS knows students by (``export canvas|moodle --map CSV``).

Canvas and Moodle match each row of a grade import to a student by an id
they hold: Canvas by its own user id, the SIS user id or the SIS login id;
Moodle by username, email address or ID number. The export writes the
nbgrader student id there, which is right when students log in to the hub
(and so to nbgrader) with the same name as to the LMS. When they do not, a
map file says which LMS id each nbgrader id stands for: a CSV with the header
``nbgrader_id,lms_id`` and one row per student::

    nbgrader_id,lms_id
    ann,s2024-0117
    bob,s2024-0342

Every student in the export must have a row (a student left out would be
imported under the wrong id, or not at all); a row names each id once.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from ..errors import NmtCourseError
from .grades import StudentGrade

__all__ = ["MAP_HEADER", "apply_id_map", "read_id_map"]

MAP_HEADER = ("nbgrader_id", "lms_id")


def read_id_map(path: Path) -> dict[str, str]:
    """nbgrader id -> LMS id, from a ``nbgrader_id,lms_id`` CSV; every problem named with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise NmtCourseError(f"cannot read the id map {path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise NmtCourseError(f"the id map {path} is not UTF-8 text; save it as CSV UTF-8") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or tuple(c.strip().lower() for c in rows[0][:2]) != MAP_HEADER:
        raise NmtCourseError(f"the id map {path} must start with the header line: {','.join(MAP_HEADER)}")
    mapping: dict[str, str] = {}
    used: dict[str, int] = {}
    problems = []
    for line, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(f"line {line}: give both ids, like ann,s2024-0117")
            continue
        student, lms = cells[0], cells[1]
        if student in mapping:
            problems.append(f"line {line}: {student} is already mapped")
        elif lms in used:
            problems.append(f"line {line}: {lms} is already the LMS id of another student (line {used[lms]})")
        else:
            mapping[student] = lms
            used[lms] = line
    if problems:
        raise NmtCourseError(f"the id map {path} has problems: " + "; ".join(problems))
    return mapping


def apply_id_map(grades: Sequence[StudentGrade], mapping: dict[str, str]) -> list[StudentGrade]:
    """The grades with each nbgrader id replaced by its LMS id; a student missing from the map is an error."""
    missing = [g.student_id for g in grades if g.student_id not in mapping]
    if missing:
        raise NmtCourseError(f"the id map has no LMS id for {', '.join(missing)}; add a row for each (nbgrader_id,lms_id)")
    return [dataclasses.replace(g, student_id=mapping[g.student_id]) for g in grades]
