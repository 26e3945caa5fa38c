"""Plane geometry for the body map: point in polygon, centroids, distances, smooth curves.

Pure Python (no numpy, no shapely): the polygons have a few dozen points and
the lookups happen one click at a time. Hand-drawn outlines (the side-view
silhouette, muscle bellies) are given as a few control points and turned into
smooth curves with a centripetal Catmull-Rom spline, which passes through every
control point and never loops or overshoots wildly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = [
    "Point", "contains", "centroid", "area", "distance_to_polygon", "body_outline", "inside_body",
    "smooth", "counter_clockwise", "bounds", "overlaps", "connected",
]

Point = tuple[float, float]

_OUTLINE = Path(__file__).resolve().parents[1] / "data" / "body_outline.json"


def contains(polygon: Sequence[Sequence[float]], x: float, y: float) -> bool:
    """True when (x, y) lies inside the polygon (even-odd rule; edges count as inside)."""
    inside = False
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if _on_segment(x, y, x1, y1, x2, y2):
            return True
        if (y1 > y) != (y2 > y):
            cross_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < cross_x:
                inside = not inside
    return inside


def _on_segment(px: float, py: float, x1: float, y1: float, x2: float, y2: float, eps: float = 1e-9) -> bool:
    cross = (px - x1) * (y2 - y1) - (py - y1) * (x2 - x1)
    if abs(cross) > eps:
        return False
    return min(x1, x2) - eps <= px <= max(x1, x2) + eps and min(y1, y2) - eps <= py <= max(y1, y2) + eps


def area(polygon: Sequence[Sequence[float]]) -> float:
    """Unsigned area (shoelace formula)."""
    s = 0.0
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def centroid(polygon: Sequence[Sequence[float]]) -> Point:
    """Area centroid; falls back to the vertex mean for degenerate polygons."""
    a = 0.0
    cx = cy = 0.0
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-12:
        return (sum(p[0] for p in polygon) / n, sum(p[1] for p in polygon) / n)
    return (cx / (3 * a), cy / (3 * a))


def distance_to_polygon(polygon: Sequence[Sequence[float]], x: float, y: float) -> float:
    """0 inside, else the distance to the nearest edge."""
    if contains(polygon, x, y):
        return 0.0
    best = float("inf")
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length2))
        qx, qy = x1 + t * dx, y1 + t * dy
        best = min(best, ((x - qx) ** 2 + (y - qy) ** 2) ** 0.5)
    return best


def overlaps(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> bool:
    """True when two polygons share any area or touch (a corner inside the other, or crossing edges)."""
    if any(contains(b, p[0], p[1]) for p in a) or any(contains(a, p[0], p[1]) for p in b):
        return True
    edges = lambda poly: [(poly[i], poly[(i + 1) % len(poly)]) for i in range(len(poly))]  # noqa: E731
    return any(_cross(p1, p2, q1, q2) for p1, p2 in edges(a) for q1, q2 in edges(b))


def _cross(p1: Sequence[float], p2: Sequence[float], q1: Sequence[float], q2: Sequence[float]) -> bool:
    def side(a: Sequence[float], b: Sequence[float], c: Sequence[float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = side(q1, q2, p1), side(q1, q2, p2), side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


def connected(polygons: Sequence[Sequence[Sequence[float]]]) -> bool:
    """True when the polygons, taken together, form one continuous shape."""
    if not polygons:
        return True
    reached, todo = {0}, [0]
    while todo:
        i = todo.pop()
        for j in range(len(polygons)):
            if j not in reached and overlaps(polygons[i], polygons[j]):
                reached.add(j)
                todo.append(j)
    return len(reached) == len(polygons)


def bounds(points: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of a set of points."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), max(xs), min(ys), max(ys)


def counter_clockwise(polygon: Sequence[Sequence[float]]) -> list[Point]:
    """The polygon with its points in counter-clockwise order.

    Plotly fills several outlines of one trace with the non-zero rule, so
    overlapping outlines of the same winding merge into one filled shape (a
    zone made of neighbouring regions reads as one continuous patch), while
    opposite windings would punch a hole.
    """
    pts = [(float(p[0]), float(p[1])) for p in polygon]
    signed = sum(pts[i][0] * pts[(i + 1) % len(pts)][1] - pts[(i + 1) % len(pts)][0] * pts[i][1] for i in range(len(pts)))
    return pts if signed >= 0 else pts[::-1]


def smooth(points: Sequence[Sequence[float]], *, closed: bool, steps: int = 6) -> list[Point]:
    """A centripetal Catmull-Rom curve through the points, ``steps`` samples per segment."""
    pts = [(float(p[0]), float(p[1])) for p in points]
    n = len(pts)
    if n < 3:
        return pts
    out: list[Point] = []
    for i in range(n if closed else n - 1):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1, p2 = pts[i], pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        out += [_catmull_rom(p0, p1, p2, p3, k / steps) for k in range(steps)]
    if not closed:
        out.append(pts[-1])
    return [(round(x, 2), round(y, 2)) for x, y in out]


def _catmull_rom(p0: Point, p1: Point, p2: Point, p3: Point, u: float) -> Point:
    def knot(t: float, a: Point, b: Point) -> float:
        return t + max(((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.25, 1e-6)

    t0 = 0.0
    t1 = knot(t0, p0, p1)
    t2 = knot(t1, p1, p2)
    t3 = knot(t2, p2, p3)
    t = t1 + (t2 - t1) * u

    def mix(a: Point, b: Point, ta: float, tb: float) -> Point:
        wa, wb = (tb - t) / (tb - ta), (t - ta) / (tb - ta)
        return (wa * a[0] + wb * b[0], wa * a[1] + wb * b[1])

    a1, a2, a3 = mix(p0, p1, t0, t1), mix(p1, p2, t1, t2), mix(p2, p3, t2, t3)
    b1, b2 = mix(a1, a2, t0, t2), mix(a2, a3, t1, t3)
    return mix(b1, b2, t1, t2)


@lru_cache(maxsize=1)
def body_outline() -> dict:
    """The silhouettes: ``{"views": {"front": [polygon, ...], "back": [...], "side": [...]}}`` plus source and frame.

    Views listed under ``smooth`` are stored as control points and returned as
    smooth outlines.
    """
    data = json.loads(_OUTLINE.read_text(encoding="utf-8"))
    for view in data.get("smooth", []):
        data["views"][view] = [smooth(poly, closed=True, steps=5) for poly in data["views"][view]]
    return data


def inside_body(view: str, x: float, y: float, tolerance: float = 0.0) -> bool:
    """True when the point is on the silhouette of that view (within ``tolerance`` units)."""
    return any(distance_to_polygon(poly, x, y) <= tolerance for poly in body_outline()["views"][view])
