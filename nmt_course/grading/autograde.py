"""``nmt-course grade NAME``: nbgrader's autograde with the static grader in place of the kernel.

:func:`grade_quiz` loads the course's ``nbgrader_config.py``, swaps
``Execute`` for :class:`~nmt_course.grading.static.StaticGrade`, and grades
every collected submission with nbgrader's Autograde converter: by default
with :class:`~nmt_course.grading.converter.BatchAutograde` (the whole class in
one run, on several processes), or with nbgrader's stock converter once per
student (``engine="nbgrader"``). It reports per student, goes on after a
failure, and never writes to the ``submitted/`` folder (nbgrader reads it and
writes ``autograded/``).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NmtCourseError
from .results import GradingSummary, StudentResult

if TYPE_CHECKING:
    from .workers import Budget

__all__ = [
    "ENGINES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MEMORY_MB",
    "StudentResult",
    "GradingSummary",
    "default_workers",
    "grade_quiz",
    "print_progress",
    "print_summary",
    "submitted_students",
]


def submitted_students(course_dir: Path, assignment: str) -> list[str]:
    root = Path(course_dir) / "submitted"
    return sorted(p.name for p in root.iterdir() if (p / assignment).is_dir()) if root.is_dir() else []


def _config(course_dir: Path) -> Any:
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (course_dir / "nbgrader_config.py").exists():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config())
    config.CourseDirectory.root = str(course_dir)
    from .pipeline import SANITIZE_PREPROCESSORS, STATIC_PREPROCESSORS

    config.Autograde.sanitize_preprocessors = SANITIZE_PREPROCESSORS
    config.Autograde.autograde_preprocessors = STATIC_PREPROCESSORS
    return config


def _gradebook_settings(db_url: str) -> AbstractContextManager[Any]:
    """:func:`.sqlite.gradebook_connections` for an SQLite gradebook; nothing for another database."""
    from contextlib import nullcontext

    from .sqlite import gradebook_connections

    prefix = "sqlite:///"
    return gradebook_connections(Path(db_url[len(prefix):])) if db_url.startswith(prefix) else nullcontext()


def _last_error(log: str, error: str) -> str:
    lines = [ln.strip() for ln in (error or log or "").splitlines() if ln.strip()]
    useful = [ln for ln in lines if "Error" in ln or "error" in ln or "CRITICAL" in ln]
    return (useful or lines or ["unknown problem"])[-1][:300]


ENGINES = ("batch", "nbgrader")
#: seconds one student's grading may take (``--timeout-per-student``): an honest quiz takes a small fraction of one
DEFAULT_TIMEOUT = 10.0
#: memory one student's grading may add to a worker, in MB (``--memory-per-student``)
DEFAULT_MEMORY_MB = 1024


def grade_quiz(
    assignment: str,
    *,
    course_dir: Path,
    students: list[str] | None = None,
    progress: Callable[[int, int, StudentResult], None] | None = None,
    engine: str = "batch",
    workers: int | None = None,
    timeout_per_student: float | None = DEFAULT_TIMEOUT,
    memory_per_student: int | None = DEFAULT_MEMORY_MB,
) -> GradingSummary:
    """Autograde every (or the given) student's submission statically; never stops on one failure.

    ``engine="batch"`` (the default) runs :class:`~.converter.BatchAutograde`,
    nbgrader's Autograde converter for the whole class in one run.
    ``engine="nbgrader"`` runs nbgrader's stock converter once per student
    through ``NbGraderAPI.autograde``, with the same preprocessors: slower,
    and the reference the batch engine is tested against. ``workers`` is how
    many processes the batch engine grades with (default: one per CPU, at
    most four); ``timeout_per_student`` (seconds) and ``memory_per_student``
    (MB) are each student's budget there (None: no limit): a student over it
    is reported with the reason and the batch goes on.
    """
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SQLAlchemyError

    from .workers import Budget

    if engine not in ENGINES:
        raise NmtCourseError(f"unknown grading engine {engine!r}: use one of {', '.join(ENGINES)}")
    course_dir = Path(course_dir).resolve()
    if not (course_dir / "source" / assignment).is_dir():
        raise NmtCourseError(f"there is no quiz {assignment!r} in {course_dir / 'source'}")
    who = students or submitted_students(course_dir, assignment)
    if not who:
        raise NmtCourseError(f"no submissions for {assignment!r} in {course_dir / 'submitted'}; run `nbgrader collect {assignment}` first")
    config = _config(course_dir)
    coursedir = CourseDirectory(config=config)
    summary = GradingSummary(assignment)

    def report(result: StudentResult) -> None:
        summary.results.append(result)
        if progress:
            progress(len(summary.results), len(who), result)

    with warnings.catch_warnings(), _gradebook_settings(coursedir.db_url):
        # nbgrader's own SQLAlchemy session notices: nothing a user can act on
        warnings.simplefilter("ignore")
        try:
            if engine == "batch":
                # reported as the workers finish; kept in roster order
                budget = Budget(timeout_per_student, memory_per_student)
                summary.results[:] = _grade_batch(assignment, who, coursedir, config, report, workers or default_workers(), budget)
            else:
                _grade_each(assignment, who, coursedir, config, report)
        except SQLAlchemyError as exc:
            from ..course_dir import hide_password

            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            advice = (
                "If it was copied from another machine or nbgrader version, back it up and run `nbgrader db upgrade`."
                if coursedir.db_url.startswith("sqlite") else
                "Check that the database server is running and that the URL (NMT_COURSE_DB_URL, or CourseDirectory.db_url) names it and this account may use it."
            )
            raise NmtCourseError(f"the gradebook ({hide_password(coursedir.db_url)}) could not be opened or written: {detail}. {advice}") from None
    return summary


def default_workers() -> int:
    import os

    return max(1, min(os.cpu_count() or 1, 4))


def _grade_batch(
    assignment: str, who: list[str], coursedir: Any, config: Any, report: Callable[[StudentResult], None], workers: int, budget: Budget,
) -> list[StudentResult]:
    import logging

    from nbgrader.converters.base import NbGraderException

    from .converter import BatchAutograde

    # nbgrader's per-student log lines stay out of the terminal: what matters to the
    # instructor comes back in each StudentResult (problem, notes)
    log = logging.getLogger("nmt_course.grading.batch")
    log.propagate = False
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    app = BatchAutograde(coursedir=coursedir, config=config, log=log)
    app.force = True
    app.create_student = True
    try:
        return app.grade(assignment, who, done=report, workers=workers, budget=budget)
    except NbGraderException as exc:
        raise NmtCourseError(f"grading stopped: {exc}") from None


def _grade_each(assignment: str, who: list[str], coursedir: Any, config: Any, report: Callable[[StudentResult], None]) -> None:
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.apps.api import NbGraderAPI

    api = NbGraderAPI(coursedir=coursedir, config=config)
    for student in who:
        unsafe = _unsafe_for_nbgrader(coursedir, assignment, student)
        if unsafe:
            report(StudentResult(student, False, problem=unsafe))
            continue
        outcome = api.autograde(assignment, student, force=True, create=True)
        if outcome.get("success"):
            try:
                with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
                    sub = gb.find_submission(assignment, student)
                    result = StudentResult(student, True, float(sub.score), float(sub.max_score))
            except MissingEntry:
                result = StudentResult(student, False, problem="graded, but no gradebook entry was found")
        else:
            result = StudentResult(student, False, problem=_last_error(outcome.get("log", ""), outcome.get("error", "")))
        report(result)


def _unsafe_for_nbgrader(coursedir: Any, assignment: str, student: str) -> str:
    """Why nbgrader's own converter must not be given this submission (it follows links and reads pipes); "" if it may."""
    from ..errors import SubmissionError
    from .files import check_submission, student_files

    folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
    try:
        check_submission(folder, sorted(folder.glob(coursedir.notebook_id + ".ipynb")))
    except SubmissionError as exc:
        return str(exc)
    _, skipped = student_files(folder, list(coursedir.ignore))
    if skipped:
        shown = "; ".join(f"{s.path} is {s.why}" for s in skipped[:3])
        return f"not given to nbgrader's converter, which would follow or read it: {shown}. Grade it with the batch engine (the default), which leaves such files out"
    return ""


def print_progress(i: int, n: int, r: StudentResult) -> None:
    bar = "#" * int(20 * i / n)
    status = f"{r.score:g}/{r.max_score:g}" if r.ok else f"NOT GRADED: {r.problem}"
    notes = f" (note: {'; '.join(r.notes)})" if r.notes else ""
    print(f"[{bar:<20}] {i}/{n} {r.student}: {status}{notes}", file=sys.stdout, flush=True)


def print_summary(summary: GradingSummary) -> None:
    """The end of ``nmt-course grade``: how many were graded, what was noted, which answers were not valid, what failed."""
    from ..quiz.reasons import NOT_VALID

    graded = [r for r in summary.results if r.ok]
    print(f"\nGraded {len(graded)} of {len(summary.results)} submissions of {summary.assignment} without running student code.")
    noted = [r for r in summary.results if r.notes]
    if noted:
        print(f"{len(noted)} submission(s) had something put right or noted while grading:")
        for r in noted:
            print(f"  {r.student}: {'; '.join(r.notes)}")
    invalid = [r for r in summary.results if r.invalid]
    if invalid:
        print(f"{len(invalid)} submission(s) had answers that were \"{NOT_VALID}\" (0 points each; the student's feedback says why):")
        for r in invalid:
            print(f"  {r.student}: " + "; ".join(f"{variable}: {why}" for variable, why in r.invalid))
    for r in summary.failed:
        print(f"error: {r.student}: {r.problem}", file=sys.stderr)
