"""Planning an NMT session: steps (:mod:`.steps`), rules (:mod:`.rules`) and the plan review (:mod:`.plan`)."""

from __future__ import annotations

from .plan import (
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
