"""Screening a client for contraindications before any hands-on work.

:func:`screen` reads what a client wrote on the intake form (conditions,
medications, pregnancy, recent surgery or injury) and returns a
:class:`ScreeningResult`: one :class:`Finding` per contraindication found,
in Werner's three kinds (systemic: postpone and refer; local: avoid the area;
caution: adapt), the names it could not match (each with suggestions, never
silently dropped) and an overall decision::

    from nmt_course import screening
    result = screening.screen(conditions=["DVT"], medications=["warfarin 5 mg"])
    result.decision           # "postpone and refer"
    [f.id for f in result.findings]

Names are matched against the knowledge base's contraindications, their
aliases (lay words, abbreviations such as DVT or HBP) and generic drug names,
forgiving case, spacing and dosages. A condition may name its site: "open
wound on the left shin" gives a local finding at ``medial-shin``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ... import knowledge as kb
from ...errors import ScreeningInputError, UnknownNameError
from ...knowledge.names import normalise
from .names import Match, names_for

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

Kind = Literal["systemic", "local", "caution"]
Limit = Literal["postpone", "avoid-area", "no-deep-work", "gentle-pressure", "adapt"]

POSTPONE = "postpone and refer"
ADAPT = "adapt the session"
PROCEED = "no contraindication found — proceed with the usual care"

_NOTHING = {"none", "n a", "na", "nil", "nothing", "no", "nothing to report", "none known"}
_KIND_ORDER = {"systemic": 0, "local": 1, "caution": 2}
_LABELS = {"systemic": "⛔ Systemic contraindication", "local": "⚠ Local contraindication", "caution": "ℹ Caution"}
# What a caution means for the plan (see nmt_course.clinical.session.rules); everything else is "adapt".
_NO_DEEP_WORK = {"anticoagulants", "antiplatelet-medication", "bleeding-disorder"}
_GENTLE_PRESSURE = {
    "osteoporosis", "corticosteroids", "elderly-frail", "peripheral-neuropathy", "pain-medication",
    "muscle-relaxants-sedatives", "cancer", "diabetes", "pregnancy",
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
    """What was screened, as the screener read it."""

    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    pregnancy_weeks: int | None = None
    recent_surgery_site: str | None = None
    recent_injury_site: str | None = None


@dataclass(frozen=True)
class ScreeningResult:
    """Findings (systemic first), unknown names, noted conditions and the overall decision."""

    findings: tuple[Finding, ...]
    unknown: tuple[UnknownName, ...] = ()
    noted: tuple[NotedCondition, ...] = ()
    intake: Intake = field(default_factory=Intake)

    @property
    def decision(self) -> str:
        if any(f.kind == "systemic" for f in self.findings):
            return POSTPONE
        return ADAPT if self.findings else PROCEED

    @property
    def complete(self) -> bool:
        """False while some names could not be matched: the decision then covers only the rest."""
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
            n = len(self.unknown)
            head += f" {n} name{'s' if n > 1 else ''} could not be checked: fix {'them' if n > 1 else 'it'} before relying on this decision."
        return head

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(str(f) for f in self.findings), *(u.message for u in self.unknown)])


def _as_list(values: Iterable[str] | str | None, what: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = re.split(r"[,;\n]", values)
    out = []
    for v in values:
        if not isinstance(v, str):
            raise ScreeningInputError(f"Each {what} must be text in quotes, like \"diabetes\" (got {v!r}).")
        if v.strip() and normalise(v) not in _NOTHING:
            out.append(v.strip())
    return out


def _weeks(value: Any) -> int | None:
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or not 1 <= value <= 42:
        raise ScreeningInputError(f"Pregnancy weeks must be a whole number from 1 to 42, or None (got {value!r}).")
    return int(value)


def _pregnancy_note(weeks: int | None) -> str:
    if weeks is None:
        return "Ask how many weeks pregnant the client is: positioning changes from about 22 weeks."
    if weeks < 12:
        return (f"At {weeks} weeks (first trimester) there are few data on massage, and practice varies; the "
                "trials that showed benefit started at about 12 weeks. Discuss it with the client and keep the work gentle.")
    if weeks < 22:
        return (f"At {weeks} weeks lying on the back is still possible, but plan side-lying with pillows "
                "from about 22 weeks.")
    return f"At {weeks} weeks do not position the client flat on her back: use side-lying with pillows."


def screen(
    conditions: Iterable[str] | str | None = (),
    medications: Iterable[str] | str | None = (),
    *,
    pregnancy_weeks: int | None = None,
    recent_surgery_site: str | None = None,
    recent_injury_site: str | None = None,
) -> ScreeningResult:
    """Screen an intake for contraindications (see the module docstring).

    ``conditions`` and ``medications`` are lists of names or one comma-separated
    string. ``pregnancy_weeks`` (1 to 42; 0 or None when not pregnant) adds the
    pregnancy caution with advice for that stage. ``recent_surgery_site`` and
    ``recent_injury_site`` name a body region (id, label or a plain word such as
    "shoulder"); the finding then carries that site.
    """
    names = names_for(kb.load())
    cond, meds = _as_list(conditions, "condition"), _as_list(medications, "medication")
    weeks = _weeks(pregnancy_weeks)
    surgery, injury = (_site_text(s, label) for s, label in ((recent_surgery_site, "surgery"), (recent_injury_site, "injury")))
    found: dict[str, dict[str, Any]] = {}
    unknown: list[UnknownName] = []
    noted: list[NotedCondition] = []

    def add(m: Match, typed: str) -> None:
        entry = found.setdefault(m.id, {"matched": [], "regions": [], "notes": []})
        entry["matched"].append(typed)
        if m.regions:
            entry["regions"] += [r for r in m.regions if r not in entry["regions"]]
        if m.site_unknown:
            unknown.append(UnknownName(m.site_unknown, "body region", tuple(names.suggest_sites(m.site_unknown))))

    for typed in cond:
        matches, condition = names.condition(typed)
        for m in matches:
            add(m, typed)
        if condition is not None:
            noted.append(NotedCondition(typed, condition[0], condition[1]))
        elif not matches:
            unknown.append(UnknownName(typed, "condition", tuple(names.suggest_conditions(typed))))
    for typed in meds:
        matches = names.medication(typed)
        for m in matches:
            add(m, typed)
        if not matches:
            unknown.append(UnknownName(typed, "medication", tuple(names.suggest_medications(typed))))
    for text, cid in ((surgery, "recent-surgery"), (injury, "acute-injury")):
        if text is not None:
            add(names.sited(cid, text), f"recent {'surgery' if cid == 'recent-surgery' else 'injury'}: {text}")
    if weeks is not None:
        found.setdefault("pregnancy", {"matched": [], "regions": [], "notes": []})["matched"].append(f"{weeks} weeks pregnant")
    if "pregnancy" in found:
        found["pregnancy"]["notes"].append(_pregnancy_note(weeks))

    K = kb.load()
    findings = [_finding(K, K.contraindications[cid], entry) for cid, entry in found.items()]
    order = list(K.contraindications)
    findings.sort(key=lambda f: (_KIND_ORDER[f.kind], order.index(f.id)))
    intake = Intake(tuple(cond), tuple(meds), weeks, surgery, injury)
    return ScreeningResult(tuple(findings), tuple(unknown), tuple(noted), intake)


def _site_text(value: Any, label: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ScreeningInputError(f"The {label} site must be a body region in quotes, like \"shoulder\" (got {value!r}).")
    return value.strip()


def _finding(K: kb.KnowledgeBase, c: Any, entry: dict[str, Any]) -> Finding:
    regions = tuple(entry["regions"])
    site = regions[0] if regions else None
    notes = tuple(entry["notes"])
    guidance = " ".join([*notes, c.guidance]) if notes else c.guidance
    return Finding(
        kind=c.kind, id=c.id, name=c.name, guidance=guidance, rationale=c.rationale, sources=tuple(c.sources),
        site=site, site_label=K.regions[site].label if site else "", regions=regions, matched=tuple(entry["matched"]), notes=notes,
        caveats=tuple(cv.text for cv in c.caveats),
    )
