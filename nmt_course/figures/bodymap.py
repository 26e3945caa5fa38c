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
attachments, regions, trigger points), :func:`frames` fits each view's frame,
and :func:`describe_map` writes the text description. :func:`region_at` turns
a clicked point back into a region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import knowledge as kb
from ..knowledge.models import VIEWS, Muscle, Region, TriggerPoint
from . import geometry
from .bodymap_frame import VIEW_TITLES, BodyMapLayout, Box, ViewChoice, choose_views, frame_box, page_layout
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
    page = _page(traces, layout, boxes, notes, title=title, description=description, height=height, clickable=clickable)
    _fit_marks(traces, layout, boxes, page)
    _fit_labels(notes, layout, boxes, page)
    return {"data": traces, "layout": page}


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


_FRAMED_ROLES = {"muscle", "attachments", "essential-zone", "spillover-zone", "selected-region", "trigger-points"}


def frames(layout: BodyMapLayout, traces: list[dict], notes: list[dict], *, zoom: bool) -> dict[str, Box]:
    """Each view's frame: the whole view, or (``zoom``) what is drawn on it, with a margin and whole limbs.

    Views side by side show the same band of the body at one scale, as a
    chart's front and back figures do: a view that only carries zones takes
    the band of the views with trigger points (and anything of its own beyond
    it); views with trigger points share theirs when they are of about the
    same part of the body, and keep their own scale otherwise (the face on
    the side view stays large beside the front view's long sternal zone).
    """
    points: dict[str, list[tuple[float, float]]] = {v: [] for v in layout.views}
    if zoom:
        for t in traces:
            v = t["meta"].get("view")
            if v in points and t["meta"].get("role") in _FRAMED_ROLES:
                points[v] += [(x, y) for x, y in zip(t["x"], t["y"], strict=True) if x is not None]
    boxes = {v: frame_box(points[v], v) for v in layout.views}
    marked = {t["meta"]["view"] for t in traces if t["meta"].get("role") == "trigger-points"}
    for _ in range(3):  # moving an edge for a whole limb on one view can raise the band for all
        band = (min(b[2] for b in boxes.values()), max(b[3] for b in boxes.values()))
        keep = {v for v in marked & set(boxes) if boxes[v][3] - boxes[v][2] < 0.6 * (band[1] - band[0])}  # would shrink too much
        wanted = {v: (b[2], b[3]) if v in keep else band for v, b in boxes.items()}
        if all((b[2], b[3]) == wanted[v] for v, b in boxes.items()):
            break
        boxes = {v: frame_box(points[v] or [(0.5 * (b[0] + b[1]), wanted[v][0])], v, heights=wanted[v]) for v, b in boxes.items()}
    for v in layout.views:
        xa, _ = layout.axes(v)
        for note in notes:  # labels are placed by the drawing; keep them inside the frame, which they do not widen
            if note["xref"] == xa:
                _keep_inside(note, boxes[v])
    return boxes


def _fit_marks(traces: list[dict], layout: BodyMapLayout, boxes: dict[str, Box], page: dict[str, Any]) -> None:
    """Shrink the X marks of a view (down to 9 px) where two would overlap at the figure's scale."""
    plot_px = page["height"] - page["margin"]["t"] - page["margin"]["b"]
    for v in layout.views:
        marks = [t for t in traces if t["meta"].get("role") == "trigger-points" and t["meta"]["view"] == v]
        xy = [(x, y) for t in marks for x, y in zip(t["x"], t["y"], strict=True)]
        if len(xy) < 2:
            continue
        px_per_unit = plot_px / (boxes[v][3] - boxes[v][2])
        nearest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(xy) for b in xy[i + 1:])
        size = max(9, min(14, round(0.95 * nearest * px_per_unit)))
        for t in marks:
            t["marker"]["size"] = size


def _fit_labels(notes: list[dict], layout: BodyMapLayout, boxes: dict[str, Box], page: dict[str, Any]) -> None:
    """Keep each muscle's name inside its view at the figure's scale (text about 7 px a letter, 16 px a line)."""
    plot_px = page["height"] - page["margin"]["t"] - page["margin"]["b"]
    for v in layout.views:
        xa, _ = layout.axes(v)
        x0, x1, y0, y1 = boxes[v]
        unit = (y1 - y0) / plot_px  # body-map units per pixel
        for note in (n for n in notes if n.get("name") == "muscle-label" and n["xref"] == xa):
            lines = note["text"].removeprefix("<b>").removesuffix("</b>").split("<br>")
            width, height = max(len(t) for t in lines) * 8 * unit, len(lines) * 16 * unit
            xkey, ykey = ("ax", "ay") if note.get("showarrow") else ("x", "y")
            anchor = note.get("xanchor", "center")
            left = {"left": 0.0, "right": width, "center": width / 2}[anchor]
            note[xkey] = round(min(max(note[xkey], x0 + left), x1 - (width - left)), 2)
            note[ykey] = round(min(max(note[ykey], y0 + height / 2), y1 - height / 2), 2)


def _keep_inside(note: dict, box: Box) -> None:
    x0, x1, y0, y1 = box
    xkey, ykey = ("ax", "ay") if note.get("showarrow") else ("x", "y")
    mx, my = 0.14 * (x1 - x0), 0.04 * (y1 - y0)  # room for the text itself
    note[xkey] = round(min(max(note[xkey], x0 + mx), x1 - mx), 2)
    note[ykey] = round(min(max(note[ykey], y0 + my), y1 - my), 2)


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


def _page(traces: list[dict], layout: BodyMapLayout, boxes: dict[str, Box], notes: list[dict], *, title: str | None,
          description: str, height: int | None, clickable: bool) -> dict[str, Any]:
    """The figure's layout: frames, view titles, the client's-right marks, legend, description and the stacked variant."""
    legend_items = sum(1 for t in traces if t.get("showlegend") is not False)
    page = page_layout(layout, boxes, title=title, legend_items=legend_items)
    stacked = page.pop("stacked")
    for v in ("front", "back"):
        if v in layout.views:  # the client's right: left of the picture on the front view, right on the back view
            xa, ya = layout.axes(v)
            x0, x1, y0, _ = boxes[v]
            notes = [*notes, {"xref": xa, "yref": ya, "x": x0 + 1 if v == "front" else x1 - 1, "y": y0 + 1, "xanchor": "left" if v == "front" else "right",
                              "yanchor": "bottom", "text": "<b>R</b>", "showarrow": False, "font": {"size": 14, "color": "#333"},
                              "hovertext": "the client's right side", "name": "right-side"}]
    page["annotations"] = page["annotations"] + notes  # the stacked layout keeps only its own view titles
    page.update(
        plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF", showlegend=True, hovermode="closest", dragmode=False,
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "center", "x": 0.5, "font": {"size": 12}},
        font={"family": "DejaVu Sans, Arial, sans-serif"},
        meta={"description": description, "stacked": stacked, "views": list(layout.views), "clickable": clickable},
    )
    if title:
        page["title"] = {"text": title, "x": 0.5, "y": 0.985, "yanchor": "top"}
    if height is not None:
        page["height"] = height
    return page
