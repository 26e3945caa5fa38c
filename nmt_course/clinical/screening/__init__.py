"""Contraindication screening: the screen (:mod:`.screen`), its result and decision (:mod:`.result`), and the names it understands (:mod:`.names`)."""

from __future__ import annotations

from .screen import (
    ADAPT,
    CONSULT,
    POSTPONE,
    PROCEED,
    UNDECIDED,
    CombinedRisk,
    Finding,
    Intake,
    Kind,
    Level,
    Limit,
    NotedCondition,
    ScreeningInputError,
    ScreeningResult,
    UnknownName,
    pregnancy_weeks_in,
    screen,
)

__all__ = [
    "ADAPT",
    "CONSULT",
    "POSTPONE",
    "PROCEED",
    "UNDECIDED",
    "CombinedRisk",
    "Finding",
    "Intake",
    "Kind",
    "Level",
    "Limit",
    "NotedCondition",
    "ScreeningInputError",
    "ScreeningResult",
    "UnknownName",
    "pregnancy_weeks_in",
    "screen",
]
