"""Choosing questions for a quiz: by topic, by count, or by the MBLEx blueprint.

Pure and seeded: the same bank, options and seed always give the same
questions in the same order. Questions that test the same fact share a
``family``; a quiz never draws two questions of one family.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import NmtCourseError

__all__ = ["Selection", "select_questions", "allocate", "draw"]


@dataclass(frozen=True)
class Selection:
    questions: list[Any]
    notes: list[str] = field(default_factory=list)


def allocate(weights: dict[str, float], n: int) -> dict[str, int]:
    """Share ``n`` among the keys in proportion to ``weights`` (largest remainder, Hamilton's method).

    Each key gets the whole part of its share and the seats left go to the
    largest fractions (ties in the order of ``weights``), so the counts add up
    to ``n`` and each is within 1 of the exact share.
    """
    total = sum(w for w in weights.values() if w > 0)
    if n <= 0 or total <= 0:
        return {k: 0 for k in weights}
    exact = {k: n * max(w, 0) / total for k, w in weights.items()}
    counts = {k: math.floor(v) for k, v in exact.items()}
    left = n - sum(counts.values())
    order = sorted(weights, key=lambda k: (-(exact[k] - counts[k]), list(weights).index(k)))
    for k in order[:left]:
        counts[k] += 1
    return counts


def draw(rng: random.Random, pool: Sequence[Any], n: int, families: set[str]) -> list[Any]:
    """``n`` questions in a seeded random order, at most one per family (``families`` collects those drawn)."""
    ordered = sorted(pool, key=lambda q: q.id)
    picked: list[Any] = []
    for q in rng.sample(ordered, len(ordered)):
        if len(picked) == n:
            break
        if q.family is not None:
            if q.family in families:
                continue
            families.add(q.family)
        picked.append(q)
    return picked


def _distinct(pool: Sequence[Any]) -> int:
    """How many questions a quiz can draw from ``pool``: one per family, every question without one."""
    return len({q.family or f"\0{q.id}" for q in pool})


def select_questions(
    bank: Iterable[Any],
    *,
    topics: Sequence[str] = (),
    count: int,
    seed: int,
    blueprint: dict[str, float] | None = None,
    include_written: bool = True,
) -> Selection:
    """Pick ``count`` questions whose topics overlap ``topics`` (all topics when empty).

    With a ``blueprint`` (MBLEx area -> weight) the count is split across
    areas by weight; an area with too few questions gives what it has and the
    selection says so in ``notes``.
    """
    if count < 1:
        raise NmtCourseError("a quiz needs at least one question (--count 1 or more)")
    pool = [q for q in bank if (not topics or set(q.topics) & set(topics)) and (include_written or q.type != "written")]
    if not pool:
        raise NmtCourseError(f"no questions in the bank have the topic(s) {', '.join(topics)}")
    rng = random.Random(seed)
    notes: list[str] = []
    families: set[str] = set()
    if blueprint:
        chosen: list[Any] = []
        for area, n in allocate(blueprint, count).items():
            area_pool = [q for q in pool if q.mblex_area == area]
            drawn = draw(rng, area_pool, n, families)
            if len(drawn) < n:
                notes.append(f"{area}: asked for {n} questions, the bank has {len(drawn)} that can go in one quiz")
            chosen += drawn
        rng.shuffle(chosen)
        return Selection(chosen, notes)
    available = _distinct(pool)
    if available < count:
        raise NmtCourseError(
            f"asked for {count} questions but only {available} match (counting one per family of similar questions); "
            "lower --count or add topics"
        )
    return Selection(draw(rng, pool, count, families), notes)
