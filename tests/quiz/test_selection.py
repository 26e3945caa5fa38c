"""Choosing a quiz's questions: seeded, by topic or blueprint, never two of one family."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from nmt_course.errors import NmtCourseError
from nmt_course.quiz.selection import draw, select_questions


def _q(qid: str, family: str | None = None, area: str = "a", topics: tuple[str, ...] = ("t",)) -> SimpleNamespace:
    return SimpleNamespace(id=qid, family=family, mblex_area=area, topics=list(topics), type="single")


@pytest.mark.parametrize(
    ("families", "n", "most"),
    [
        ([None] * 6, 4, 4),  # no families: any four
        (["f", "f", "f", None, None, None], 4, 4),  # one of the family and the three others
        (["f"] * 6, 4, 1),  # all one family: only one can be drawn
        (["f", "f", "g", "g", "h", "h"], 6, 3),  # three families of two: three questions
    ],
)
def test_draw_takes_one_question_per_family(families: list[str | None], n: int, most: int) -> None:
    pool = [_q(f"q{i}", fam) for i, fam in enumerate(families)]
    for seed in range(30):
        picked = draw(random.Random(seed), pool, n, set())
        named = [q.family for q in picked if q.family]
        assert len(named) == len(set(named)), seed
        assert len(picked) == min(n, most)


def test_same_seed_same_questions_and_families_shared_across_blueprint_areas() -> None:
    pool = [_q(f"a{i}", "shared" if i < 3 else None, area="a") for i in range(6)]
    pool += [_q(f"b{i}", "shared" if i < 3 else None, area="b") for i in range(6)]
    first = select_questions(pool, count=8, seed=5, blueprint={"a": 0.5, "b": 0.5})
    again = select_questions(pool, count=8, seed=5, blueprint={"a": 0.5, "b": 0.5})
    assert [q.id for q in first.questions] == [q.id for q in again.questions]
    assert sum(1 for q in first.questions if q.family == "shared") == 1


def test_asking_for_more_than_the_families_allow_is_a_plain_error() -> None:
    pool = [_q(f"q{i}", "f") for i in range(5)] + [_q("x")]
    with pytest.raises(NmtCourseError, match=r"only 2 match .*one per family"):
        select_questions(pool, count=3, seed=1)
