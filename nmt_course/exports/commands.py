"""Export workflow steps behind ``nmt-course export``: grades to an LMS, the bank to an LMS.

Each is a typed function with keyword-only options that writes one file and
returns its path; the CLI only parses and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from ..errors import NmtCourseError
from .canvas import IdColumn, write_canvas_csv
from .gift import write_gift
from .grades import read_grades
from .moodle import IdentifyBy, write_moodle_csv
from .qti import write_qti_zip

__all__ = ["export_bank", "export_grades", "select_bank_questions"]


def export_grades(
    assignment: str,
    *,
    course_dir: Path,
    fmt: Literal["canvas", "moodle"],
    out: Path,
    db_url: str | None = None,
    missing_as_zero: bool = False,
    allow_ungraded: bool = False,
    canvas_assignment_id: str | int | None = None,
    section: str = "",
    id_column: IdColumn = "SIS Login ID",
    identify_by: IdentifyBy = "username",
    item_name: str | None = None,
) -> Path:
    """Read ``assignment``'s totals from the course's nbgrader gradebook and write an LMS import CSV.

    Refuses while written answers still wait for the instructor's marks, or
    a submission was never graded (their totals would be too low), unless
    ``allow_ungraded`` (``--allow-ungraded``) is set.
    ``item_name`` names the grade column (default: the assignment name);
    ``canvas_assignment_id``, ``section`` and ``id_column`` apply to Canvas,
    ``identify_by`` to Moodle (see those modules for the conventions).
    """
    if fmt not in ("canvas", "moodle"):
        raise NmtCourseError(f"grades can be exported for 'canvas' or 'moodle', not {fmt!r}")
    grades = read_grades(assignment, course_dir=course_dir, db_url=db_url, missing_as_zero=missing_as_zero)
    never = [g.student_id for g in grades if not g.graded]
    waiting = [g.student_id for g in grades if g.graded and g.needs_manual_grade]
    if (never or waiting) and not allow_ungraded:
        problems = []
        if never:
            problems.append(
                f"{len(never)} submission(s) of {assignment} were never graded ({', '.join(never)}): "
                f"`nmt-course grade {assignment}` says why each could not be graded"
            )
        if waiting:
            problems.append(
                f"{len(waiting)} submission(s) of {assignment} still need marking by hand ({', '.join(waiting)}): "
                "mark them in nbgrader's formgrader"
            )
        raise NmtCourseError(
            "; ".join(problems) + ". Or export anyway with --allow-ungraded "
            "(each counts with the points it has now" + (": 0 for one never graded)" if never else ")")
        )
    if fmt == "canvas":
        return write_canvas_csv(grades, out, assignment=item_name or assignment, canvas_assignment_id=canvas_assignment_id, section=section, id_column=id_column)
    return write_moodle_csv(grades, out, assignment=assignment, identify_by=identify_by, item_name=item_name)


def select_bank_questions(bank: Any, topics: Sequence[str] = ()) -> list[Any]:
    """The bank's questions (file order) with any of ``topics``, as a tag or as their file's topic."""
    if not topics:
        return list(bank)
    file_topic = {qid: bank.topic_of_file[name] for qid, name in bank.file_of.items() if name in bank.topic_of_file}
    known = set(bank.topics) | set(file_topic.values())
    unknown = [t for t in topics if t not in known]
    if unknown:
        raise NmtCourseError(f"no question has the topic {unknown[0]!r}; the topics are: {', '.join(sorted(known))}")
    wanted = set(topics)
    return [q for q in bank if wanted & ({*q.topics, file_topic.get(q.id)})]


def export_bank(
    *,
    fmt: Literal["gift", "qti"],
    out: Path,
    topics: Sequence[str] = (),
    bank_dir: Path | None = None,
    title: str | None = None,
) -> Path:
    """Write the question bank (or the questions with any of ``topics``) as Moodle GIFT or a Canvas QTI zip.

    GIFT categories are the bank files' topics; the QTI assessment is titled
    ``title`` (default: "nmt-course question bank", plus the topics).
    """
    if fmt not in ("gift", "qti"):
        raise NmtCourseError(f"the bank can be exported as 'gift' (Moodle) or 'qti' (Canvas), not {fmt!r}")
    from ..quiz import load_bank

    bank = load_bank(bank_dir)
    questions = select_bank_questions(bank, topics)
    if fmt == "gift":
        category_of = {q.id: bank.topic_of_file[bank.file_of[q.id]] for q in questions}
        return write_gift(questions, out, category_of=category_of)
    title = title or "nmt-course question bank" + (f": {', '.join(topics)}" if topics else "")
    return write_qti_zip(questions, out, title=title)
