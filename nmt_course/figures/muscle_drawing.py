"""The muscle itself on the body map: its belly, the line of its fibres, its attachments and its name.

A drawing (:class:`~nmt_course.knowledge.drawings.MuscleShape`) becomes, per
view, a few traces and one label:

- ``"<Muscle name>: muscle"``: the belly, filled, drawn under the zones (the
  one trace per view that checks look for);
- ``"<Muscle name>: fibre direction"``: the outline again and the fibre lines,
  drawn over the zones so the muscle stays readable under a solid zone;
- ``"<Muscle name>: attachments"``: origin (circle) and insertion (square)
  marks, and thick lines for long attachments such as the nuchal line;
- a label with the muscle's name (and "deep" for a deep muscle, which is also
  drawn with a dashed outline), with a leader line to the belly when it is
  written outside it.

Outlines are smooth curves through the drawing's control points; the page
draws them (plotly's spline), so only the control points are sent.
"""

from __future__ import annotations

import textwrap
from typing import Any

from ..knowledge.drawings import MuscleShape, ShapeView
from ..knowledge.models import Muscle, View
from . import geometry
from .bodymap_frame import BodyMapLayout
from .bodymap_layers import joined, wrap
from .zone_style import DEEP_WORD, MUSCLE_FIBRE, MUSCLE_FILL, MUSCLE_LINE, rgba

__all__ = ["muscle_layers", "muscle_label", "MuscleLayers"]

Trace = dict[str, Any]
MuscleLayers = tuple[list[Trace], list[Trace], list[dict[str, Any]]]  # (under the zones, over the zones, annotations)


def muscle_label(muscle: Muscle, shape: MuscleShape) -> str:
    """The name written on the drawing: "Piriformis (deep)" for a deep muscle."""
    return f"{muscle.name} ({DEEP_WORD})" if shape.depth == "deep" else muscle.name


def _outline(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The control points, counter-clockwise, starting and ending halfway along the first side.

    A spline through them then closes without a visible corner (plotly's
    spline bends at every point but the first and the last).
    """
    pts = geometry.counter_clockwise(points)
    mid = ((pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2)
    return [mid, *pts[1:], pts[0]]


def _spline(width: float, colour: str, dash: str) -> dict[str, Any]:
    return {"color": colour, "width": width, "dash": dash, "shape": "spline", "smoothing": 1.0}


def muscle_layers(muscle: Muscle, shape: MuscleShape, layout: BodyMapLayout, view: View, *, show_legend: bool, detail: bool = True) -> MuscleLayers:
    """The traces and label of one muscle on one view (nothing when the drawing has no such view).

    Without ``detail`` (a map of several muscles) the fibre lines and
    attachment marks are left out, so the zones stay readable.
    """
    drawn = shape.views.get(view)
    if drawn is None:
        return [], [], []
    xa, ya = layout.axes(view)
    deep = shape.depth == "deep"
    label = muscle_label(muscle, shape)
    outlines = [_outline(list(part.outline)) for part in drawn.parts]
    xs, ys = joined(outlines, digits=1)
    ends = {a.end: a.name for a in drawn.attachments}
    about = [f"<b>{label}</b>"] + [f"{end}: {name}" for end, name in sorted(ends.items(), reverse=True)]
    parts = [p.name for p in drawn.parts if p.name]
    if parts:
        about.append("parts: " + ", ".join(parts))
    belly: Trace = {
        "type": "scatter", "xaxis": xa, "yaxis": ya, "x": xs, "y": ys, "mode": "lines", "fill": "toself",
        "fillcolor": rgba(MUSCLE_FILL, 0.55 if deep else 0.95), "line": _spline(1.3, MUSCLE_LINE, "dash" if deep else "solid"),
        "name": f"{muscle.name}: muscle", "legendgroup": f"{muscle.id}-muscle", "showlegend": show_legend,
        "hoveron": "fills", "hoverinfo": "text", "text": wrap("<br>".join(about), 200),
        "meta": {"role": "muscle", "muscle": muscle.id, "view": view, "depth": shape.depth},
    }
    fx, fy = joined(outlines, digits=1)
    gx, gy = joined([list(f) for p in drawn.parts for f in p.fibres] if detail else [], closed=False, digits=1)
    fibres: Trace = {
        "type": "scatter", "xaxis": xa, "yaxis": ya, "x": fx + ([None] if gx else []) + gx, "y": fy + ([None] if gy else []) + gy,
        "mode": "lines", "line": _spline(1.0, MUSCLE_FIBRE, "dash" if deep else "solid"), "hoverinfo": "skip",
        "name": f"{muscle.name}: fibre direction", "showlegend": False, "meta": {"role": "muscle-fibres", "muscle": muscle.id, "view": view},
    }
    over = [fibres]
    if drawn.attachments and detail:
        over.append(_attachment_trace(muscle, drawn, xa, ya, view))
    return [belly], over, [_label(label, drawn, outlines, xa, ya)]


def _attachment_trace(muscle: Muscle, drawn: ShapeView, xa: str, ya: str, view: str) -> Trace:
    xs: list[float | None] = []
    ys: list[float | None] = []
    symbols: list[str] = []
    text: list[str] = []
    for a in drawn.attachments:
        if xs:
            xs.append(None)
            ys.append(None)
            symbols.append("circle")
            text.append("")
        xs += [round(p[0], 1) for p in a.points]
        ys += [round(p[1], 1) for p in a.points]
        symbols += ["circle" if a.end == "origin" else "square"] * len(a.points)
        text += [f"{a.end}: {a.name}"] * len(a.points)  # the muscle's name is on the belly's hover
    return {
        "type": "scatter", "xaxis": xa, "yaxis": ya, "x": xs, "y": ys, "mode": "lines+markers",
        "line": {"color": MUSCLE_LINE, "width": 3}, "marker": {"symbol": symbols, "size": 7, "color": MUSCLE_LINE, "line": {"color": "#FFFFFF", "width": 1}},
        "hovertext": text, "hoverinfo": "text", "name": f"{muscle.name}: attachments (● origin, ■ insertion)",
        "legendgroup": f"{muscle.id}-muscle", "showlegend": False, "meta": {"role": "attachments", "muscle": muscle.id, "view": view},
    }


def _label(text: str, drawn: ShapeView, outlines: list[list[tuple[float, float]]], xa: str, ya: str) -> dict[str, Any]:
    biggest = max(outlines, key=geometry.area)
    cx, cy = geometry.centroid(biggest)
    if drawn.label is None:
        x, y, arrow = cx, cy, False
    else:
        x, y = drawn.label
        arrow = not any(geometry.contains(o, x, y) for o in outlines)
    note: dict[str, Any] = {
        "xref": xa, "yref": ya, "x": round(x, 2), "y": round(y, 2), "text": "<b>" + "<br>".join(textwrap.wrap(text, 18, break_long_words=False)) + "</b>", "showarrow": False,
        "font": {"size": 12, "color": "#3B2A24"}, "bgcolor": "rgba(255,255,255,0.82)", "borderpad": 2, "name": "muscle-label",
    }
    if arrow:  # the text sits at the label point, on the far side from the belly; a leader line runs to the belly
        note.update({"showarrow": True, "ax": round(x, 2), "ay": round(y, 2), "axref": xa, "ayref": ya, "x": round(cx, 2), "y": round(cy, 2),
                     "xanchor": "right" if x < cx else "left", "arrowhead": 0, "arrowwidth": 1, "arrowcolor": MUSCLE_LINE, "standoff": 2})
    return note
