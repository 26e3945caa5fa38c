"""Practice mode: check your understanding, spaced repetition, progress, mock exams.

- :func:`quick_check`: show a few bank questions with instant feedback (what the
  course notebooks use for "check your understanding"; nothing is saved).
- :class:`Practice`: questions by topic or MBLEx content area, scheduled with
  Leitner boxes and remembered per learner in a local SQLite file.
- :func:`progress_chart`: a bar chart of what is learnt, by topic and by area.
- :class:`MockExam`: a timed mock MBLEx, weighted by the content outline.

The pure parts (:mod:`.leitner`, :mod:`.selection`, :mod:`.store`) import no
front end; this package loads ipywidgets and plotly only when one of the names
above is first used.
"""

from __future__ import annotations

from ..lazy import lazy_getattr

__all__ = ["quick_check", "Practice", "MockExam", "progress_chart"]

_LAZY = {
    "quick_check": "card",
    "QuickCheck": "card",
    "QuestionCard": "card",
    "Practice": "widgets",
    "MockExam": "widgets",
    "progress_chart": "chart",
}


__getattr__ = lazy_getattr(__name__, _LAZY)
