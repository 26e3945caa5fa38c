"""Drawings for the body map: muscle shapes and bony landmarks, in the body-map frame.

The muscle drawings live in ``data/shapes/*.yaml`` (one file per body area,
like the muscles) and the landmarks in ``data/landmarks.yaml``;
``docs/content-format.md`` explains how to draw one. Coordinates use the frame
described in :mod:`nmt_course.knowledge.models` (client's right side drawn, on
the front, back and side views).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .models import Point, View, points_in_frame
from .types import Id, Strict, Text

__all__ = ["Attachment", "ShapePart", "ShapeView", "MuscleShape", "LandmarkView", "Landmark"]


class Attachment(Strict):
    """Where a muscle attaches: one point (a spot such as the mastoid) or a line along a bone."""

    end: Literal["origin", "insertion"]
    name: Text
    points: list[Point] = Field(min_length=1)

    @field_validator("points")
    @classmethod
    def _points_ok(cls, v: list[Point]) -> list[Point]:
        return points_in_frame(v)


class ShapePart(Strict):
    """One belly or head of a muscle: its outline and, where it helps, lines along its fibres.

    The outline is drawn as a smooth closed curve through the points (so a
    belly needs only 6 to 12 well-placed points); each fibre line is a smooth
    open curve through 2 or more points.
    """

    name: str = ""
    outline: list[Point] = Field(min_length=3)
    fibres: list[list[Point]] = Field(default_factory=list)

    @field_validator("outline")
    @classmethod
    def _outline_in_frame(cls, v: list[Point]) -> list[Point]:
        return points_in_frame(v)

    @field_validator("fibres")
    @classmethod
    def _fibres_in_frame(cls, v: list[list[Point]]) -> list[list[Point]]:
        for line in v:
            if len(line) < 2:
                raise ValueError("a fibre line needs at least 2 points")
            points_in_frame(line)
        return v


class ShapeView(Strict):
    """A muscle as seen on one view: its parts, its attachments, and where its name is written."""

    parts: list[ShapePart] = Field(min_length=1)
    attachments: list[Attachment] = Field(default_factory=list)
    label: Point | None = None

    @field_validator("label")
    @classmethod
    def _label_in_frame(cls, v: Point | None) -> Point | None:
        return None if v is None else points_in_frame([v])[0]


class MuscleShape(Strict):
    """The drawing of one muscle, on every view where it can be seen.

    ``depth: deep`` marks a muscle that lies under others (drawn dashed, with
    "deep" in its label). The views drawn on a muscle's map are the views of
    its drawing, plus the views of its trigger points and of any zone that
    cannot be seen on those.
    """

    muscle: Id
    depth: Literal["superficial", "deep"] = "superficial"
    views: dict[View, ShapeView] = Field(min_length=1)
    note: str = ""
    sources: list[Id] = Field(min_length=1)

    @property
    def id(self) -> str:
        return self.muscle


class LandmarkView(Strict):
    """A landmark on one view: a line through the points, or a closed outline."""

    points: list[Point] = Field(min_length=1)
    closed: bool = False

    @field_validator("points")
    @classmethod
    def _in_frame(cls, v: list[Point]) -> list[Point]:
        return points_in_frame(v)


class Landmark(Strict):
    """A bony landmark or a feature of the face, drawn faintly for orientation, named on hover."""

    id: Id
    label: Text
    kind: Literal["bone", "feature"] = "bone"
    views: dict[View, list[LandmarkView]] = Field(min_length=1)
