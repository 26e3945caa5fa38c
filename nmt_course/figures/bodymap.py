"""The body map: a muscle, its trigger points and its referral zones, on the views its chart uses.

``body_map(muscles=["upper-trapezius"])`` draws, for each muscle, the muscle
itself (belly, fibre direction, attachments, its name; dashed when deep), its
trigger points as numbered X marks, its essential zone solid and its spillover
zone dotted (the Trigger Point Manual's convention; the words and styles come
from :mod:`.zone_style`). ``regions=[...]`` outlines chosen regions (hatched)
and ``endangerment=True`` overlays the endangerment sites (cross-hatched).

The map is built in named steps: :func:`pick` resolves the selection,
:func:`views_carrying` finds the views that show something, the layers are
drawn (body and landmarks, muscles under the zones, zones, muscle outlines and
attachments, regions, trigger points), :func:`describe_map` writes the text
description, and :mod:`.bodymap_fit` fits each view's frame, lays the page out
and sizes marks and labels to the scale. :func:`region_at` turns a clicked
point back into a region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import knowledge as kb
from ..knowledge.models import VIEWS, Muscle, Region, TriggerPoint
from . import geometry
from .bodymap_fit import fit_labels, fit_marks, frames, page
from .bodymap_frame import VIEW_TITLES, BodyMapLayout, ViewChoice, choose_views
from .bodymap_layers import (
    endangerment_traces,
    landmark_traces,
    point_number,
    selected_region_trace,
    silhouette_trace,
    trigger_point_trace,
    zone_trace,
)
from .described import DescribedFigure
from .muscle_drawing import muscle_layers
from .zone_style import PALETTE, zone_phrase

__all__ = ["BodyMapLayout", "Pick", "Shown", "body_map", "body_map_json", "region_at", "pick", "views_carrying", "frames", "describe_map"]


@dataclass
class Shown:
    """One muscle as the map shows it: which trigger points and zones."""

    muscle: Muscle
    colour: str
    points: list[tuple[int, TriggerPoint]]
    essential: list[str]
    spillover: list[str]


@dataclass
class Pick:
    """What was asked for, resolved against the knowledge base."""

    muscles: list[Shown] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)


def pick(K: kb.KnowledgeBase, muscles: Iterable[str], regions: Iterable[str], trigger_point: str | None) -> Pick:
    """Resolve names and ids; with ``trigger_point`` (one muscle only), keep that point and its own zones."""
    chosen = [K.muscle(m) for m in muscles]
    if trigger_point is not None and len(chosen) != 1:
        raise ValueError("trigger_point needs exactly one muscle")
    out = Pick(regions=[K.region(r) for r in regions])
    for i, m in enumerate(chosen):
        points = list(enumerate(m.trigger_points))
        essential, spillover = list(m.referral.essential), list(m.referral.spillover)
        if trigger_point is not None:
            points = [(j, tp) for j, tp in points if tp.id == trigger_point]
            if not points:
                raise ValueError(f"{m.name} has no trigger point {trigger_point!r}")
            own = points[0][1].referral
            if own is not None:
                essential, spillover = list(own.essential), list(own.spillover)
        out.muscles.append(Shown(m, PALETTE[i % len(PALETTE)], points, essential, spillover))
    return out


def views_carrying(K: kb.KnowledgeBase, chosen: Pick) -> set[str]:
    """The views that show something: each muscle's drawing and trigger points, then any zone or region not yet seen."""
    views: set[str] = set()
    for s in chosen.muscles:
        shape = K.shapes.get(s.muscle.id)
        views |= set(shape.views) if shape else set()
        views |= {tp.view for _, tp in s.points}
    for rid in [r for s in chosen.muscles for r in s.essential + s.spillover] + [r.id for r in chosen.regions]:
        drawn_on = K.regions[rid].shapes
        if not views & set(drawn_on):
            views.add(next(v for v in VIEWS if v in drawn_on))
    return views


def region_at(view: str, x: float, y: float, *, K: kb.KnowledgeBase | None = None) -> Region | None:
    """The smallest region of that view under a point (point in polygon), or None."""
    K = K or kb.load()
    hits = [(geometry.area(poly), r) for r in K.regions.values() for v, poly in r.shapes.items() if v == view and geometry.contains(poly, x, y)]
    return min(hits, key=lambda hit: hit[0])[1] if hits else None


def body_map(
    muscles: Iterable[str] = (),
    regions: Iterable[str] = (),
    view: ViewChoice = "auto",
    *,
    trigger_point: str | None = None,
    endangerment: bool = False,
    clickable: bool = False,
    zoom: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> DescribedFigure:
    """A body map of the given muscles' patterns and highlighted regions.

    ``muscles`` and ``regions`` accept ids, names or aliases. ``view="auto"``
    draws the views that carry something (``"both"``, ``"all"`` or one view
    to choose). ``trigger_point`` (with one muscle) shows only that trigger
    point and its own zones. ``zoom`` fits each view's frame to what is drawn.
    ``clickable`` marks the figure for widgets that report clicks.
    """
    return DescribedFigure(body_map_json(muscles, regions, view, trigger_point=trigger_point, endangerment=endangerment,
                                         clickable=clickable, zoom=zoom, title=title, height=height))


def body_map_json(
    muscles: Iterable[str] = (),
    regions: Iterable[str] = (),
    view: ViewChoice = "auto",
    *,
    trigger_point: str | None = None,
    endangerment: bool = False,
    clickable: bool = False,
    zoom: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> dict[str, Any]:
    """The same map as :func:`body_map`, as plain plotly JSON (``{"data": [...], "layout": {...}}``).

    Apps redraw from this directly: building and validating a ``go.Figure``
    for every click would cost more than the whole redraw may take.
    """
    K = kb.load()
    chosen = pick(K, muscles, regions, trigger_point)
    layout = choose_views(view, views_carrying(K, chosen))
    under, over, notes = _muscle_drawings(K, chosen, layout)
    traces: list[dict[str, Any]] = []
    for v in layout.views:  # the same for every selection, first, so widgets keep them
        traces += [silhouette_trace(layout, v), *landmark_traces(K, layout, v)]
    traces += under + _zone_layers(K, chosen, layout) + over + _region_layers(chosen, layout)
    if endangerment:
        traces += endangerment_traces(K, layout)
    traces += _point_layers(chosen, layout)
    boxes = frames(layout, traces, notes, zoom=zoom)
    description = describe_map(K, chosen, layout, endangerment=endangerment)
    laid_out = page(traces, layout, boxes, notes, title=title, description=description, height=height, clickable=clickable)
    fit_marks(traces, layout, boxes, laid_out)
    fit_labels(notes, layout, boxes, laid_out, traces)
    return {"data": traces, "layout": laid_out}


def _muscle_drawings(K: kb.KnowledgeBase, chosen: Pick, layout: BodyMapLayout) -> tuple[list[dict], list[dict], list[dict]]:
    under: list[dict] = []
    over: list[dict] = []
    notes: list[dict] = []
    for s in chosen.muscles:
        shape = K.shapes.get(s.muscle.id)
        if shape is None:
            continue
        for i, v in enumerate(v for v in layout.views if v in shape.views):
            below, above, labels = muscle_layers(s.muscle, shape, layout, v, show_legend=i == 0, detail=len(chosen.muscles) <= 2)
            under += below
            over += above
            notes += labels
    return under, over, notes


def _zone_layers(K: kb.KnowledgeBase, chosen: Pick, layout: BodyMapLayout) -> list[dict]:
    traces: list[dict] = []
    for s in chosen.muscles:
        for zone, ids in (("spillover", s.spillover), ("essential", s.essential)):
            first = True
            for v in layout.views:
                on_view = [K.regions[rid] for rid in ids if v in K.regions[rid].shapes]
                if on_view:
                    traces.append(zone_trace(on_view, layout, v, muscle=s.muscle, zone=zone, colour=s.colour, show_legend=first))
                    first = False
    return traces


def _region_layers(chosen: Pick, layout: BodyMapLayout) -> list[dict]:
    traces: list[dict] = []
    for v in layout.views:
        on_view = [r for r in chosen.regions if v in r.shapes]
        if on_view:
            traces.append(selected_region_trace(on_view, layout, v, show_legend=not traces))
    return traces


def _point_layers(chosen: Pick, layout: BodyMapLayout) -> list[dict]:
    traces: list[dict] = []
    for s in chosen.muscles:
        first = True
        for v in layout.views:
            points = [(i, tp) for i, tp in s.points if tp.view == v]
            if points:
                colour = s.colour if len(chosen.muscles) > 1 else "#000000"  # several muscles: each one's X in its colour
                traces.append(trigger_point_trace(points, layout, v, muscle=s.muscle, show_legend=first, colour=colour))
                first = False
    return traces


def describe_map(K: kb.KnowledgeBase, chosen: Pick, layout: BodyMapLayout, *, endangerment: bool) -> str:
    """The figure's text description, for screen readers and the caption."""
    names = [VIEW_TITLES[v].split(" (")[0].lower() for v in layout.views]
    intro = f"Body map, {' and '.join(names)} view{'s' if len(names) > 1 else ''}."
    if {"front", "back"} & set(layout.views):
        intro += " The client's right side is marked R."
    if "side" in layout.views:
        intro += " The side view shows the client's right side, facing right."
    parts = [intro]
    if not chosen.muscles and not chosen.regions:
        parts.append("No muscle or region is selected.")
    detailed = len(chosen.muscles) <= 3  # a map of many muscles lists their zones, not every trigger point's place
    for s in chosen.muscles:
        parts.append(_describe_muscle(K, s, detailed=detailed))
    if chosen.regions:
        parts.append("Highlighted (blue, hatched): " + ", ".join(r.label.lower() for r in chosen.regions) + ".")
    if endangerment:
        parts.append(
            "Endangerment sites are cross-hatched in purple: " + "; ".join(e.name.lower() for e in K.endangerment_sites.values())
            + ". Work them with broad, flat, lighter pressure."
        )
    return " ".join(parts)


def _describe_muscle(K: kb.KnowledgeBase, s: Shown, *, detailed: bool) -> str:
    m = s.muscle
    shape = K.shapes.get(m.id)
    text = f"{m.name}:"
    if shape is not None:
        ends = {a.end: a.name for dv in shape.views.values() for a in dv.attachments}
        drawn = f" the muscle is drawn{' dashed, as a deep muscle' if shape.depth == 'deep' else ''}"
        if ends:
            drawn += " (" + "; ".join(f"{end} {name}" for end, name in sorted(ends.items(), reverse=True)) + ")"
        text += drawn + ";"
    n = len(s.points)
    text += f" {n} trigger point{'s' if n != 1 else ''} marked X with a number"
    if detailed:
        text += ": " + "; ".join(f"X{point_number(tp, i)} {tp.description.rstrip('.')}" for i, tp in s.points)
    text += f"; {zone_phrase('essential')}: " + ", ".join(K.regions[r].label.lower() for r in s.essential)
    if s.spillover:
        text += f"; {zone_phrase('spillover')}: " + ", ".join(K.regions[r].label.lower() for r in s.spillover)
    return text + "."
