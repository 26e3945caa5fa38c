"""Plane geometry for the body map: point in polygon, centroids, distances.

Pure Python (no numpy, no shapely): the polygons have a few dozen points and
the lookups happen one click at a time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["Point", "contains", "centroid", "area", "distance_to_polygon", "body_outline", "inside_body"]

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


@lru_cache(maxsize=1)
def body_outline() -> dict:
    """The silhouettes: ``{"front": [polygon, ...], "back": [...]}`` plus source and frame."""
    return json.loads(_OUTLINE.read_text(encoding="utf-8"))


def inside_body(view: str, x: float, y: float, tolerance: float = 0.0) -> bool:
    """True when the point is on the silhouette of that view (within ``tolerance`` units)."""
    return any(distance_to_polygon(poly, x, y) <= tolerance for poly in body_outline()["views"][view])
