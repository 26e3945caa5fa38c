"""Case studies: realistic clients to screen and plan a session for, in class or alone.

Each :class:`Case` in ``nmt_course/data/cases.yaml`` holds a client's intake
(what they say and write), the screening outcome an instructor expects, and a
model session plan with a reason for every step. ``load_cases()`` validates the
file once (unknown fields rejected; steps, regions, contraindications,
conditions and sources must exist) and caches it::

    from nmt_course.clinical import cases
    c = cases.case("Sofia")          # by id or first name, any case
    c.screen().decision               # what the screener says
    c.review().ok                     # the model plan passes every error rule
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from .. import knowledge as kb
from ..errors import ContentError, UnknownNameError
from ..knowledge.files import content_error, read_yaml, validation_problems
from ..knowledge.names import NameIndex
from ..knowledge.types import Id, Strict, Text
from . import screening, session

__all__ = ["CASES_FILE", "Case", "ExpectedScreening", "PlanItem", "case", "load_cases", "load_cases_from"]

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "cases.yaml"

Decision = Literal[
    "postpone and refer",
    "ask and consult before any hands-on work",
    "adapt the session",
    "no contraindication found — proceed with the usual care",
]


class ExpectedScreening(Strict):
    """What the screener should find: the decision, the contraindication ids and their sites."""

    decision: Decision
    findings: list[Id] = Field(default_factory=list)
    sites: dict[Id, Id] = Field(default_factory=dict)  # contraindication id -> region id


class PlanItem(Strict):
    """One step of the model plan, with its minutes, the region worked on (optional) and why."""

    step: Id
    minutes: int = Field(ge=1, le=240)
    region: Id | None = None
    reason: Text


class Case(Strict):
    id: Id
    name: Text
    age: int = Field(ge=12, le=110)
    summary: Text
    complaint: Text
    intake: Text
    conditions: list[Text] = Field(default_factory=list)
    medications: list[Text] = Field(default_factory=list)
    pregnancy_weeks: int | None = Field(default=None, ge=1, le=42)
    recent_surgery_site: Text | None = None
    recent_injury_site: Text | None = None
    related_conditions: list[Id] = Field(default_factory=list)
    expected: ExpectedScreening
    booked_minutes: int = Field(ge=15, le=240)
    plan: list[PlanItem] = Field(min_length=1)
    teaching_points: list[Text] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)

    def screen(self) -> screening.ScreeningResult:
        """Run the screener on this client's intake."""
        return screening.screen(
            self.conditions,
            self.medications,
            pregnancy_weeks=self.pregnancy_weeks,
            recent_surgery_site=self.recent_surgery_site,
            recent_injury_site=self.recent_injury_site,
        )

    def plan_steps(self) -> list[session.PlanStep]:
        return [session.PlanStep(p.step, p.minutes, p.region) for p in self.plan]

    def review(self) -> session.PlanReview:
        """Check the model plan against the session rules and this client's screening."""
        return session.check_plan(self.plan_steps(), minutes=self.booked_minutes, findings=self.screen())


def _check_refs(c: Case, K: kb.KnowledgeBase) -> tuple[tuple[Any, ...], str] | None:
    """The first broken reference in a case, as (place, message), or None."""
    refs: list[tuple[tuple[Any, ...], str, dict[str, Any], str]] = []
    refs += [(("plan", i, "step"), p.step, session.STEPS, "session step") for i, p in enumerate(c.plan)]
    refs += [(("plan", i, "region"), p.region, K.regions, "region") for i, p in enumerate(c.plan) if p.region]
    refs += [(("expected", "findings", i), f, K.contraindications, "contraindication")
             for i, f in enumerate(c.expected.findings)]
    for cid, rid in c.expected.sites.items():
        refs += [(("expected", "sites", cid), cid, K.contraindications, "contraindication"),
                 (("expected", "sites", cid), rid, K.regions, "region")]
    refs += [(("related_conditions", i), x, K.conditions, "condition") for i, x in enumerate(c.related_conditions)]
    refs += [(("sources", i), s, K.sources, "source") for i, s in enumerate(c.sources)]
    for place, ref, known, kind in refs:
        if ref not in known:
            close = NameIndex((k, []) for k in known).suggest(ref)
            hint = f" Did you mean {', '.join(repr(x) for x in close)}?" if close else ""
            return place, f"there is no {kind} with id {ref!r}.{hint}"
    return None


def load_cases_from(path: Path | str) -> dict[str, Case]:
    """Load and validate a case-study file; errors name the case and the field."""
    path = Path(path)
    data = read_yaml(path, label=path.name)
    if not isinstance(data, dict) or set(data) != {"cases"} or not isinstance(data["cases"], list):
        raise ContentError("the file must contain only 'cases:' followed by a list", file=path.name, line=1)
    K = kb.load()
    out: dict[str, Case] = {}
    for i, item in enumerate(data["cases"]):
        try:
            c = Case.model_validate(item)
        except ValidationError as exc:
            raise validation_problems(exc, path=path, label=path.name, data=data, prefix=("cases", i), model=Case)[0] from None
        if c.id in out:
            raise content_error(f"the case id {c.id!r} is used twice", path=path, label=path.name,
                                place=("cases", i, "id"), data=data)
        broken = _check_refs(c, K)
        if broken:
            raise content_error(broken[1], path=path, label=path.name, place=("cases", i, *broken[0]), data=data)
        out[c.id] = c
    return out


@functools.lru_cache(maxsize=1)
def load_cases() -> dict[str, Case]:
    """The course's case studies, keyed by id (validated once, then cached)."""
    return load_cases_from(CASES_FILE)


def case(name: str) -> Case:
    """A case by id or the client's first name, any case; unknown names suggest close matches."""
    all_cases = load_cases()
    index = NameIndex((c.id, [c.name]) for c in all_cases.values())
    found = index.find(name) if isinstance(name, str) else None
    if found is None:
        raise UnknownNameError("case study", str(name), index.suggest(str(name)))
    return all_cases[found]
