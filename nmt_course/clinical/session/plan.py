"""Planning an NMT session: the catalogue of steps and a review of a student's plan.

No single authoritative sequence exists, but the texts agree on an order
(chaitow-delany): intake, health history and consent; contraindication
screening; postural and palpatory assessment; warming; NMT strokes and trigger
point work; lengthening (MET, stretching); work on the referral zone;
reassessment; home care; documentation. :data:`STEPS` lists those steps and
:func:`check_plan` explains, rule by rule (:data:`nmt_course.clinical.session.rules.RULES`),
what a plan gets right and wrong::

    from nmt_course import session
    review = session.check_plan(["intake", "consent", "screening", "warming"], minutes=30)
    review.ok, review.score, [f.message for f in review.findings]

Step names are forgiving (id, name or alias in any case); an unknown name
raises :class:`~nmt_course.errors.UnknownNameError` with close matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ...errors import PlanError, UnknownNameError
from ...knowledge.names import NameIndex
from .rules import ICONS, RULES, PlanFinding, Rule, Severity, review_findings, score_of
from .steps import PHASES, STEPS, Phase, Step

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

_STEP_NAMES = NameIndex((s.id, [s.name, *s.aliases]) for s in STEPS.values())
_MAX_MINUTES = 240
_SEVERITY_ORDER = {"error": 0, "warning": 1, "tip": 2}


def step(name: str | Step) -> Step:
    """A step by id, name or alias, any case (``"MET"``, ``"soap note"``, ``"effleurage"``)."""
    if isinstance(name, Step):
        return name
    if not isinstance(name, str):
        raise UnknownNameError("session step", repr(name))
    found = _STEP_NAMES.find(name)
    if found is None:
        raise UnknownNameError("session step", name, _STEP_NAMES.suggest(name))
    return STEPS[found]


@dataclass(frozen=True)
class PlanStep:
    """One entry of a plan: a step, its minutes and, optionally, the region worked on.

    ``region`` is a region id from the knowledge base (``"calf"``); the
    screening rules use it to check that deep work stays away from an area a
    finding says to avoid.
    """

    step: str
    minutes: int | None = None
    region: str | None = None

    @property
    def info(self) -> Step:
        return STEPS[self.step]


def _minutes(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise PlanError(f"The minutes for {where} must be a whole number, like 5 (got {value!r}).")
    if not 1 <= int(value) <= _MAX_MINUTES:
        raise PlanError(f"The minutes for {where} must be between 1 and {_MAX_MINUTES} (got {value!r}).")
    return int(value)


def _one(entry: Any) -> PlanStep:
    region = None
    name: str | Step
    if isinstance(entry, PlanStep):
        name, minutes, region = entry.step, entry.minutes, entry.region
    elif isinstance(entry, (str, Step)):
        name, minutes = entry, None
    elif isinstance(entry, Mapping) and "step" in entry:
        name, minutes, region = entry["step"], entry.get("minutes"), entry.get("region")
    elif isinstance(entry, (tuple, list)) and len(entry) == 2:
        name, minutes = entry
    else:
        raise PlanError(
            f"I can't read {entry!r} as a plan step. Write a step name like \"warming\", "
            f"or a (step, minutes) pair like (\"warming\", 5)."
        )
    s = step(name)
    if region is not None:
        from ... import knowledge as kb

        region = kb.load().region(region).id
    mins = s.typical_minutes if minutes is None else _minutes(minutes, f"'{s.name}'")
    return PlanStep(s.id, mins, region)


def plan_steps(steps: Iterable[Any] | str) -> list[PlanStep]:
    """Normalise a plan: names, ``(step, minutes)`` pairs, dicts or :class:`PlanStep` objects.

    Missing minutes take the step's typical minutes. A single string is read
    as a comma-separated list (``"intake, consent, screening"``).
    """
    if isinstance(steps, str):
        steps = [part.strip() for part in steps.replace("\n", ",").split(",") if part.strip()]
    if steps is None:
        return []
    try:
        items = list(steps)
    except TypeError:
        raise PlanError("A plan is a list of steps, like [\"intake\", \"consent\", \"screening\"].") from None
    return [_one(entry) for entry in items]


@dataclass(frozen=True)
class PlanReview:
    """What :func:`check_plan` found: the normalised plan, findings and a score.

    ``ok`` is True when no finding is an error. ``score`` runs from 0 to 1: it
    starts at 1 and loses 0.25 for each error and 0.1 for each warning (tips
    are free advice), never going below 0; an empty plan scores 0.
    """

    plan: tuple[PlanStep, ...]
    minutes: int
    findings: tuple[PlanFinding, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[PlanFinding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[PlanFinding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def tips(self) -> list[PlanFinding]:
        return [f for f in self.findings if f.severity == "tip"]

    @property
    def total_minutes(self) -> int:
        return sum(p.minutes or 0 for p in self.plan)

    @property
    def score(self) -> float:
        return score_of(self.findings, empty=not self.plan)

    @property
    def rules(self) -> set[str]:
        """The ids of the rules that produced a finding."""
        return {f.rule for f in self.findings}

    def summary(self) -> str:
        """One line: verdict, counts and score."""
        if self.ok and not self.warnings:
            head = "✔ The plan follows every rule."
        elif self.ok:
            head = "✔ No errors, but look at the warnings."
        else:
            head = "✖ The plan has errors to fix."
        counts = ", ".join(_count(len(group), word) for group, word in
                           ((self.errors, "error"), (self.warnings, "warning"), (self.tips, "tip")))
        return f"{head} ({counts}; {self.total_minutes} of {self.minutes} minutes; score {self.score:.2f})"

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(str(f) for f in self.findings)])


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def check_plan(steps: Iterable[Any] | str, minutes: int = 60, findings: Any = None) -> PlanReview:
    """Review a session plan against the rules of :data:`RULES`.

    ``steps`` are step ids or names, ``(step, minutes)`` pairs or
    :class:`PlanStep` objects; ``minutes`` is the booked session length;
    findings come errors first, then warnings, then tips;
    ``findings`` are screening findings (a
    :class:`~nmt_course.screening.ScreeningResult` or its ``findings``) whose
    limits the plan must respect; a result that cannot decide yet, or says to
    consult first, rules out hands-on work until it is settled.
    """
    plan = tuple(plan_steps(steps))
    booked = _minutes(minutes, "the booked session")
    screening = list(getattr(findings, "findings", findings) or ())
    hold = findings.decision if getattr(findings, "level", None) in ("undecided", "consult") else None
    found = sorted(review_findings(plan, booked, screening, hold=hold), key=lambda f: _SEVERITY_ORDER[f.severity])
    return PlanReview(plan, booked, tuple(found))


def plan_markdown(plan: Iterable[Any] | PlanReview, review: PlanReview | None = None, *, title: str = "Session plan") -> str:
    """The plan as a Markdown table followed by its review, ready to paste into notes."""
    if isinstance(plan, PlanReview):
        review = review or plan
    elif review is None:
        review = check_plan(plan)
    lines = [f"## {title}", "", f"Booked: {review.minutes} minutes; planned: {review.total_minutes} minutes.", ""]
    if review.plan:
        lines += ["| # | Step | Phase | Minutes | Start |", "| --- | --- | --- | --- | --- |"]
        start = 0
        for i, p in enumerate(review.plan, 1):
            where = f" ({p.region})" if p.region else ""
            lines.append(f"| {i} | {p.info.name}{where} | {p.info.phase} | {p.minutes} | {start} |")
            start += p.minutes or 0
    else:
        lines.append("_No steps yet._")
    lines += ["", "### Review", "", review.summary(), ""]
    lines += [f"- {f}" for f in review.findings]
    return "\n".join(lines).rstrip() + "\n"
