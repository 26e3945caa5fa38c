"""Framing the body map: which views are drawn, what part of each is shown, how they are laid out.

- :func:`choose_views` keeps only the views that carry something (a back-only
  pattern does not spend half the width on an empty front view).
- :func:`frame_box` fits a view's frame to what is drawn on it, with a margin,
  and moves any edge that would cut a limb mid-way out to the next joint; a
  head, hand or foot that is touched is shown whole.
- :func:`page_layout` lays the views side by side, each as wide as its frame
  needs at one common scale, and adds to ``layout.meta["stacked"]`` the layout
  for narrow screens (below 600 px), where the views are stacked vertically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..knowledge.models import FRAME_HEIGHT, FRAME_WIDTH, VIEWS, View

__all__ = ["ViewChoice", "BodyMapLayout", "choose_views", "frame_box", "page_layout", "narrow_layout", "VIEW_TITLES", "NARROW_BELOW", "Box"]

ViewChoice = Literal["auto", "both", "front", "back", "side", "all"]
Box = tuple[float, float, float, float]  # x0, x1, y0, y1

NARROW_BELOW = 600  # px: below this width the views are stacked
VIEW_TITLES = {"front": "Front", "back": "Back", "side": "Side (client's right)"}
WHOLE_VIEW: dict[str, Box] = {"front": (-2.0, FRAME_WIDTH + 2, -2.0, FRAME_HEIGHT + 2), "back": (-2.0, FRAME_WIDTH + 2, -2.0, FRAME_HEIGHT + 2), "side": (36.0, 84.0, -2.0, FRAME_HEIGHT + 2)}
_WIDE_PLOT_PX = 860  # the plot width the wide layout is designed for
_NARROW_PLOT_PX = 360


@dataclass(frozen=True)
class BodyMapLayout:
    """Which views are drawn (in order), and the axes each one uses."""

    views: tuple[View, ...]

    def axes(self, view: str) -> tuple[str, str]:
        """(xaxis, yaxis) trace references for a view: ("x", "y"), ("x2", "y2")..."""
        i = self.views.index(view)
        return ("x", "y") if i == 0 else (f"x{i + 1}", f"y{i + 1}")

    def axis_keys(self, view: str) -> tuple[str, str]:
        """The layout keys of a view's axes: ("xaxis", "yaxis"), ("xaxis2", "yaxis2")..."""
        xa, ya = self.axes(view)
        return "xaxis" + xa[1:], "yaxis" + ya[1:]


def choose_views(choice: str, wanted: Iterable[str] = ()) -> BodyMapLayout:
    """The views to draw: ``"auto"`` keeps the views that carry something (front and back when nothing does)."""
    fixed: dict[str, tuple[View, ...]] = {"both": ("front", "back"), "all": VIEWS, "front": ("front",), "back": ("back",), "side": ("side",)}
    if choice == "auto":
        carried = set(wanted)
        return BodyMapLayout(tuple(v for v in VIEWS if v in carried) or ("front", "back"))
    if choice not in fixed:
        raise ValueError(f'view must be "auto", "both", "all", "front", "back" or "side", not {choice!r}')
    return BodyMapLayout(fixed[choice])


# Limb segments, for framing: (x0, x1, y0, y1, whole). "whole" parts (head,
# hands, feet) are shown entirely once touched; a frame edge falling across the
# middle of another segment is moved out to the segment's end (a joint).
_FRONT_RIGHT = [
    (50.5, 69.5, 168.0, 191.0, True),  # head (both sides)
    (9.5, 18.6, 85.9, 101.0, True),  # hand
    (13.0, 32.5, 99.0, 127.0, False),  # forearm
    (28.0, 46.5, 121.0, 158.5, False),  # upper arm
    (41.4, 60.0, 49.0, 96.0, False),  # thigh
    (43.0, 56.2, 10.0, 51.0, False),  # leg
    (42.5, 56.2, 0.0, 12.0, True),  # foot
]


def _mirrored(parts: list[tuple[float, float, float, float, bool]]) -> list[tuple[float, float, float, float, bool]]:
    return parts + [(FRAME_WIDTH - x1, FRAME_WIDTH - x0, y0, y1, whole) for x0, x1, y0, y1, whole in parts[1:]]


_BACK_RIGHT = [(x0, x1, y0, 81.0 if (y0, y1) == (49.0, 96.0) else y1, whole) for x0, x1, y0, y1, whole in _FRONT_RIGHT]  # the thigh starts at the gluteal fold

_SEGMENTS = {
    "front": _mirrored(_FRONT_RIGHT),
    "back": _mirrored(_BACK_RIGHT),
    "side": [
        (46.8, 72.0, 168.0, 191.0, True),  # head
        (46.4, 66.5, 49.0, 93.0, False),  # thigh
        (49.8, 63.8, 9.0, 51.0, False),  # leg
        (52.0, 73.5, 0.0, 10.0, True),  # foot
    ],
}


def frame_box(points: Sequence[tuple[float, float]], view: str, *, pad: float = 4.0, minimum: float = 24.0,
              heights: tuple[float, float] | None = None) -> Box:
    """A frame around the points, with a margin, no smaller than ``minimum``, cutting no limb mid-way.

    A head, hand or foot that carries a point, or is mostly in the frame, is
    shown whole. A limb segment (upper arm, forearm, thigh, leg) whose width
    is in the frame is never cut across its middle: the edge moves to a joint,
    inward when nothing drawn is lost, else outward; a segment carrying a
    point is also never cut along its length. ``heights`` fixes the frame's
    lower and upper edge (so that views side by side show the same band of
    the body) before the limb rules apply.
    """
    if not points:
        return WHOLE_VIEW[view]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    size = max(max(xs) - min(xs), max(ys) - min(ys))
    margin = max(pad, 0.08 * size)
    low, high = min(ys) - margin / 2, max(ys) + margin / 2  # how far an edge may move in without losing anything
    x0, x1, y0, y1 = min(xs) - margin, max(xs) + margin, min(ys) - margin, max(ys) + margin
    x0, x1 = _at_least(x0, x1, minimum)
    y0, y1 = _at_least(y0, y1, minimum) if heights is None else heights
    carrying = [seg for seg in _SEGMENTS[view] if any(seg[0] <= x <= seg[1] and seg[2] <= y <= seg[3] for x, y in points)]
    for _ in range(5):  # moving one edge can make the frame reach another part
        before = (x0, x1, y0, y1)
        for seg in _SEGMENTS[view]:
            sx0, sx1, sy0, sy1, whole = seg
            wide = max(0.0, min(x1, sx1) - max(x0, sx0))
            tall = max(0.0, min(y1, sy1) - max(y0, sy0))
            if wide * tall <= 0:
                continue
            if whole:
                leave = _edge_leaving_out(seg, (x0, x1, y0, y1), xs, ys)
                if seg in carrying or wide * tall >= 0.3 * (sx1 - sx0) * (sy1 - sy0) or leave is None:
                    x0, x1, y0, y1 = min(x0, sx0 - 1), max(x1, sx1 + 1), min(y0, sy0 - 1), max(y1, sy1 + 1)
                else:  # only a corner of a hand or foot: move the edge so it is left out rather than cut
                    x0, x1, y0, y1 = leave
                continue
            if seg in carrying:
                x0, x1 = min(x0, sx0 - 1), max(x1, sx1 + 1)
            elif wide < 0.25 * (sx1 - sx0):
                continue  # only grazed at the side
            span = sy1 - sy0
            if sy0 + 0.4 * span < y0 < sy1 - 0.4 * span:  # the lower edge falls across the middle: to a joint
                y0 = sy1 + 1 if seg not in carrying and sy1 + 1 <= low else sy0 - 1
            if sy0 + 0.4 * span < y1 < sy1 - 0.4 * span:  # (within 40% of a joint, a cut is fine)
                y1 = sy0 - 1 if seg not in carrying and sy0 - 1 >= high else sy1 + 1
        if (x0, x1, y0, y1) == before:
            break
    wx0, wx1, wy0, wy1 = WHOLE_VIEW[view]
    return max(x0, wx0), min(x1, wx1), max(y0, wy0), min(y1, wy1)


def _edge_leaving_out(seg: tuple[float, float, float, float, bool], box: Box, xs: list[float], ys: list[float]) -> Box | None:
    """The frame with one edge moved just past a part, if that loses nothing drawn (the smallest such move), else None."""
    sx0, sx1, sy0, sy1, _ = seg
    x0, x1, y0, y1 = box
    moves = []
    if sy1 + 0.5 <= min(ys):
        moves.append((x0, x1, sy1 + 0.5, y1))
    if sy0 - 0.5 >= max(ys):
        moves.append((x0, x1, y0, sy0 - 0.5))
    if sx1 + 0.5 <= min(xs):
        moves.append((sx1 + 0.5, x1, y0, y1))
    if sx0 - 0.5 >= max(xs):
        moves.append((x0, sx0 - 0.5, y0, y1))
    moves = [m for m in moves if m[0] < m[1] and m[2] < m[3]]
    return max(moves, key=lambda m: (m[1] - m[0]) * (m[3] - m[2])) if moves else None


def _at_least(a: float, b: float, minimum: float) -> tuple[float, float]:
    if b - a >= minimum:
        return a, b
    mid = (a + b) / 2
    return mid - minimum / 2, mid + minimum / 2


def page_layout(layout: BodyMapLayout, boxes: dict[str, Box], *, title: str | None, legend_items: int) -> dict[str, Any]:
    """The figure layout: views side by side; ``"stacked"`` holds the layout for narrow screens (one view above the other)."""
    legend_rows = max(1, (legend_items + 2) // 3)
    aspects = [(boxes[v][1] - boxes[v][0]) / (boxes[v][3] - boxes[v][2]) for v in layout.views]
    gap = 0.03 if len(aspects) > 1 else 0.0
    plot_h = max(260.0, min(620.0, _WIDE_PLOT_PX * (1 - gap * (len(aspects) - 1)) / sum(aspects)))
    top = 70 if title else 44
    legend_px = 24 * legend_rows + 10
    out: dict[str, Any] = {
        "height": round(plot_h + top + legend_px),
        "margin": {"l": 6, "r": 6, "t": top, "b": legend_px},
        "annotations": [],
    }
    total = sum(aspects)
    usable = 1 - gap * (len(aspects) - 1)
    left = 0.0
    for view, aspect in zip(layout.views, aspects, strict=True):
        right = left + usable * aspect / total
        out.update(_axes(layout, view, boxes[view], x_domain=(left, right), y_domain=(0.0, 1.0)))
        out["annotations"].append(_view_title(view, x=(left + right) / 2, y=1.0))
        left = right + gap
    out["stacked"] = _stacked(layout, boxes, aspects, top=top, legend_px=24 * max(1, legend_items) + 10)
    return out


def _stacked(layout: BodyMapLayout, boxes: dict[str, Box], aspects: list[float], *, top: int, legend_px: int) -> dict[str, Any]:
    """The same views one above the other, for a plot about 360 px wide (the widget scales it to the real width)."""
    title_px = 26
    heights = [min(_NARROW_PLOT_PX / a, 560.0) for a in aspects]
    total = sum(heights) + title_px * (len(heights) - 1)
    stacked: dict[str, Any] = {
        "height": round(total + top + legend_px + 20), "annotations": [], "width_px": _NARROW_PLOT_PX,
        "margin": {"l": 6, "r": 6, "t": top, "b": legend_px},  # the legend has one entry a line on a phone
    }
    y = 1.0
    for view, h in zip(layout.views, heights, strict=True):
        y_top, y_bottom = y, y - h / total
        stacked.update(_axes(layout, view, boxes[view], x_domain=(0.0, 1.0), y_domain=(max(y_bottom, 0.0), y_top)))
        stacked["annotations"].append(_view_title(view, x=0.5, y=y_top))
        y = y_bottom - title_px / total
    return stacked


def narrow_layout(layout: dict[str, Any], width: float) -> dict[str, Any]:
    """The figure's layout as drawn ``width`` px wide below :data:`NARROW_BELOW` (what plot_view.js does in the page)."""
    out = dict(layout)
    stacked = layout["meta"]["stacked"]
    for key, value in stacked.items():
        if key not in ("height", "width_px", "annotations"):
            out[key] = value
    titles = [a for a in layout.get("annotations", []) if not str(a.get("name", "")).startswith("view-title-")]
    out["annotations"] = stacked["annotations"] + titles
    out["height"] = round(stacked["height"] * max(0.8, min(width / stacked["width_px"], 1.6)))
    return out


def _axes(layout: BodyMapLayout, view: str, box: Box, *, x_domain: tuple[float, float], y_domain: tuple[float, float]) -> dict[str, Any]:
    xkey, ykey = layout.axis_keys(view)
    xa, ya = layout.axes(view)
    x0, x1, y0, y1 = box
    return {
        xkey: {"domain": [round(x_domain[0], 4), round(x_domain[1], 4)], "range": [round(x0, 2), round(x1, 2)], "visible": False, "fixedrange": True, "anchor": ya, "constrain": "domain"},
        ykey: {"domain": [round(y_domain[0], 4), round(y_domain[1], 4)], "range": [round(y0, 2), round(y1, 2)], "visible": False, "fixedrange": True, "anchor": xa, "scaleanchor": xa, "scaleratio": 1, "constrain": "domain"},
    }


def _view_title(view: str, *, x: float, y: float) -> dict[str, Any]:
    return {
        "xref": "paper", "yref": "paper", "x": round(x, 4), "y": round(y, 4), "yanchor": "bottom", "showarrow": False,
        "text": f"<b>{VIEW_TITLES[view]}</b>", "font": {"size": 14}, "name": f"view-title-{view}",
    }
