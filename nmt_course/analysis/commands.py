"""The workflow behind ``nmt-course report NAME``: gradebook in, HTML and CSV out."""

from __future__ import annotations

from pathlib import Path

from ..errors import NmtCourseError
from ..quiz.bank import load_bank
from .gradebook import read_quiz_responses
from .item_analysis import analyse_items
from .report import write_report

__all__ = ["report_quiz"]


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
    given) and the autograded notebooks, and writes
    ``<out_dir>/<name>-item-analysis.html`` and ``.csv`` (``out_dir`` defaults
    to ``<course_dir>/reports``). Returns the two paths.
    """
    course_dir = Path(course_dir)
    bank = load_bank(bank_dir)
    responses = read_quiz_responses(name, course_dir=course_dir, questions=bank.questions, db_url=db_url)
    if not responses.item_ids:
        raise NmtCourseError(f"the quiz {name!r} has no graded question from the question bank to analyse")
    if not any(responses.scores.values()):
        raise NmtCourseError(f"nobody's answers to {name!r} have been graded yet; run nbgrader autograde {name} first")
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
        notes=responses.notes,
    )
