"""Choosing questions for a quiz: by topic, by count, or by the MBLEx blueprint.

Pure and seeded: the same bank, options and seed always give the same
questions in the same order.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import NmtCourseError

__all__ = ["Selection", "select_questions", "blueprint_counts"]


@dataclass(frozen=True)
class Selection:
    questions: list[Any]
    notes: list[str] = field(default_factory=list)


def blueprint_counts(weights: dict[str, float], total: int) -> dict[str, int]:
    """Split ``total`` questions over areas by weight (largest remainder, ties by area id)."""
    raw = {area: w * total for area, w in weights.items()}
    counts = {area: int(v) for area, v in raw.items()}
    left = total - sum(counts.values())
    order = sorted(raw, key=lambda a: (-(raw[a] - counts[a]), a))
    for area in order[:left]:
        counts[area] += 1
    return counts


def _sample(rng: random.Random, pool: Sequence[Any], n: int) -> list[Any]:
    ordered = sorted(pool, key=lambda q: q.id)
    return rng.sample(ordered, n) if n < len(ordered) else list(ordered)


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
    if blueprint:
        chosen: list[Any] = []
        for area, n in blueprint_counts(blueprint, count).items():
            area_pool = [q for q in pool if q.mblex_area == area]
            if len(area_pool) < n:
                notes.append(f"{area}: asked for {n} questions, the bank has {len(area_pool)}")
            chosen += _sample(rng, area_pool, n)
        rng.shuffle(chosen)
        return Selection(chosen, notes)
    if len(pool) < count:
        raise NmtCourseError(f"asked for {count} questions but only {len(pool)} match; lower --count or add topics")
    return Selection(_sample(rng, pool, count), notes)
