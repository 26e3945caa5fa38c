"""Shared helpers for the practice tests: right answers and filling answer controls."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from nmt_course import quiz

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def first_of_type(kind: str) -> Any:
    return next(q for q in quiz.load_bank() if q.type == kind)


def right_answer(q: Any) -> Any:
    """The answer quiz.grade accepts as fully right."""
    if q.type == "numeric":
        return str(q.answer.value)
    if q.type == "hotspot":
        return q.answer[0]
    return q.answer


def wrong_answer(q: Any) -> Any:
    """A readable answer that is not fully right (partial credit at most)."""
    if q.type == "single":
        return next(o.id for o in q.options if o.id != q.answer)
    if q.type == "multiple":
        return [o.id for o in q.options if o.id not in q.answer] or q.answer[:1]
    if q.type == "ordering":
        return list(reversed(q.answer))
    if q.type == "matching":
        first = q.options[0].id
        other = next(c.id for c in q.choices if c.id != q.answer[first])
        return {**q.answer, first: other}
    if q.type == "numeric":
        return str(q.answer.value + q.answer.tolerance + 100)
    if q.type == "hotspot":
        from nmt_course import kb

        return next(r for r in kb.load().regions if r not in q.answer)
    raise AssertionError(q.type)


def fill(card: Any, answer: Any) -> None:
    """Set a QuestionCard's controls as a student would, to ``answer``."""
    q, parts = card.question, card.control.parts
    if q.type in ("single", "hotspot", "numeric", "written"):
        parts[0].value = answer
    elif q.type == "multiple":
        parts[0].value = list(answer)
    elif q.type == "ordering":
        for drop, item in zip(parts, answer):
            drop.value = item
    elif q.type == "matching":
        for option, drop in zip(q.options, parts):
            drop.value = answer.get(option.id)
    else:  # pragma: no cover
        raise AssertionError(q.type)
