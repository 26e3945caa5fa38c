"""The layers of the body map, as plotly trace dicts: body, landmarks, zones, trigger points, regions.

Each function returns plain trace dicts (the figure validates them once), with
``meta`` saying what the trace shows (``role``, ``view``, and the muscle or
regions), so tests and widgets read a figure's content without parsing names.
The muscle drawings themselves are in :mod:`.muscle_drawing`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..knowledge import KnowledgeBase
from ..knowledge.models import Muscle, Region, TriggerPoint, View
from . import geometry
from .bodymap_frame import BodyMapLayout
from .zone_style import ENDANGER, LANDMARK, OUTLINE, REGION_BLUE, SKIN, ZONES, rgba, zone_phrase

__all__ = [
    "joined", "silhouette_trace", "landmark_traces", "zone_trace", "trigger_point_trace",
    "selected_region_trace", "endangerment_traces", "point_number", "wrap",
]

Trace = dict[str, Any]


def joined(polygons: Sequence[Sequence[Sequence[float]]], *, closed: bool = True, digits: int = 2) -> tuple[list[float | None], list[float | None]]:
    """Several outlines in one trace, separated by gaps (``None``); closed ones repeat their first point."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for poly in polygons:
        if xs:
            xs.append(None)
            ys.append(None)
        pts = list(poly) + ([poly[0]] if closed else [])
        xs += [round(p[0], digits) for p in pts]
        ys += [round(p[1], digits) for p in pts]
    return xs, ys


def wrap(text: str, width: int = 60) -> str:
    """Hover text broken into lines (plotly does not wrap)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _on(layout: BodyMapLayout, view: str) -> dict[str, str]:
    xa, ya = layout.axes(view)
    return {"xaxis": xa, "yaxis": ya}


@lru_cache(maxsize=4)
def _silhouette(view: str) -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
    xs, ys = joined(geometry.body_outline()["views"][view], digits=1)
    return tuple(xs), tuple(ys)


def silhouette_trace(layout: BodyMapLayout, view: View) -> Trace:
    xs, ys = _silhouette(view)
    return {
        "type": "scatter", **_on(layout, view), "x": list(xs), "y": list(ys), "mode": "lines", "fill": "toself", "fillcolor": SKIN,
        "line": {"color": OUTLINE, "width": 1.2}, "hoverinfo": "skip", "name": f"{view} silhouette", "showlegend": False,
        "meta": {"role": "silhouette", "view": view},
    }


def landmark_traces(K: KnowledgeBase, layout: BodyMapLayout, view: View) -> list[Trace]:
    """Faint bones (dotted) and face features (thin lines), each named on hover."""
    traces = []
    for kind, colour, dash, width in (("feature", "#8E857F", "solid", 0.9), ("bone", LANDMARK, "dot", 1.1)):
        lines: list[list[tuple[float, float]]] = []
        labels: list[str | None] = []
        for mark in K.landmarks.values():
            if mark.kind != kind:
                continue
            for part in mark.views.get(view, []):
                pts = list(part.points) + ([part.points[0]] if part.closed else [])
                lines.append(pts)
                if labels:
                    labels.append(None)
                labels += [mark.label] * len(pts)
        if not lines:
            continue
        xs, ys = joined(lines, closed=False)
        traces.append({
            "type": "scatter", **_on(layout, view), "x": xs, "y": ys, "mode": "lines+markers", "line": {"color": colour, "width": width, "dash": dash, "shape": "spline", "smoothing": 0.8},
            "marker": {"size": 6, "opacity": 0}, "text": labels, "hovertemplate": "%{text}<extra></extra>", "name": f"{view} {kind} landmarks",
            "showlegend": False, "meta": {"role": f"{kind}-landmarks", "view": view},
        })
    return traces


def zone_trace(regions: Sequence[Region], layout: BodyMapLayout, view: View, *, muscle: Muscle, zone: str, colour: str, show_legend: bool) -> Trace:
    """One muscle's zone on one view: its regions filled as one patch (solid or dotted)."""
    style = ZONES[zone]
    xs, ys = joined([geometry.counter_clockwise(r.shapes[view]) for r in regions], digits=1)
    trace: Trace = {
        "type": "scatter", **_on(layout, view), "x": xs, "y": ys, "mode": "lines", "fill": "toself",
        "fillcolor": rgba(colour, style.fill_alpha), "line": {"color": rgba(colour, 0.0), "width": 0, "shape": "spline", "smoothing": 0.6},
        "name": f"{muscle.name}: {zone_phrase(zone)}", "legendgroup": f"{muscle.id}-{zone}", "showlegend": show_legend,
        "hoveron": "fills", "hoverinfo": "text", "text": f"{muscle.name}<br>{zone_phrase(zone)}: " + ", ".join(r.label for r in regions),
        "meta": {"role": f"{zone}-zone", "muscle": muscle.id, "regions": [r.id for r in regions], "view": view},
    }
    if zone == "spillover":
        trace["fillpattern"] = {"shape": ".", "fgcolor": colour, "bgcolor": rgba(colour, style.fill_alpha), "size": 6, "solidity": 0.5}
    return trace


def point_number(tp: TriggerPoint, index: int) -> str:
    """The number written beside a trigger point's X: the digits of its id (``tp3`` -> 3), else its position."""
    found = re.fullmatch(r"tp(\d+)", tp.id)
    return found.group(1) if found else str(index + 1)


def trigger_point_trace(points: Sequence[tuple[int, TriggerPoint]], layout: BodyMapLayout, view: View, *, muscle: Muscle,
                        show_legend: bool, colour: str = "#000000") -> Trace:
    """A muscle's trigger points on one view: a bold X each, numbered, described on hover (black, or the muscle's colour on a map of several)."""
    numbers = [point_number(tp, i) for i, tp in points]
    return {
        "type": "scatter", **_on(layout, view), "x": [tp.x for _, tp in points], "y": [tp.y for _, tp in points],
        "mode": "markers+text", "text": numbers, "textposition": _number_places([(tp.x, tp.y) for _, tp in points]),
        "textfont": {"size": 13, "color": colour},
        "marker": {"symbol": "x", "size": 14, "color": colour, "line": {"color": "#FFFFFF", "width": 1.5}},
        "name": f"{muscle.name}: trigger point (X, numbered)", "legendgroup": f"{muscle.id}-tp", "showlegend": show_legend,
        "hovertext": [f"<b>{muscle.name}, trigger point {n}</b><br>{wrap(tp.description)}" for n, (_, tp) in zip(numbers, points, strict=True)],
        "hoverinfo": "text", "meta": {"role": "trigger-points", "muscle": muscle.id, "ids": [tp.id for _, tp in points], "view": view},
    }


def _number_places(xy: Sequence[tuple[float, float]]) -> list[str]:
    """Where each X's number goes: on the side away from its nearest neighbour, so numbers do not collide."""
    places = []
    for i, (x, y) in enumerate(xy):
        others = [(ox, oy) for j, (ox, oy) in enumerate(xy) if j != i]
        if not others:
            places.append("top right")
            continue
        nx, ny = min(others, key=lambda o: (o[0] - x) ** 2 + (o[1] - y) ** 2)
        places.append(("bottom" if ny > y else "top") + " " + ("left" if nx > x else "right"))
    return places


def selected_region_trace(regions: Sequence[Region], layout: BodyMapLayout, view: View, *, show_legend: bool) -> Trace:
    xs, ys = joined([geometry.counter_clockwise(r.shapes[view]) for r in regions])
    label = ", ".join(r.label for r in regions)
    return {
        "type": "scatter", **_on(layout, view), "x": xs, "y": ys, "mode": "lines", "fill": "toself", "fillcolor": rgba(REGION_BLUE, 0.0),
        "fillpattern": {"shape": "/", "fgcolor": REGION_BLUE, "size": 6, "solidity": 0.3}, "line": {"color": REGION_BLUE, "width": 2.2},
        "name": f"Selected: {label if len(regions) < 4 else 'regions'} (hatched)", "legendgroup": "selected", "showlegend": show_legend,
        "hoveron": "fills", "hoverinfo": "text", "text": f"Selected region: {label}",
        "meta": {"role": "selected-region", "regions": [r.id for r in regions], "view": view},
    }


def endangerment_traces(K: KnowledgeBase, layout: BodyMapLayout) -> list[Trace]:
    traces: list[Trace] = []
    for site in K.endangerment_sites.values():
        for rid in site.regions:
            region = K.regions[rid]
            for view in layout.views:
                if view not in region.shapes:
                    continue
                xs, ys = joined([region.shapes[view]])
                traces.append({
                    "type": "scatter", **_on(layout, view), "x": xs, "y": ys, "mode": "lines", "fill": "toself", "fillcolor": rgba(ENDANGER, 0.0),
                    "fillpattern": {"shape": "x", "fgcolor": ENDANGER, "size": 5, "solidity": 0.35}, "line": {"color": ENDANGER, "width": 1.2, "dash": "dash"},
                    "name": "Endangerment site (cross-hatched)", "legendgroup": "endangerment", "showlegend": not traces,
                    "hoveron": "fills", "hoverinfo": "text", "text": f"Endangerment site: {site.name}<br>At risk: {', '.join(site.structures)}",
                    "meta": {"role": "endangerment", "site": site.id, "region": rid, "view": view},
                })
    return traces
