"""``nmt_course.session``: the session planner's public name (contract).

It is the same module object as :mod:`nmt_course.clinical.session` (this file
replaces itself in ``sys.modules``), so patching either name patches both. The
names below are listed for type checkers and readers.
"""

from __future__ import annotations

from .clinical.session import (
    ICONS,
    PHASES,
    RULES,
    STEPS,
    Phase,
    PlanError,
    PlanFinding,
    PlanReview,
    PlanStep,
    Rule,
    Severity,
    Step,
    check_plan,
    plan_markdown,
    plan_steps,
    step,
)

__all__ = [
    "ICONS",
    "PHASES",
    "RULES",
    "STEPS",
    "Phase",
    "PlanError",
    "PlanFinding",
    "PlanReview",
    "PlanStep",
    "Rule",
    "Severity",
    "Step",
    "check_plan",
    "plan_markdown",
    "plan_steps",
    "step",
]

import sys as _sys

from .clinical import session as _real

_sys.modules[__name__] = _real
