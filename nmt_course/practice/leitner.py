"""Spaced repetition with Leitner boxes (pure: no clock, no files, no widgets).

Every question a learner has answered sits in one of five boxes. A right
answer moves it up one box (box 5 stays in box 5); a wrong answer sends it
back to box 1. Partial credit counts as wrong: a question is learnt only when
the whole answer is right (at least 99.9 % of its points). A question is due
again a fixed time after it was last answered, depending on its new box:

====  ==============  =============================================
box   due again after  meaning
====  ==============  =============================================
1     0 days          missed (or first seen and missed): again this session
2     1 day           right once
3     3 days          right twice in a row: counted as *learnt* in the charts
4     7 days
5     14 days         right four times in a row
====  ==============  =============================================

Questions never answered are *new*: always available, served after the
reviews that are due. The clock is never read here: every function takes
``now``, and any shuffling takes a ``seed``, so tests and notebooks repeat
exactly.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

__all__ = [
    "BOXES",
    "INTERVALS",
    "LEARNT_BOX",
    "as_utc",
    "CardState",
    "is_right",
    "next_box",
    "review",
    "is_due",
    "due_questions",
    "next_due_time",
    "box_counts",
]

BOXES = (1, 2, 3, 4, 5)
INTERVALS: dict[int, timedelta] = {
    1: timedelta(days=0),
    2: timedelta(days=1),
    3: timedelta(days=3),
    4: timedelta(days=7),
    5: timedelta(days=14),
}
LEARNT_BOX = 3


def as_utc(moment: datetime) -> datetime:
    """A timezone-aware UTC time (a naive time is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class CardState:
    """Where one question stands for one learner."""

    question_id: str
    box: int = 1
    due: datetime | None = None  # None: never answered
    right: int = 0
    wrong: int = 0
    last_answered: datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.last_answered is None

    @property
    def learnt(self) -> bool:
        return not self.is_new and self.box >= LEARNT_BOX


def is_right(points: float, max_points: float) -> bool:
    """A whole-right answer: at least 99.9 % of the points (partial credit is not)."""
    return max_points > 0 and points >= 0.999 * max_points


def next_box(box: int, right: bool) -> int:
    """Right: one box up (at most 5). Wrong: back to box 1."""
    if not right:
        return 1
    return min(max(int(box), 1) + 1, BOXES[-1])


def review(state: CardState, right: bool, now: datetime) -> CardState:
    """The state after answering at ``now``.

    A new question answered right goes to box 2, as if it had started in box 1.
    """
    now = as_utc(now)
    box = next_box(state.box, right)
    return replace(
        state,
        box=box,
        due=now + INTERVALS[box],
        right=state.right + (1 if right else 0),
        wrong=state.wrong + (0 if right else 1),
        last_answered=now,
    )


def is_due(state: CardState | None, now: datetime) -> bool:
    return state is None or state.due is None or as_utc(state.due) <= as_utc(now)


def due_questions(
    question_ids: Iterable[str],
    states: Mapping[str, CardState],
    now: datetime,
    *,
    limit: int | None = None,
    seed: int | str | None = 0,
    exclude: Iterable[str] = (),
) -> list[str]:
    """The questions to ask next, best first.

    Reviews that are due come first (lowest box first, then the longest
    overdue), then new questions in an order shuffled by ``seed``. Questions in
    ``exclude`` (say, the last few answered) go to the end, so a missed question
    comes back after a few others, not straight away.
    """
    ids = list(dict.fromkeys(question_ids))
    rng = random.Random(seed)
    rng.shuffle(ids)
    tiebreak = {qid: i for i, qid in enumerate(ids)}
    held_back = set(exclude)
    due = [qid for qid in ids if is_due(states.get(qid), now)]
    far_past = datetime.min.replace(tzinfo=timezone.utc)

    def key(qid: str) -> tuple:
        state = states.get(qid)
        new = state is None or state.is_new
        when = as_utc(state.due) if state is not None and state.due is not None else far_past
        return (qid in held_back, new, 0 if new else state.box, when, tiebreak[qid])  # type: ignore[union-attr]

    due.sort(key=key)
    return due if limit is None else due[: max(limit, 0)]


def next_due_time(question_ids: Iterable[str], states: Mapping[str, CardState]) -> datetime | None:
    """When the next scheduled review falls due (None if a question is new)."""
    times = []
    for qid in question_ids:
        state = states.get(qid)
        if state is None or state.due is None:
            return None
        times.append(as_utc(state.due))
    return min(times) if times else None


def box_counts(question_ids: Iterable[str], states: Mapping[str, CardState]) -> dict[str, int]:
    """How many questions are new and how many sit in each box ("new", "1" ... "5")."""
    counts = {"new": 0, **{str(b): 0 for b in BOXES}}
    for qid in question_ids:
        state = states.get(qid)
        if state is None or state.is_new:
            counts["new"] += 1
        else:
            counts[str(state.box)] += 1
    return counts
