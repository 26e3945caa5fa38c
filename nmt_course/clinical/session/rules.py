"""The rules a session plan is checked against, each with its reason and source.

Every rule has an id, a severity (``error``: unsafe or out of order, the plan
is not ok; ``warning``: a step a good session should not miss; ``tip``: advice)
and a source id from the bibliography. :func:`review_findings` applies them to
a normalised plan and yields one :class:`PlanFinding` per problem, with a
message that says what is wrong and why. Screening findings (see
:mod:`nmt_course.screening`) are read by their ``limit``: ``postpone``,
``avoid-area``, ``no-deep-work``, ``gentle-pressure`` or ``adapt``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .steps import STEPS

__all__ = ["ICONS", "RULES", "PlanFinding", "Rule", "Severity", "review_findings", "score_of"]

Severity = Literal["error", "warning", "tip"]

#: Icon and word for each severity, so feedback never relies on colour alone.
ICONS: dict[str, str] = {"error": "✖ Error:", "warning": "⚠ Warning:", "tip": "💡 Tip:"}

_PENALTY = {"error": 0.25, "warning": 0.1, "tip": 0.0}
TYPICAL_MINUTES = (30, 90)
_SPARE_MINUTES = 10  # more unplanned time than this earns a tip
_ONCE_ONLY = ("intake", "consent", "screening", "postural-assessment", "home-care", "documentation")
_TRIGGER_POINT = ("trigger-point-release", "ischemic-compression")
_LENGTHENING = ("met", "stretching")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    source: str


@dataclass(frozen=True)
class PlanFinding:
    """One problem in a plan. ``step`` is the 0-based index of the step concerned, if any."""

    rule: str
    severity: Severity
    message: str
    step: int | None = None
    source: str = ""

    @property
    def icon(self) -> str:
        return ICONS[self.severity]

    def __str__(self) -> str:
        where = f"step {self.step + 1}: " if self.step is not None else ""
        return f"{self.icon} {where}{self.message}"


RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("empty-plan", "error", "A plan needs steps.", "chaitow-delany"),
    Rule("intake-first", "error", "Intake and health history come first.", "walton2011"),
    Rule("consent-before-touch", "error", "Informed consent comes before any touch.", "fsmtb-mblex"),
    Rule("screening-before-hands-on", "error", "Screen for contraindications before any hands-on work.", "werner"),
    Rule("assessment-before-treatment", "error", "Assess before you treat.", "chaitow-delany"),
    Rule("warming-before-deep", "error", "Warm the tissue before deep or specific work.", "chaitow-delany"),
    Rule("lengthen-after-trigger-point", "warning", "Follow trigger point work with MET or stretching.", "sts1999"),
    Rule("referral-zone-after-trigger-point", "tip", "Work the referral zone after its trigger points.", "chaitow-delany"),
    Rule("reassess-after-treatment", "warning", "Reassess after the treatment.", "chaitow-delany"),
    Rule("home-care-at-end", "warning", "Give home-care advice at the end.", "sts1999"),
    Rule("documentation-at-end", "warning", "Document the session (SOAP) at the end.", "fsmtb-mblex"),
    Rule("no-treatment", "warning", "A session plan should contain hands-on treatment.", "chaitow-delany"),
    Rule("fits-booked-time", "error", "The steps must fit in the booked time.", "chaitow-delany"),
    Rule("session-length", "warning", "Sessions usually last 30 to 90 minutes.", "chaitow-delany"),
    Rule("unused-time", "tip", "Use the booked time.", "chaitow-delany"),
    Rule("duplicate-step", "warning", "Intake, consent, screening, assessment and closing steps happen once.",
         "chaitow-delany"),
    Rule("repeated-step", "tip", "The same step twice in a row can be one longer step.", "chaitow-delany"),
    Rule("screening-postpone", "error", "A systemic contraindication means no hands-on work today.", "werner"),
    Rule("screening-not-cleared", "error", "No hands-on work while screening cannot decide or says to consult.",
         "walton2011"),
    Rule("screening-avoid-area", "error", "No deep work on an area screening says to avoid.", "werner"),
    Rule("screening-site-reminder", "tip", "Keep deep work away from the areas screening flagged.", "werner"),
    Rule("screening-no-deep-work", "error", "Some conditions and medicines rule out deep work.", "walton2011"),
    Rule("screening-gentle-pressure", "warning", "Some conditions call for gentle pressure.", "walton2011"),
]}


def score_of(findings: Sequence[PlanFinding], *, empty: bool = False) -> float:
    """1 minus 0.25 per error and 0.1 per warning (tips are free), never below 0; an empty plan scores 0."""
    if empty:
        return 0.0
    return round(max(0.0, 1.0 - sum(_PENALTY[f.severity] for f in findings)), 2)


def _f(rule: str, message: str, step: int | None = None) -> PlanFinding:
    r = RULES[rule]
    return PlanFinding(rule, r.severity, message, step, r.source)


def _first(ids: Sequence[str], wanted: Any) -> int | None:
    return next((i for i, s in enumerate(ids) if (s in wanted if not isinstance(wanted, str) else s == wanted)), None)


def _last(ids: Sequence[str], wanted: Any) -> int | None:
    found = [i for i, s in enumerate(ids) if (s in wanted if not isinstance(wanted, str) else s == wanted)]
    return found[-1] if found else None


def _name(step_id: str) -> str:
    return STEPS[step_id].name


def review_findings(
    plan: Sequence[Any], booked: int, screening: Sequence[Any] = (), *, hold: str | None = None
) -> Iterator[PlanFinding]:
    """Apply every rule to ``plan`` (a sequence of PlanStep) and yield its findings.

    ``hold`` is the screening decision when it does not yet allow hands-on
    work ("cannot decide yet: check 2 names", "ask and consult ...").
    """
    if not plan:
        yield _f("empty-plan", "The plan is empty. Add steps from the list, starting with intake and health history.")
        return
    ids = [p.step for p in plan]
    hands_on = [i for i, s in enumerate(ids) if STEPS[s].hands_on]
    treatment = [i for i, s in enumerate(ids) if STEPS[s].phase in ("treatment", "lengthening")]
    deep = [i for i, s in enumerate(ids) if STEPS[s].deep]
    postpone = [f for f in screening if getattr(f, "limit", "") == "postpone"]
    yield from _order_rules(ids, hands_on, treatment, deep)
    no_hands_on_today = bool(postpone or hold)  # the closing and time rules do not ask for treatment then
    yield from _closing_rules(ids, hands_on, treatment, no_hands_on_today)
    yield from _time_rules(plan, booked, no_hands_on_today)
    yield from _duplicate_rules(ids)
    yield from _screening_rules(plan, hands_on, deep, screening, postpone)
    if hold and hands_on and not postpone:
        yield _f("screening-not-cleared", f"The screening says: {hold}. No hands-on work until that is settled: "
                 "check the unread names with the client, or ask the client's health-care provider about the "
                 "combined risks, then screen again.", hands_on[0])


def _order_rules(ids: list[str], hands_on: list[int], treatment: list[int], deep: list[int]) -> Iterator[PlanFinding]:
    first_touch = hands_on[0] if hands_on else None
    intake, consent, screen = _first(ids, "intake"), _first(ids, "consent"), _first(ids, "screening")
    if intake is None:
        yield _f("intake-first", "Start with intake and health history: every later decision (screening, "
                 "what to assess, how much pressure) depends on what the client tells you.")
    elif (screen is not None and screen < intake) or (first_touch is not None and first_touch < intake):
        yield _f("intake-first", "Take the health history before screening or touching the client: the "
                 "screening is done on what the history reveals.", intake)
    if first_touch is not None:
        if consent is None:
            yield _f("consent-before-touch", "Add informed consent: the client must agree to the plan before "
                     "you touch them.")
        elif consent > first_touch:
            yield _f("consent-before-touch", f"Consent comes after '{_name(ids[first_touch])}': get the "
                     "client's agreement before any touch.", consent)
        if screen is None:
            yield _f("screening-before-hands-on", "Add contraindication screening: without it you cannot know "
                     "whether massage is safe today, or which areas and pressures to avoid.")
        elif screen > first_touch:
            yield _f("screening-before-hands-on", f"Screening comes after '{_name(ids[first_touch])}': screen "
                     "for contraindications before any hands-on work, because some conditions rule massage out "
                     "altogether.", screen)
    if treatment:
        assess = _first(ids, ("postural-assessment", "palpation-assessment"))
        if assess is None:
            yield _f("assessment-before-treatment", "Add an assessment (posture, palpation or range of motion) "
                     "before treatment: NMT treats what the assessment finds, and reassessment needs a baseline.")
        elif assess > treatment[0]:
            yield _f("assessment-before-treatment", f"'{_name(ids[treatment[0]])}' comes before any assessment: "
                     "assess first, so you know what to treat and can measure the change.", treatment[0])
    if deep:
        warm = _first(ids, ("warming", "myofascial-release"))
        if warm is None or warm > deep[0]:
            yield _f("warming-before-deep", f"'{_name(ids[deep[0]])}' is deep, specific work with no warming "
                     "before it: start with effleurage or gliding so the tissue and the client are ready for "
                     "more pressure.", deep[0])
    last_tp, last_lengthening = _last(ids, _TRIGGER_POINT), _last(ids, _LENGTHENING)
    if last_tp is not None and (last_lengthening is None or last_lengthening < last_tp):
        yield _f("lengthen-after-trigger-point", f"After '{_name(ids[last_tp])}' add MET or stretching: a "
                 "muscle released from a trigger point should be brought back to its full length.", last_tp)
    zone, first_tp = _first(ids, "referral-zone-work"), _first(ids, _TRIGGER_POINT + ("positional-release",))
    if zone is not None and first_tp is not None and zone < first_tp:
        yield _f("referral-zone-after-trigger-point", "Work the referral zone after the trigger points that "
                 "refer there: the pain is felt in the zone but comes from the trigger point.", zone)


def _closing_rules(ids: list[str], hands_on: list[int], treatment: list[int], postpone: bool) -> Iterator[PlanFinding]:
    if treatment:
        re = _last(ids, "reassessment")
        if re is None:
            yield _f("reassess-after-treatment", "Add a reassessment after the treatment: repeating the first "
                     "tests shows you and the client what changed.")
        elif re < treatment[-1]:
            yield _f("reassess-after-treatment", f"Reassessment comes before '{_name(ids[treatment[-1]])}': "
                     "reassess after the last treatment step, or it cannot show the effect of the work.", re)
    last_touch = hands_on[-1] if hands_on else -1
    if hands_on:
        home = _last(ids, "home-care")
        if home is None:
            yield _f("home-care-at-end", "Add home care: self-care stretches and what to expect (soreness for "
                     "a day or two is common) help the result last.")
        elif home < last_touch:
            yield _f("home-care-at-end", "Give home-care advice at the end, after the hands-on work, when you "
                     "know what you found and did.", home)
    docs = _last(ids, "documentation")
    if docs is None:
        yield _f("documentation-at-end", "Add documentation: a SOAP note records what you found and did, for "
                 "the next session and for your professional records.")
    elif docs < last_touch:
        yield _f("documentation-at-end", "Write the SOAP note at the end, when the session is complete.", docs)
    if not treatment and not postpone:
        yield _f("no-treatment", "The plan has no treatment step. Add the work you intend to do (for example "
                 "NMT gliding, trigger point release, MET), unless screening means you must postpone or consult first.")


def _time_rules(plan: Sequence[Any], booked: int, postpone: bool) -> Iterator[PlanFinding]:
    total = sum(p.minutes or 0 for p in plan)
    lo, hi = TYPICAL_MINUTES
    if total > booked:
        yield _f("fits-booked-time", f"The steps add up to {total} minutes but {booked} are booked: shorten or "
                 "drop steps, or the closing steps get rushed and the next client waits.")
    if not lo <= booked <= hi:
        yield _f("session-length", f"{booked} booked minutes is unusual: NMT sessions usually last {lo} to "
                 f"{hi} minutes.")
    if not postpone and total <= booked - _SPARE_MINUTES:
        yield _f("unused-time", f"{booked - total} of the {booked} booked minutes are not planned: give more "
                 "time to the main treatment, or book a shorter session.")


def _duplicate_rules(ids: list[str]) -> Iterator[PlanFinding]:
    for i, s in enumerate(ids):
        if s in _ONCE_ONLY and s in ids[:i]:
            yield _f("duplicate-step", f"'{_name(s)}' is already in the plan (step {ids.index(s) + 1}); it "
                     "only needs to happen once.", i)
        elif i and ids[i - 1] == s and s not in _ONCE_ONLY:
            yield _f("repeated-step", f"'{_name(s)}' twice in a row: make it one step and give it more minutes.", i)


def _screening_rules(plan: Sequence[Any], hands_on: list[int], deep: list[int], screening: Sequence[Any],
                     postpone: list[Any]) -> Iterator[PlanFinding]:
    if postpone and hands_on:
        names = ", ".join(f.name for f in postpone)
        yield _f("screening-postpone", f"Screening found {names}: postpone and refer. No hands-on work today; "
                 "plan the intake, the explanation and the referral instead.", hands_on[0])
    for f in screening:
        limit = getattr(f, "limit", "")
        if limit == "no-deep-work":
            for i in deep:
                yield _f("screening-no-deep-work", f"'{_name(plan[i].step)}' is deep work, but screening found "
                         f"{f.name}: use light to moderate pressure only, because deep pressure can cause "
                         "bruising or bleeding.", i)
        elif limit == "gentle-pressure":
            for i in deep:
                if STEPS[plan[i].step].forceful:
                    yield _f("screening-gentle-pressure", f"'{_name(plan[i].step)}' is forceful, but screening "
                             f"found {f.name}: choose a gentler technique or much lighter pressure.", i)
        elif limit == "avoid-area" and deep:
            regions = set(getattr(f, "regions", ()) or ())
            hits = [i for i in deep if plan[i].region and plan[i].region in regions]
            for i in hits:
                yield _f("screening-avoid-area", f"'{_name(plan[i].step)}' works on {plan[i].region}, where "
                         f"screening found {f.name}: avoid that area and work elsewhere.", i)
            if not hits and any(not plan[i].region for i in deep):
                where = f" ({', '.join(sorted(regions))})" if regions else ""
                yield _f("screening-site-reminder", f"Screening found {f.name}{where}: keep the deep work away "
                         "from that area.")
