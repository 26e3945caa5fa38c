"""Export workflow steps behind ``nmt-course export``: grades to an LMS, questions to an LMS.

Each is a typed function with keyword-only options that writes one file and
returns its path; the CLI only parses and prints. :func:`export_quiz` writes
one quiz's questions (from its answer key), :func:`export_bank` the bank or
some of its topics. :func:`source_notes` says when the gradebook's quiz is not
the build whose key is in the course folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from ..errors import NmtCourseError
from .canvas import IdColumn, write_canvas_csv
from .gift import write_gift
from .grades import read_grades
from .id_map import apply_id_map, read_id_map
from .moodle import IdentifyBy, write_moodle_csv
from .qti import write_qti_zip

__all__ = ["export_bank", "export_grades", "export_quiz", "select_bank_questions", "source_notes"]


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
    id_map: Path | None = None,
) -> Path:
    """Read ``assignment``'s totals from the course's nbgrader gradebook and write an LMS import CSV.

    Each row carries the nbgrader student id, which the LMS must know as the
    student's login or SIS id; ``id_map`` (a ``nbgrader_id,lms_id`` CSV,
    :mod:`.id_map`) replaces each with the LMS's id.

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
    if id_map is not None:
        grades = apply_id_map(grades, read_id_map(id_map))
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
    banks: Sequence[Path] = (),
    title: str | None = None,
) -> Path:
    """Write the question bank (or the questions with any of ``topics``) as Moodle GIFT or a Canvas QTI zip.

    ``banks`` adds private bank folders to the shipped bank. GIFT categories
    are the bank files' topics; the QTI assessment is titled ``title``
    (default: "nmt-course question bank", plus the topics).
    """
    if fmt not in ("gift", "qti"):
        raise NmtCourseError(f"the bank can be exported as 'gift' (Moodle) or 'qti' (Canvas), not {fmt!r}")
    from ..quiz import load_bank
    from ..quiz.banks import load_banks

    bank = load_banks(list(banks)) if banks and bank_dir is None else load_bank(bank_dir)
    questions = select_bank_questions(bank, topics)
    if fmt == "gift":
        category_of = {q.id: bank.topic_of_file[bank.file_of[q.id]] for q in questions}
        return write_gift(questions, out, category_of=category_of)
    title = title or "nmt-course question bank" + (f": {', '.join(topics)}" if topics else "")
    return write_qti_zip(questions, out, title=title)


def source_notes(assignment: str, *, course_dir: Path, db_url: str | None = None) -> list[str]:
    """What to tell the instructor when the gradebook's quiz is not the build in the course folder (nothing when it is)."""
    from ..quiz.keys import key_path
    from ..quiz.released import graded_questions

    course_dir = Path(course_dir)
    if not key_path(course_dir, assignment).is_file():
        return []
    url = db_url or f"sqlite:///{course_dir.resolve() / 'gradebook.db'}"
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        return []  # nothing graded yet: nothing to compare
    try:
        return list(graded_questions(course_dir, assignment, url).notes)
    except NmtCourseError as exc:
        return [str(exc)]


def export_quiz(
    name: str,
    *,
    course_dir: Path,
    fmt: Literal["gift", "qti"],
    out: Path,
    title: str | None = None,
) -> Path:
    """Write the questions of quiz ``name``, from its answer key, in quiz order, as GIFT or a QTI zip."""
    from ..quiz.keys import key_path, read_key
    from ..quiz.models import QUESTION_ADAPTER

    if fmt not in ("gift", "qti"):
        raise NmtCourseError(f"a quiz's questions can be exported as 'gift' (Moodle) or 'qti' (Canvas), not {fmt!r}")
    path = key_path(Path(course_dir), name)
    if not path.is_file():
        raise NmtCourseError(f"there is no answer key for the quiz {name!r} ({path}); build it first with nmt-course quiz build {name} ...")
    key = read_key(path)
    entries = sorted(key["questions"].values(), key=lambda e: e.get("number", 0))
    questions = [QUESTION_ADAPTER.validate_python(e["question"]) for e in entries]
    if fmt == "gift":
        return write_gift(questions, out, category_of={q.id: name for q in questions})
    return write_qti_zip(questions, out, title=title or str(key.get("title") or name))
