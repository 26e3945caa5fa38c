"""Item analysis of graded quizzes.

:mod:`~nmt_course.analysis.item_analysis` is pure domain code (no plotly,
nbgrader or nbformat) and is imported here. The rest load on first use:
:mod:`~nmt_course.analysis.gradebook` reads nbgrader's gradebook and the
autograded notebooks, :mod:`~nmt_course.analysis.report` writes the HTML
report with plotly charts and the CSV, and
:func:`~nmt_course.analysis.commands.report_quiz` does all three for one quiz
(the workflow behind ``nmt-course report NAME``)::

    from nmt_course.analysis import analyse_items
    stats = analyse_items({"ann": {"q-a": 1.0, "q-b": 0.5}, "ben": {"q-a": 0.0, "q-b": 1.0}})
    stats.item("q-a").difficulty      # 0.5
"""

from __future__ import annotations

from ..lazy import lazy_getattr
from .item_analysis import THRESHOLDS, Flag, ItemAnalysisError, ItemStats, QuizStats, analyse_items, group_size

__all__ = [
    "THRESHOLDS",
    "Flag",
    "ItemAnalysisError",
    "ItemStats",
    "QuizStats",
    "QuizResponses",
    "analyse_items",
    "group_size",
    "parse_answer",
    "read_quiz_responses",
    "report_quiz",
    "write_report",
]

_LAZY = {
    "QuizResponses": "gradebook",
    "parse_answer": "gradebook",
    "read_quiz_responses": "gradebook",
    "write_report": "report",
    "report_quiz": "commands",
}


__getattr__ = lazy_getattr(__name__, _LAZY)
