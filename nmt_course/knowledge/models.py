"""Typed models of the knowledge base.

Every YAML file under ``nmt_course/data/`` is validated against these models
when :func:`nmt_course.kb.load` runs. Unknown fields are rejected (``extra =
"forbid"``), ids are kebab-case, and every item cites at least one source id
from ``sources.yaml``. Cross-references (region, muscle and source ids) are
checked afterwards by :mod:`nmt_course.knowledge.integrity`.

Body-map coordinates use one frame for every view: ``x`` from 0 to 120 (the
midline at 60 on the front and back views), ``y`` from 0 (soles) to 200 (above
the vertex, which sits at about 190). The front view shows the client facing
us, so the client's right side is on the left of the picture (``x < 60``); the
back view shows the client from behind, so the client's right side is on the
right (``x > 60``); the side view shows the client's right side, facing the
right of the picture (front toward larger ``x``). Unilateral features (trigger
points, referral zones, muscle drawings) are drawn on the client's right side.
See ``docs/content-format.md`` for landmarks and for the muscle drawings
(:class:`MuscleShape`) and bony landmarks (:class:`Landmark`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from .types import Id, Strict, Text

__all__ = [
    "FRAME_WIDTH",
    "FRAME_HEIGHT",
    "Id",
    "View",
    "Caveat",
    "Source",
    "Region",
    "TriggerPoint",
    "Referral",
    "Muscle",
    "Technique",
    "Contraindication",
    "EndangermentSite",
    "RiskCombination",
    "Condition",
    "ContentArea",
    "MblexOutline",
    "Subtopic",
    "VIEWS",
    "Point",
    "points_in_frame",
]

FRAME_WIDTH = 120.0
FRAME_HEIGHT = 200.0

View = Literal["front", "back", "side"]
VIEWS: tuple[View, ...] = ("front", "back", "side")
"""Every view, in the order the body map draws them (left to right, or top to bottom)."""
BodyArea = Literal["head-neck", "shoulder-arm", "trunk", "hip-leg"]


class Caveat(Strict):
    """A note that a fact is not settled: DOMAIN.md's *unverified* or *sources disagree*."""

    status: Literal["unverified", "sources-disagree", "contested"]
    text: Text
    sources: list[Id] = Field(default_factory=list)


class Source(Strict):
    id: Id
    citation: Text
    kind: Literal["book", "article", "review", "web", "handbook"]
    year: int | None = None
    note: str = ""


def _check_point(value: float, upper: float, axis: str) -> float:
    if not 0.0 <= value <= upper:
        raise ValueError(f"{axis}={value} is outside the body-map frame (0 to {upper:g})")
    return value


Point = tuple[float, float]


def points_in_frame(points: list[Point]) -> list[Point]:
    """The points, unchanged, once each is checked to lie in the body-map frame."""
    for x, y in points:
        _check_point(x, FRAME_WIDTH, "x")
        _check_point(y, FRAME_HEIGHT, "y")
    return points


class Region(Strict):
    """A body region that pain can be felt in, with its outline on one or both views."""

    id: Id
    label: Text
    aliases: list[Text] = Field(default_factory=list)
    area: BodyArea
    description: str = ""
    shapes: dict[View, list[Point]]

    @field_validator("shapes")
    @classmethod
    def _polygons_in_frame(cls, shapes: dict[str, list[Point]]) -> dict[str, list[Point]]:
        if not shapes:
            raise ValueError("a region needs an outline on at least one view")
        for view, points in shapes.items():
            if len(points) < 3:
                raise ValueError(f"the {view} outline needs at least 3 points")
            points_in_frame(points)
        return shapes


class Referral(Strict):
    essential: list[Id] = Field(min_length=1)
    spillover: list[Id] = Field(default_factory=list)


class TriggerPoint(Strict):
    id: Id
    description: Text
    view: View
    x: float
    y: float
    # Some muscles refer differently from each trigger point (SCM divisions,
    # masseter layers); when given, these zones must be among the muscle's own.
    referral: Referral | None = None

    @field_validator("x")
    @classmethod
    def _x_in_frame(cls, x: float) -> float:
        return _check_point(x, FRAME_WIDTH, "x")

    @field_validator("y")
    @classmethod
    def _y_in_frame(cls, y: float) -> float:
        return _check_point(y, FRAME_HEIGHT, "y")


class Muscle(Strict):
    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    area: BodyArea
    origin: Text
    insertion: Text
    action: Text
    innervation: Text
    trigger_points: list[TriggerPoint] = Field(min_length=1)
    referral: Referral
    symptoms: list[Text] = Field(min_length=1)
    perpetuating_factors: list[Text] = Field(default_factory=list)
    self_care: list[Text] = Field(default_factory=list)
    notes: str = ""
    caveats: list[Caveat] = Field(default_factory=list)
    sources: list[Id] = Field(min_length=1)


class Technique(Strict):
    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Text
    parameters: dict[str, Text] = Field(default_factory=dict)
    steps: list[Text] = Field(min_length=1)
    cautions: list[Text] = Field(default_factory=list)
    evidence: Text
    caveats: list[Caveat] = Field(default_factory=list)
    sources: list[Id] = Field(min_length=1)


class Contraindication(Strict):
    id: Id
    name: Text
    kind: Literal["systemic", "local", "caution"]
    aliases: list[Text] = Field(default_factory=list)
    medications: list[Text] = Field(default_factory=list)
    usual_regions: list[Id] = Field(
        default_factory=list, description="where it usually is: the areas to avoid when the intake names no site"
    )
    guidance: Text
    rationale: Text
    caveats: list[Caveat] = Field(default_factory=list)
    sources: list[Id] = Field(min_length=1)


class RiskCombination(Strict):
    """Findings that are riskier together than apart: when they meet, the screening decision is raised.

    ``when`` lists groups of contraindication ids; the combination applies
    when every group has at least one finding (``[[pregnancy],
    [anticoagulants, antiplatelet-medication]]``). ``at_least`` instead
    applies it to any that many cautions together.
    """

    id: Id
    when: list[list[Id]] = Field(default_factory=list)
    at_least: int | None = Field(default=None, ge=2)
    raise_to: Literal["consult", "postpone"]
    message: Text
    sources: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_condition(self) -> RiskCombination:
        if bool(self.when) == (self.at_least is not None):
            raise ValueError("give either 'when' (groups of contraindication ids) or 'at_least' (a number), not both")
        if any(not group for group in self.when):
            raise ValueError("each group in 'when' needs at least one contraindication id")
        return self


class EndangermentSite(Strict):
    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    location: Text
    structures: list[Text] = Field(min_length=1)
    guidance: Text
    regions: list[Id] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)


class Condition(Strict):
    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Text
    muscles: list[Id] = Field(min_length=1)
    red_flags: list[Text] = Field(min_length=1)
    massage_role: Text
    evidence: Text
    caveats: list[Caveat] = Field(default_factory=list)
    sources: list[Id] = Field(min_length=1)


class Subtopic(Strict):
    id: Id
    name: Text


class ContentArea(Strict):
    id: Id
    name: Text
    weight: float = Field(gt=0, le=1)
    subtopics: list[Subtopic] = Field(default_factory=list)


class MblexOutline(Strict):
    questions: int = Field(gt=0)
    minutes: int = Field(gt=0)
    areas: list[ContentArea] = Field(min_length=1)
    note: str = ""
    sources: list[Id] = Field(min_length=1)

