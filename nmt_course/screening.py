"""``nmt_course.screening``: the screener's public name (contract).

It is the same module object as :mod:`nmt_course.clinical.screening` (this
file replaces itself in ``sys.modules``), so patching either name patches
both. The names below are listed for type checkers and readers.
"""

from __future__ import annotations

from .clinical.screening import (
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

import sys as _sys  # noqa: E402

from .clinical import screening as _real  # noqa: E402

_sys.modules[__name__] = _real
