"""The workflow behind ``nmt-course report NAME``: gradebook in, HTML and CSV out.

The questions come from the quiz's answer key in the course folder, in the
versions the gradebook says were released and graded
(:func:`nmt_course.quiz.released.graded_questions`), so a report never
describes questions the students did not see; when the key has changed since
(a forced rebuild), the report says so. Quizzes built before answer keys are
read as before, with the shipped bank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import NmtCourseError
from ..quiz.bank import load_bank
from ..quiz.keys import key_path
from .gradebook import QuizResponses, read_quiz_responses
from .item_analysis import analyse_items
from .report import write_report

__all__ = ["report_quiz"]


def _gradebook_url(course_dir: Path, db_url: str | None) -> str:
    if db_url is not None:
        return db_url
    path = course_dir / "gradebook.db"
    if not path.is_file():
        raise NmtCourseError(f"there is no gradebook in {course_dir}; grade the quiz first (nmt-course grade NAME)")
    return f"sqlite:///{path}"


def _by_question_id(responses: QuizResponses, ids: dict[str, str]) -> QuizResponses:
    """The same responses keyed by bank question id instead of answer variable (``q03`` -> ``tp-temple``)."""
    rename = lambda table: {ids.get(k, k): v for k, v in table.items()}  # noqa: E731
    return QuizResponses(
        responses.assignment,
        tuple(ids.get(i, i) for i in responses.item_ids),
        rename(responses.max_points),
        {student: rename(row) for student, row in responses.scores.items()},
        {student: rename(row) for student, row in responses.answers.items()},
        responses.notes,
    )


def report_quiz(
    name: str,
    *,
    course_dir: Path,
    out_dir: Path | None = None,
    db_url: str | None = None,
    bank_dir: Path | None = None,
) -> tuple[Path, Path]:
    """Analyse the graded quiz ``name`` of ``course_dir`` and write its report.

    Reads the gradebook (``<course_dir>/gradebook.db`` unless ``db_url`` is
    given), the quiz's answer key and the autograded notebooks, and writes
    ``<out_dir>/<name>-item-analysis.html`` and ``.csv`` (``out_dir`` defaults
    to ``<course_dir>/reports``). Returns the two paths.
    """
    course_dir = Path(course_dir)
    url = _gradebook_url(course_dir, db_url)
    notes: tuple[str, ...] = ()
    if key_path(course_dir, name).is_file():
        from ..quiz.released import graded_questions

        graded = graded_questions(course_dir, name, url)
        by_variable: dict[str, Any] = graded.questions
        notes = graded.notes
        responses = read_quiz_responses(name, course_dir=course_dir, questions=by_variable, db_url=url)
        responses = _by_question_id(responses, {var: q.id for var, q in by_variable.items()})
        bank: dict[str, Any] = {q.id: q for q in by_variable.values()}
    else:  # a quiz built before answer keys: its grade cells are named after bank questions
        bank = load_bank(bank_dir).questions
        responses = read_quiz_responses(name, course_dir=course_dir, questions=bank, db_url=url)
    if not responses.item_ids:
        raise NmtCourseError(f"the quiz {name!r} has no graded question from the question bank to analyse")
    if not any(responses.scores.values()):
        raise NmtCourseError(f"nobody's answers to {name!r} have been graded yet; run nmt-course grade {name} first")
    questions = {qid: bank[qid] for qid in responses.item_ids}
    stats = analyse_items(
        responses.scores,
        answers=responses.answers,
        questions=questions,
        weights=responses.max_points,
        item_ids=responses.item_ids,
    )
    return write_report(
        stats,
        questions=questions,
        out_dir=Path(out_dir) if out_dir is not None else course_dir / "reports",
        title=f"Item analysis: {name}",
        stem=f"{name}-item-analysis",
        notes=(*notes, *responses.notes),
    )
