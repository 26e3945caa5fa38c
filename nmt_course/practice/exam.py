"""Scoring a mock exam by content area, and the clock text (pure).

A question counts as right only when its whole answer is right (partial
credit does not count, as on the MBLEx, where each question has one answer);
an unanswered question counts as not right. The real MBLEx reports a scaled
score, so the percentages here are a guide to where to study, not a pass
mark.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..quiz import Result
from . import leitner

__all__ = ["AreaScore", "ExamScore", "score_exam", "clock_text", "default_minutes"]


@dataclass(frozen=True)
class AreaScore:
    area_id: str
    name: str
    right: int
    answered: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class ExamScore:
    right: int
    answered: int
    total: int
    by_area: list[AreaScore]
    timed_out: bool = False

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0

    def summary(self) -> str:
        ended = " Time ran out before the end." if self.timed_out else ""
        return (f"{self.right} of {self.total} right ({self.percent:.0f} %); {self.answered} answered.{ended}")


def score_exam(questions: Sequence[Any], results: Mapping[str, Result], *, outline: Any = None,
               timed_out: bool = False) -> ExamScore:
    """Totals overall and per content area (in the outline's order)."""
    if outline is None:
        from .. import knowledge as kb

        outline = kb.load().mblex
    names = {a.id: a.name for a in outline.areas}
    rows: dict[str, list[int]] = {}
    for q in questions:
        row = rows.setdefault(q.mblex_area, [0, 0, 0])
        result = results.get(q.id)
        row[2] += 1
        if result is not None and result.valid:
            row[1] += 1
            row[0] += int(leitner.is_right(result.points, result.max_points))
    order = [a.id for a in outline.areas] + sorted(set(rows) - set(names))
    by_area = [AreaScore(a, names.get(a, a), *rows[a]) for a in order if a in rows]
    return ExamScore(sum(r.right for r in by_area), sum(r.answered for r in by_area), len(questions), by_area, timed_out)


def clock_text(seconds: float) -> str:
    """Seconds as h:mm:ss (or m:ss under an hour); never negative."""
    total = max(0, math.ceil(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def default_minutes(n: int, outline: Any = None) -> int:
    """The outline's time scaled to ``n`` questions, rounded up (110 minutes for 100 questions)."""
    if outline is None:
        from .. import knowledge as kb

        outline = kb.load().mblex
    return max(1, math.ceil(outline.minutes * n / outline.questions))
