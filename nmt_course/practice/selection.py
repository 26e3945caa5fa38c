"""Which questions to practise: by topic or content area, or a weighted mock exam.

Pure (no widgets, no files beyond the bank and outline it is given or loads).

- :func:`choose` picks the bank questions for one topic and/or one MBLEx
  content area (by id or name, forgiving about case and spelling mistakes:
  an unknown name raises :class:`~nmt_course.errors.UnknownNameError` with
  close matches).
- :func:`allocate` (from :mod:`nmt_course.quiz.selection`) shares ``n``
  questions among the outline's content areas in proportion to their weights,
  by largest remainder.
- :func:`mock_exam` draws that many questions per area (seeded, at most one
  per question family), says which areas had too few, and shuffles the exam.

Written questions are left out of both: they are graded by hand.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import UnknownNameError
from ..knowledge.names import NameIndex
from ..quiz.selection import allocate, draw

__all__ = ["Selection", "ExamPlan", "choose", "allocate", "mock_exam", "find_area", "find_topic", "AUTO_TYPES"]

AUTO_TYPES = ("single", "multiple", "ordering", "matching", "numeric", "hotspot")


@dataclass(frozen=True)
class Selection:
    """Questions to practise and a line saying what they are."""

    questions: list[Any]
    description: str
    topic: str | None = None
    area: str | None = None


@dataclass(frozen=True)
class ExamPlan:
    """A mock exam: the questions (shuffled), and per area how many were wanted and found."""

    questions: list[Any]
    wanted: dict[str, int]
    taken: dict[str, int]
    seed: int
    notes: list[str] = field(default_factory=list)

    @property
    def short(self) -> dict[str, int]:
        return {a: self.wanted[a] - self.taken[a] for a in self.wanted if self.taken[a] < self.wanted[a]}


def _outline_areas(outline: Any = None) -> Sequence[Any]:
    if outline is None:
        from .. import knowledge as kb

        outline = kb.load().mblex
    return outline.areas


def find_area(name: str, outline: Any = None) -> Any:
    """The content area with this id or name (case, spaces and hyphens ignored)."""
    areas = {a.id: a for a in _outline_areas(outline)}
    index = NameIndex((a.id, [a.name]) for a in areas.values())
    found = index.find(str(name))
    if found is None:
        raise UnknownNameError("content area", str(name), index.suggest(str(name)))
    return areas[found]


def find_topic(name: str, bank: Any) -> str:
    """The bank topic with this id (case, spaces and hyphens ignored)."""
    index = NameIndex((t, [t]) for t in bank.topics)
    found = index.find(str(name))
    if found is None:
        raise UnknownNameError("topic", str(name), index.suggest(str(name)))
    return found


def choose(bank: Any, *, topic: str | None = None, area: str | None = None, outline: Any = None) -> Selection:
    """The auto-graded questions on ``topic`` and/or in content ``area`` (all of them if neither)."""
    questions = [q for q in bank if q.type in AUTO_TYPES]
    parts = []
    topic_id = area_id = None
    if topic:
        topic_id = find_topic(topic, bank)
        questions = [q for q in questions if topic_id in q.topics]
        parts.append(f"topic '{topic_id}'")
    if area:
        found = find_area(area, outline)
        area_id = found.id
        questions = [q for q in questions if q.mblex_area == area_id]
        parts.append(f"content area '{found.name}'")
    what = " and ".join(parts) or "every topic"
    return Selection(questions, f"{len(questions)} questions on {what}", topic_id, area_id)


def mock_exam(bank: Any, *, n: int = 100, seed: int | None = None, outline: Any = None) -> ExamPlan:
    """``n`` auto-graded questions weighted by the outline; areas short of questions are noted."""
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    areas = _outline_areas(outline)
    wanted = allocate({a.id: a.weight for a in areas}, n)
    rng = random.Random(seed)
    chosen: list[Any] = []
    taken: dict[str, int] = {}
    notes: list[str] = []
    families: set[str] = set()
    for a in areas:
        pool = [q for q in bank if q.type in AUTO_TYPES and q.mblex_area == a.id]
        picked = draw(rng, pool, wanted[a.id], families)
        taken[a.id] = len(picked)
        chosen += picked
        if len(picked) < wanted[a.id]:
            notes.append(f"{a.name}: the outline calls for {wanted[a.id]} questions, the bank has only "
                         f"{len(picked)} that can go in one exam, so this exam has {len(picked)}.")
    rng.shuffle(chosen)
    if len(chosen) < n:
        notes.insert(0, f"This mock exam has {len(chosen)} questions, not {n}: some content areas have too few "
                        "questions in the bank.")
    return ExamPlan(chosen, wanted, taken, seed, notes)
