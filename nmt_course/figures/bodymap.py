"""The body map: front and back silhouettes with trigger points and referral zones.

``body_map(muscles=["upper-trapezius"])`` draws, for each muscle, its trigger
points as X markers, its essential zone solid and its spillover zone dotted
(the convention of the Trigger Point Manual: solid = essential, stippled =
spillover). Colours come from the Okabe-Ito colour-blind-safe palette, and
every cue also has a non-colour form: fill pattern, marker shape and legend
text. ``regions=[...]`` outlines chosen regions (hatched), and
``endangerment=True`` overlays the endangerment sites (cross-hatched).

Each view is its own subplot (front on the left, back on the right) in the
body-map frame, with equal scales; ``zoom=True`` crops both views to the
drawn features. :func:`region_at` turns a clicked point back into a region.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import plotly.graph_objects as go

from . import geometry
from .. import knowledge as kb
from .described import DescribedFigure
from ..knowledge.models import FRAME_HEIGHT, FRAME_WIDTH, Muscle, Region

__all__ = ["BodyMapLayout", "body_map", "region_at", "CLICK_GRID_NAME"]

ViewChoice = Literal["both", "front", "back"]

CLICK_GRID_NAME = "click-grid"
CLICK_STEP = 2.5

# Okabe & Ito (2008) colour-blind-safe palette
PALETTE = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
SKIN = "#F3EEE8"
OUTLINE = "#4D4D4D"
REGION_BLUE = "#0072B2"
ENDANGER = "#7A3E9D"


@dataclass(frozen=True)
class BodyMapLayout:
    """Which views are drawn, and the axes each one uses."""

    views: tuple[str, ...]

    def axes(self, view: str) -> tuple[str, str]:
        """(xaxis, yaxis) trace references for a view: ("x", "y") or ("x2", "y2")."""
        i = self.views.index(view)
        return ("x", "y") if i == 0 else ("x2", "y2")


def _layout_for(view: ViewChoice) -> BodyMapLayout:
    if view not in ("both", "front", "back"):
        raise ValueError(f'view must be "both", "front" or "back", not {view!r}')
    return BodyMapLayout(("front", "back") if view == "both" else (view,))


def region_at(view: str, x: float, y: float, *, K: kb.KnowledgeBase | None = None) -> Region | None:
    """The smallest region of that view under a point (point in polygon), or None."""
    K = K or kb.load()
    hits = [r for r in K.regions.values() if view in r.shapes and geometry.contains(r.shapes[view], x, y)]
    if not hits:
        return None
    return min(hits, key=lambda r: geometry.area(r.shapes[view]))


def _closed(points: Sequence[Sequence[float]]) -> tuple[list[float], list[float]]:
    xs = [round(p[0], 1) for p in points]
    ys = [round(p[1], 1) for p in points]
    return xs + xs[:1], ys + ys[:1]


def _polygons(regions: Sequence[Region], view: str) -> tuple[list[float | None], list[float | None]]:
    """Several closed outlines in one trace, separated by gaps (``None``)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for region in regions:
        px, py = _closed(region.shapes[view])
        if xs:
            xs.append(None)
            ys.append(None)
        xs += px
        ys += py
    return xs, ys


def _silhouette_traces(layout: BodyMapLayout) -> list[go.Scatter]:
    traces = []
    outline = geometry.body_outline()["views"]
    for v in layout.views:
        xa, ya = layout.axes(v)
        for poly in outline[v]:
            xs, ys = _closed(poly)
            traces.append(
                go.Scatter(
                    xaxis=xa, yaxis=ya,
                    x=xs, y=ys, mode="lines", fill="toself", fillcolor=SKIN,
                    line={"color": OUTLINE, "width": 1.2}, hoverinfo="skip",
                    name=f"{v} silhouette", showlegend=False, legendgroup="body", meta={"role": "silhouette", "view": v},
                )
            )
    return traces


@lru_cache(maxsize=2)
def _grid_points(view: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Points every CLICK_STEP units that lie on the silhouette (computed once per view)."""
    outline = geometry.body_outline()["views"][view]
    xs: list[float] = []
    ys: list[float] = []
    y = CLICK_STEP / 2
    while y < FRAME_HEIGHT:
        x = CLICK_STEP / 2
        while x < FRAME_WIDTH:
            if any(geometry.contains(poly, x, y) for poly in outline):
                xs.append(round(x, 2))
                ys.append(round(y, 2))
            x += CLICK_STEP
        y += CLICK_STEP
    return tuple(xs), tuple(ys)


def _click_grids(layout: BodyMapLayout) -> list[go.Scatter]:
    """Invisible points over the body so a click anywhere on it reports a position."""
    grids = []
    for v in layout.views:
        xs, ys = _grid_points(v)
        xa, ya = layout.axes(v)
        grids.append(
            go.Scatter(
                x=xs, y=ys, xaxis=xa, yaxis=ya, mode="markers", name=CLICK_GRID_NAME, showlegend=False,
                marker={"size": 9, "opacity": 0, "color": "#000000"}, hoverinfo="none", meta={"role": "click-grid", "view": v},
            )
        )
    return grids


def _zone_trace(regions: list[Region], view: str, layout: BodyMapLayout, *, muscle: Muscle, zone: str, colour: str, show_legend: bool) -> go.Scatter:
    """One trace per muscle, zone and view: its regions as separate filled outlines."""
    xs, ys = _polygons(regions, view)
    xa, ya = layout.axes(view)
    essential = zone == "essential"
    return go.Scatter(
        xaxis=xa, yaxis=ya,
        x=xs, y=ys, mode="lines", fill="toself",
        fillcolor=_rgba(colour, 0.72 if essential else 0.0),
        fillpattern=None if essential else {"shape": ".", "fgcolor": colour, "size": 5, "solidity": 0.45, "bgcolor": "rgba(255,255,255,0)"},
        line={"color": colour, "width": 1.4 if essential else 1.0, "dash": "solid" if essential else "dot"},
        name=f"{muscle.name}: {'essential zone (solid)' if essential else 'spillover zone (dotted)'}",
        legendgroup=f"{muscle.id}-{zone}", showlegend=show_legend,
        hoveron="fills", hoverinfo="text",
        text=f"{muscle.name}<br>{zone} zone: " + ", ".join(r.label for r in regions),
        meta={"role": f"{zone}-zone", "muscle": muscle.id, "regions": [r.id for r in regions], "view": view},
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _zones_of(muscle: Muscle, trigger_point: str | None) -> tuple[list[str], list[str], list[Any]]:
    points = list(muscle.trigger_points)
    if trigger_point is not None:
        points = [tp for tp in points if tp.id == trigger_point]
        if not points:
            raise ValueError(f"{muscle.name} has no trigger point {trigger_point!r}")
        if points[0].referral is not None:
            return list(points[0].referral.essential), list(points[0].referral.spillover), points
    return list(muscle.referral.essential), list(muscle.referral.spillover), points


def body_map(
    muscles: Iterable[str] = (),
    regions: Iterable[str] = (),
    view: ViewChoice = "both",
    *,
    trigger_point: str | None = None,
    endangerment: bool = False,
    clickable: bool = False,
    zoom: bool = False,
    title: str | None = None,
    height: int = 620,
) -> go.Figure:
    """A body map of the given muscles' patterns and highlighted regions.

    ``muscles`` and ``regions`` accept ids, names or aliases. ``trigger_point``
    (with one muscle) shows only that trigger point and its own zones.
    ``clickable`` adds an invisible grid so clicks report a position (see
    :func:`region_at`). ``zoom`` crops both views to what is drawn.
    """
    K = kb.load()
    layout = _layout_for(view)
    chosen = [K.muscle(m) for m in muscles]
    marked = [K.region(r) for r in regions]
    if trigger_point is not None and len(chosen) != 1:
        raise ValueError("trigger_point needs exactly one muscle")

    # static traces first (the same for every selection, so widgets can keep them), then the selection
    traces: list[go.Scatter] = _silhouette_traces(layout) + (_click_grids(layout) if clickable else [])
    described: list[str] = []
    for i, muscle in enumerate(chosen):
        colour = PALETTE[i % len(PALETTE)]
        essential, spillover, points = _zones_of(muscle, trigger_point)
        for zone, ids in (("spillover", spillover), ("essential", essential)):
            shown = False
            for v in layout.views:
                on_view = [K.regions[rid] for rid in ids if v in K.regions[rid].shapes]
                if on_view:
                    traces.append(_zone_trace(on_view, v, layout, muscle=muscle, zone=zone, colour=colour, show_legend=not shown))
                    shown = True
        for v in layout.views:
            tps = [tp for tp in points if tp.view == v]
            if not tps:
                continue
            xa, ya = layout.axes(v)
            traces.append(
                go.Scatter(
                    x=[tp.x for tp in tps], y=[tp.y for tp in tps], xaxis=xa, yaxis=ya,
                    mode="markers", name=f"{muscle.name}: trigger point (X)", legendgroup=f"{muscle.id}-tp",
                    showlegend=not any(t.meta and t.meta.get("role") == "trigger-points" and t.meta.get("muscle") == muscle.id for t in traces),
                    marker={"symbol": "x", "size": 15, "color": "#000000", "line": {"color": "#FFFFFF", "width": 1.5}},
                    hoverinfo="text", text=[f"{muscle.name}<br>trigger point {tp.id}: {tp.description}" for tp in tps],
                    meta={"role": "trigger-points", "muscle": muscle.id, "ids": [tp.id for tp in tps], "view": v},
                )
            )
        described.append(_describe_muscle(K, muscle, essential, spillover, points))

    shown = False
    for v in layout.views:
        on_view = [r for r in marked if v in r.shapes]
        if not on_view:
            continue
        xs, ys = _polygons(on_view, v)
        xa, ya = layout.axes(v)
        label = ", ".join(r.label for r in on_view)
        traces.append(
            go.Scatter(
                x=xs, y=ys, xaxis=xa, yaxis=ya, mode="lines", fill="toself", fillcolor=_rgba(REGION_BLUE, 0.0),
                fillpattern={"shape": "/", "fgcolor": REGION_BLUE, "size": 6, "solidity": 0.3},
                line={"color": REGION_BLUE, "width": 2.2}, name=f"Selected: {label if len(on_view) < 4 else 'regions'} (hatched)",
                legendgroup="selected", showlegend=not shown, hoveron="fills", hoverinfo="text",
                text=f"Selected region: {label}", meta={"role": "selected-region", "regions": [r.id for r in on_view], "view": v},
            )
        )
        shown = True
    if marked:
        described.append("Highlighted (blue, hatched): " + ", ".join(r.label.lower() for r in marked) + ".")

    if endangerment:
        traces += _endangerment_traces(K, layout)
        described.append(
            "Endangerment sites are cross-hatched in purple: "
            + "; ".join(e.name.lower() for e in K.endangerment_sites.values())
            + ". Work them with broad, flat, lighter pressure."
        )

    fig = DescribedFigure(data=traces)
    views_text = " and ".join(layout.views)
    intro = f"Body map, {views_text} view{'s' if len(layout.views) == 2 else ''}. The client's right side is marked R."
    if not chosen and not marked:
        intro += " No muscle or region is selected."
    description = " ".join([intro, *described])
    box = _feature_box(traces) if zoom else None
    _style(fig, layout, title=title, description=description, height=height, box=box)
    return fig


def _describe_muscle(K: kb.KnowledgeBase, muscle: Muscle, essential: list[str], spillover: list[str], points: list[Any]) -> str:
    n = len(points)
    text = f"{muscle.name}: {n} trigger point{'s' if n != 1 else ''} marked with an X"
    text += "; essential zone (solid): " + ", ".join(K.regions[r].label.lower() for r in essential)
    if spillover:
        text += "; spillover zone (dotted): " + ", ".join(K.regions[r].label.lower() for r in spillover)
    return text + "."


def _endangerment_traces(K: kb.KnowledgeBase, layout: BodyMapLayout) -> list[go.Scatter]:
    traces = []
    first = True
    for site in K.endangerment_sites.values():
        for rid in site.regions:
            region = K.regions[rid]
            for v in layout.views:
                if v not in region.shapes:
                    continue
                xs, ys = _closed(region.shapes[v])
                xa, ya = layout.axes(v)
                traces.append(
                    go.Scatter(
                        x=xs, y=ys, xaxis=xa, yaxis=ya, mode="lines", fill="toself", fillcolor=_rgba(ENDANGER, 0.0),
                        fillpattern={"shape": "x", "fgcolor": ENDANGER, "size": 5, "solidity": 0.35},
                        line={"color": ENDANGER, "width": 1.2, "dash": "dash"},
                        name="Endangerment site (cross-hatched)", legendgroup="endangerment", showlegend=first,
                        hoveron="fills", hoverinfo="text",
                        text=f"Endangerment site: {site.name}<br>At risk: {', '.join(site.structures)}",
                        meta={"role": "endangerment", "site": site.id, "region": rid, "view": v},
                    )
                )
                first = False
    return traces


def _feature_box(traces: list[go.Scatter], pad: float = 10.0, minimum: float = 56.0) -> tuple[float, float, float, float] | None:
    """The bounding box (x0, x1, y0, y1) of everything but the silhouette and click grid."""
    xs: list[float] = []
    ys: list[float] = []
    for t in traces:
        role = (t.meta or {}).get("role")
        if role in {"silhouette", "click-grid", "endangerment"}:
            continue
        xs += [x for x in t.x if x is not None]
        ys += [y for y in t.y if y is not None]
    if not xs:
        return None
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    if x1 - x0 < minimum:
        mid = (x0 + x1) / 2
        x0, x1 = mid - minimum / 2, mid + minimum / 2
    if y1 - y0 < minimum:
        mid = (y0 + y1) / 2
        y0, y1 = mid - minimum / 2, mid + minimum / 2
    return max(x0, -2.0), min(x1, FRAME_WIDTH + 2), max(y0, -2.0), min(y1, FRAME_HEIGHT + 2)


def _style(fig: go.Figure, layout: BodyMapLayout, *, title: str | None, description: str, height: int, box: tuple[float, float, float, float] | None) -> None:
    x0, x1, y0, y1 = box or (-2.0, FRAME_WIDTH + 2, -2.0, FRAME_HEIGHT + 2)
    n = len(layout.views)
    annotations = []
    for i, v in enumerate(layout.views):
        xa, ya = layout.axes(v)
        annotations.append({"xref": "paper", "yref": "paper", "x": (i + 0.5) / n, "y": 1.0, "yanchor": "bottom", "text": f"<b>{v.capitalize()}</b>", "showarrow": False, "font": {"size": 15}})
        # the client's right: left of the picture on the front view, right on the back view
        annotations.append({"xref": f"{xa} domain", "yref": f"{ya} domain", "x": 0.02 if v == "front" else 0.98, "y": 0.97, "text": "<b>R</b>", "showarrow": False, "font": {"size": 14, "color": "#333"}, "hovertext": "the client's right side"})
    fig.update_layout(
        title={"text": title, "x": 0.5, "y": 0.98} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 70 if title else 40, "b": 10},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "center", "x": 0.5, "font": {"size": 12}},
        hovermode="closest",
        dragmode=False,
        annotations=annotations,
        meta={"description": description},
        font={"family": "DejaVu Sans, Arial, sans-serif"},
    )
    for i, v in enumerate(layout.views):
        suffix = "" if i == 0 else "2"
        gap = 0.02
        fig.layout[f"xaxis{suffix}"] = {"domain": [i / n + (gap if i else 0), (i + 1) / n - (0 if i else gap)], "range": [x0, x1], "visible": False, "fixedrange": True, "anchor": f"y{suffix}"}
        fig.layout[f"yaxis{suffix}"] = {"range": [y0, y1], "visible": False, "fixedrange": True, "scaleanchor": f"x{suffix}", "scaleratio": 1, "anchor": f"x{suffix}"}
