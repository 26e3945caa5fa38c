"""What a screening finds, and the decision it leads to.

The decision is conservative by construction. In order:

1. any systemic contraindication, or a combination of findings that calls for
   it, means **postpone and refer**;
2. any name the screener could not recognise means **cannot decide yet**: the
   unread name could be the one that rules massage out, so the screener never
   says "proceed" (or even "adapt") while one is left;
3. a combination of findings that is riskier than its parts (a blood thinner
   in pregnancy, several cautions at once) means **ask and consult** the
   client's health-care provider before any hands-on work;
4. any other finding means **adapt the session**;
5. only an intake with nothing found and everything read means **proceed**.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ...errors import UnknownNameError

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
    "ScreeningResult",
    "UnknownName",
]

Kind = Literal["systemic", "local", "caution"]
Limit = Literal["postpone", "avoid-area", "no-deep-work", "gentle-pressure", "adapt"]
Level = Literal["postpone", "undecided", "consult", "adapt", "proceed"]

POSTPONE = "postpone and refer"
CONSULT = "ask and consult before any hands-on work"
ADAPT = "adapt the session"
PROCEED = "no contraindication found — proceed with the usual care"
UNDECIDED = "cannot decide yet"

_LABELS = {"systemic": "✖ Systemic contraindication", "local": "⚠ Local contraindication", "caution": "ℹ Caution"}
# What a caution means for the plan (see nmt_course.clinical.session.rules); everything else is "adapt".
_NO_DEEP_WORK = {"anticoagulants", "antiplatelet-medication", "bleeding-disorder", "kidney-failure"}
_GENTLE_PRESSURE = {
    "osteoporosis", "corticosteroids", "elderly-frail", "peripheral-neuropathy", "pain-medication",
    "muscle-relaxants-sedatives", "cancer", "diabetes", "pregnancy", "heart-failure",
}
_SITED_CAUTIONS = {"recent-surgery", "mild-varicose-veins"}  # cautions whose site is an area to avoid


@dataclass(frozen=True)
class Finding:
    """One contraindication or caution found, with what to do and why."""

    kind: Kind
    id: str
    name: str
    guidance: str
    rationale: str
    sources: tuple[str, ...]
    site: str | None = None
    site_label: str = ""
    regions: tuple[str, ...] = ()
    matched: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()

    @property
    def contraindication(self) -> str:
        return self.id

    @property
    def label(self) -> str:
        return _LABELS[self.kind]

    @property
    def limit(self) -> Limit:
        """What the finding means for a session plan (read by :func:`nmt_course.session.check_plan`)."""
        if self.kind == "systemic":
            return "postpone"
        if self.kind == "local" or (self.id in _SITED_CAUTIONS and self.regions):
            return "avoid-area"
        if self.id in _NO_DEEP_WORK:
            return "no-deep-work"
        return "gentle-pressure" if self.id in _GENTLE_PRESSURE else "adapt"

    def __str__(self) -> str:
        where = f" ({self.site_label.lower()})" if self.site_label else ""
        return f"{self.label}: {self.name}{where}. {self.guidance}"


@dataclass(frozen=True)
class CombinedRisk:
    """Findings that are riskier together: which ones, what it raises the decision to, and why."""

    id: str
    findings: tuple[str, ...]
    raise_to: Literal["consult", "postpone"]
    message: str
    sources: tuple[str, ...]

    def __str__(self) -> str:
        return f"⚠ Together: {self.message}"


@dataclass(frozen=True)
class UnknownName:
    """A name from the intake that the screener could not match, with close matches."""

    name: str
    field: str
    suggestions: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        text = str(UnknownNameError(self.field, self.name, self.suggestions))
        if self.field == "medication":
            text += " If the spelling is right, the course has no note on it: ask what it is for and look it up."
        return text

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class NotedCondition:
    """A name recognised as a condition the course covers, which is not a contraindication."""

    name: str
    id: str
    label: str


@dataclass(frozen=True)
class Intake:
    """What was screened, as the screener read it.

    ``medicines`` are every medicine the screener recognised, wherever it was
    typed (a client may list warfarin under conditions).
    """

    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    pregnancy_weeks: int | None = None
    recent_surgery_site: str | None = None
    recent_injury_site: str | None = None
    medicines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreeningResult:
    """Findings (systemic first), combined risks, unknown names, noted conditions and the decision."""

    findings: tuple[Finding, ...]
    unknown: tuple[UnknownName, ...] = ()
    noted: tuple[NotedCondition, ...] = ()
    intake: Intake = field(default_factory=Intake)
    combined: tuple[CombinedRisk, ...] = ()

    @property
    def level(self) -> Level:
        """The decision as a key: ``postpone``, ``undecided``, ``consult``, ``adapt`` or ``proceed`` (see the module)."""
        raised = {c.raise_to for c in self.combined}
        if "postpone" in raised or any(f.kind == "systemic" for f in self.findings):
            return "postpone"
        if self.unknown:
            return "undecided"
        if "consult" in raised:
            return "consult"
        return "adapt" if self.findings else "proceed"

    @property
    def decision(self) -> str:
        level = self.level
        if level == "undecided":
            n = len(self.unknown)
            return f"{UNDECIDED}: check {n} name{'s' if n != 1 else ''}"
        return {"postpone": POSTPONE, "consult": CONSULT, "adapt": ADAPT, "proceed": PROCEED}[level]

    @property
    def complete(self) -> bool:
        """False while some names could not be matched: the decision cannot be relied on."""
        return not self.unknown

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.findings]

    def of_kind(self, kind: Kind) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def finding(self, contraindication_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == contraindication_id), None)

    def summary(self) -> str:
        head = f"Decision: {self.decision}."
        if self.unknown:
            names = ", ".join(f"'{u.name}'" for u in self.unknown)
            head += f" The screener could not read {names}: correct or explain {'them' if len(self.unknown) > 1 else 'it'}, then screen again."
            if self.level == "postpone":
                head += " Whatever they are, the session is postponed for the reason below."
        return head

    def __str__(self) -> str:
        return "\n".join(
            [self.summary(), *(str(c) for c in self.combined), *(str(f) for f in self.findings), *(u.message for u in self.unknown)]
        )
