"""Contraindication screening: the screen itself (:mod:`.screen`) and the names it understands (:mod:`.names`)."""

from __future__ import annotations

from .screen import (
    ADAPT,
    POSTPONE,
    PROCEED,
    Finding,
    Intake,
    Kind,
    Limit,
    NotedCondition,
    ScreeningInputError,
    ScreeningResult,
    UnknownName,
    screen,
)

__all__ = [
    "ADAPT",
    "POSTPONE",
    "PROCEED",
    "Finding",
    "Intake",
    "Kind",
    "Limit",
    "NotedCondition",
    "ScreeningInputError",
    "ScreeningResult",
    "UnknownName",
    "screen",
]
