"""Leitner scheduling: boxes, intervals, what is due and in which order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nmt_course.practice import leitner
from nmt_course.practice.leitner import CardState

from .helpers import START


@pytest.mark.parametrize(
    ("box", "right", "new_box", "days"),
    [
        (1, True, 2, 1),  # first right answer: tomorrow
        (2, True, 3, 3),  # right twice: learnt, in three days
        (3, True, 4, 7),
        (4, True, 5, 14),
        (5, True, 5, 14),  # the top box keeps a question there
        (1, False, 1, 0),  # missed in box 1: stays, due at once
        (3, False, 1, 0),  # missed after being learnt: back to the start
        (5, False, 1, 0),  # even from the top box
    ],
)
def test_review_moves_boxes_and_sets_due(box: int, right: bool, new_box: int, days: int) -> None:
    before = CardState("q", box=box, due=START, right=2, wrong=1, last_answered=START - timedelta(days=1))
    after = leitner.review(before, right, START)
    assert after.box == new_box
    assert after.due == START + timedelta(days=days)
    assert after.last_answered == START
    assert (after.right, after.wrong) == ((3, 1) if right else (2, 2))


@pytest.mark.parametrize(
    ("points", "max_points", "right"),
    [
        (1, 1, True),  # full marks
        (2.0, 2.0, True),
        (0.9995, 1, True),  # rounding noise still counts as right
        (0.99, 1, False),  # partial credit is not learnt yet
        (0.5, 1, False),
        (0, 1, False),
        (0, 0, False),  # a question worth nothing cannot be learnt
    ],
)
def test_partial_credit_counts_as_wrong(points: float, max_points: float, right: bool) -> None:
    assert leitner.is_right(points, max_points) is right


def test_a_new_question_answered_right_goes_to_box_2() -> None:
    state = leitner.review(CardState("q"), True, START)
    assert (state.box, state.is_new, state.learnt) == (2, False, False)
    assert leitner.review(state, True, START).learnt


def test_intervals_are_documented_values() -> None:
    assert [leitner.INTERVALS[b].days for b in leitner.BOXES] == [0, 1, 3, 7, 14]


def _states() -> dict[str, CardState]:
    return {
        "box1-old": CardState("box1-old", 1, START - timedelta(days=2), 0, 1, START - timedelta(days=2)),
        "box1-recent": CardState("box1-recent", 1, START - timedelta(hours=1), 0, 1, START - timedelta(hours=1)),
        "box3-due": CardState("box3-due", 3, START - timedelta(days=5), 2, 0, START - timedelta(days=8)),
        "box2-later": CardState("box2-later", 2, START + timedelta(hours=3), 1, 0, START - timedelta(hours=21)),
    }


def test_due_reviews_come_first_lowest_box_then_most_overdue_then_new() -> None:
    ids = ["new-a", "box3-due", "box2-later", "box1-recent", "new-b", "box1-old"]
    due = leitner.due_questions(ids, _states(), START, seed=1)
    assert due[:3] == ["box1-old", "box1-recent", "box3-due"]
    assert sorted(due[3:]) == ["new-a", "new-b"]
    assert "box2-later" not in due  # not due for three more hours


def test_due_order_is_seeded_and_repeatable() -> None:
    ids = [f"q{i}" for i in range(20)]
    first = leitner.due_questions(ids, {}, START, seed=7)
    assert first == leitner.due_questions(ids, {}, START, seed=7)
    assert first != leitner.due_questions(ids, {}, START, seed=8)
    assert sorted(first) == sorted(ids)


def test_excluded_questions_go_last_and_limit_cuts() -> None:
    ids = ["box1-old", "box1-recent", "new-a"]
    due = leitner.due_questions(ids, _states(), START, exclude=["box1-old"], limit=2)
    assert due == ["box1-recent", "new-a"]
    assert leitner.due_questions(["box1-old"], _states(), START, exclude=["box1-old"]) == ["box1-old"]


def test_next_due_time_and_box_counts() -> None:
    states = _states()
    assert leitner.next_due_time(["box2-later"], states) == START + timedelta(hours=3)
    assert leitner.next_due_time(["box2-later", "never-seen"], states) is None
    counts = leitner.box_counts([*states, "new-a"], states)
    assert counts == {"new": 1, "1": 2, "2": 1, "3": 1, "4": 0, "5": 0}


def test_naive_times_are_taken_as_utc() -> None:
    state = leitner.review(CardState("q"), True, START.replace(tzinfo=None))
    assert state.due == START + timedelta(days=1)
    assert leitner.is_due(state, (START + timedelta(days=1)).replace(tzinfo=None))
