"""Per-student totals for one assignment, read from an nbgrader gradebook.

:func:`read_grades` opens the gradebook (``<course_dir>/gradebook.db``, or
any SQLAlchemy URL such as a school's PostgreSQL database) with nbgrader's
own :class:`nbgrader.api.Gradebook` and returns a plain list of
:class:`StudentGrade`, so the LMS writers can be tested without nbgrader.

A score is what nbgrader's own ``nbgrader export`` reports: the sum of the
auto and manual grades minus any late-submission penalty, never below 0.
Every student in the gradebook is listed, in order of student id; one who
submitted nothing has no score (``None``: a blank cell, which both Canvas
and Moodle skip on import), or 0 when ``missing_as_zero`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import NmtCourseError

__all__ = ["StudentGrade", "gradebook_url", "read_grades", "points_possible"]


@dataclass(frozen=True)
class StudentGrade:
    """One student's total for one assignment, with what the gradebook knows about them."""

    student_id: str
    score: float | None
    max_score: float
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""
    needs_manual_grade: bool = False
    graded: bool = True  # False: handed in, but no grade was ever given (it could not be autograded)

    @property
    def sortable_name(self) -> str:
        """``Last, First`` as Canvas writes names; the id when the gradebook has no name."""
        if self.last_name and self.first_name:
            return f"{self.last_name}, {self.first_name}"
        return self.last_name or self.first_name or self.student_id


def gradebook_url(course_dir: Path) -> str:
    """nbgrader's default gradebook: a SQLite file in the course folder."""
    return f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"


def points_possible(grades: list[StudentGrade]) -> float:
    """The assignment's maximum score, as recorded with the grades (0 when there are none)."""
    return max((g.max_score for g in grades), default=0.0)


def read_grades(
    assignment: str,
    *,
    course_dir: Path | None = None,
    db_url: str | None = None,
    missing_as_zero: bool = False,
) -> list[StudentGrade]:
    """Every student's total for ``assignment``, from the gradebook of ``course_dir`` (or ``db_url``)."""
    if db_url is None:
        if course_dir is None:
            raise NmtCourseError("say where the gradebook is: a course folder or a database URL")
        path = Path(course_dir) / "gradebook.db"
        if not path.is_file():
            # nbgrader would silently create an empty gradebook here
            raise NmtCourseError(f"there is no gradebook at {path}; grade the assignment first (nmt-course grade or nbgrader autograde)")
        db_url = gradebook_url(Path(course_dir))

    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry:
            known = sorted(a.name for a in gb.assignments)
            listing = ", ".join(known) if known else "none yet"
            raise NmtCourseError(f"the gradebook has no assignment {assignment!r} (assignments: {listing})") from None
        max_score = float(record.max_score or 0.0)
        grades = []
        for student in sorted(gb.students, key=lambda s: s.id):
            try:
                submission = gb.find_submission(assignment, student.id)
            except MissingEntry:
                score = 0.0 if missing_as_zero else None
                manual, graded = False, True
            else:
                penalty = submission.late_submission_penalty or 0.0
                score = max(0.0, float(submission.score or 0.0) - float(penalty))
                manual = bool(submission.needs_manual_grade)
                graded = any(g.auto_score is not None or g.manual_score is not None for nb in submission.notebooks for g in nb.grades)
            grades.append(StudentGrade(
                student_id=student.id,
                score=score,
                max_score=max_score,
                first_name=student.first_name or "",
                last_name=student.last_name or "",
                email=student.email or "",
                lms_user_id=student.lms_user_id or "",
                needs_manual_grade=manual,
                graded=graded,
            ))
    return grades
