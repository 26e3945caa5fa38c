"""Choosing questions: by topic or area, and mock exams weighted by the outline."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from nmt_course import kb, quiz
from nmt_course.errors import UnknownNameError
from nmt_course.practice import selection


@pytest.mark.parametrize(
    ("weights", "n", "expected"),
    [
        ({"a": 0.5, "b": 0.5}, 10, {"a": 5, "b": 5}),  # exact shares
        ({"a": 1, "b": 1, "c": 1}, 10, {"a": 4, "b": 3, "c": 3}),  # ties: the first listed gets the seat left
        ({"a": 0.11, "b": 0.12, "c": 0.77}, 7, {"a": 1, "b": 1, "c": 5}),  # largest remainders win
        ({"a": 0.2, "b": 0.8}, 0, {"a": 0, "b": 0}),  # nothing to share
        ({"a": 0, "b": 0}, 5, {"a": 0, "b": 0}),  # no weights at all
    ],
)
def test_allocate_by_largest_remainder(weights: dict[str, float], n: int, expected: dict[str, int]) -> None:
    assert selection.allocate(weights, n) == expected


@pytest.mark.parametrize("n", [1, 7, 50, 100, 150])
def test_allocation_of_the_real_outline_adds_up_and_follows_the_weights(n: int) -> None:
    areas = kb.load().mblex.areas
    counts = selection.allocate({a.id: a.weight for a in areas}, n)
    total = sum(a.weight for a in areas)
    assert sum(counts.values()) == n
    assert all(abs(counts[a.id] - n * a.weight / total) < 1 for a in areas)


def _big_bank(per_area: int = 30, short: dict[str, int] | None = None) -> list[SimpleNamespace]:
    """Enough questions in every content area (unless ``short`` says otherwise), plus written ones never drawn."""
    bank = []
    for a in kb.load().mblex.areas:
        count = (short or {}).get(a.id, per_area)
        bank += [SimpleNamespace(id=f"{a.id}-{i}", type="single", mblex_area=a.id, topics=["t"], family=None) for i in range(count)]
        bank.append(SimpleNamespace(id=f"{a.id}-essay", type="written", mblex_area=a.id, topics=["t"], family=None))
    return bank


def test_a_mock_exam_of_100_follows_the_outline_weights() -> None:
    plan = selection.mock_exam(_big_bank(), n=100, seed=4)
    assert len(plan.questions) == 100 and not plan.notes and not plan.short
    for a in kb.load().mblex.areas:
        drawn = sum(1 for q in plan.questions if q.mblex_area == a.id)
        assert abs(drawn - 100 * a.weight) <= 1, a.id
    assert all(q.type != "written" for q in plan.questions)
    assert len({q.id for q in plan.questions}) == 100  # no question twice


def test_a_mock_exam_is_repeatable_with_a_seed_and_shuffled() -> None:
    bank = _big_bank()
    first = [q.id for q in selection.mock_exam(bank, n=100, seed=11).questions]
    assert first == [q.id for q in selection.mock_exam(bank, n=100, seed=11).questions]
    assert first != [q.id for q in selection.mock_exam(bank, n=100, seed=12).questions]
    areas = [i.rsplit("-", 1)[0] for i in first]
    assert areas != sorted(areas, key=areas.index)  # areas are mixed, not in blocks
    assert selection.mock_exam(bank, n=10).seed >= 0  # no seed: a fresh one, reported


def test_areas_short_of_questions_give_what_exists_and_say_so() -> None:
    plan = selection.mock_exam(_big_bank(short={"kinesiology": 5}), n=100, seed=1)
    assert plan.taken["kinesiology"] == 5 and plan.short == {"kinesiology": plan.wanted["kinesiology"] - 5}
    assert len(plan.questions) == 100 - plan.short["kinesiology"]
    assert "not 100" in plan.notes[0]
    assert any(note.startswith("Kinesiology: the outline calls for") for note in plan.notes)


def test_choose_by_topic_and_area_with_the_real_bank() -> None:
    bank = quiz.load_bank()
    topic = bank.topics[0]
    chosen = selection.choose(bank, topic=topic.upper().replace("-", " "))  # forgiving about case and hyphens
    assert chosen.topic == topic and chosen.questions
    assert all(topic in q.topics and q.type != "written" for q in chosen.questions)
    area = kb.load().mblex.areas[0]
    by_name = selection.choose(bank, area=area.name)
    assert by_name.area == area.id and all(q.mblex_area == area.id for q in by_name.questions)
    both = selection.choose(bank, topic=topic, area=area.id)
    assert {q.id for q in both.questions} == {q.id for q in chosen.questions} & {q.id for q in by_name.questions}
    assert len(selection.choose(bank).questions) == sum(1 for q in bank if q.type != "written")


@pytest.mark.parametrize(
    ("kwargs", "kind", "suggestion"),
    [
        ({"topic": "trigger poitns"}, "topic", "trigger-points"),  # a typo gets a close match
        ({"area": "kinesiolgy"}, "content area", "Kinesiology"),
        ({"topic": "zzz"}, "topic", None),  # nothing close
    ],
)
def test_unknown_names_suggest(kwargs: dict[str, str], kind: str, suggestion: str | None) -> None:
    with pytest.raises(UnknownNameError) as err:
        selection.choose(quiz.load_bank(), **kwargs)
    assert err.value.kind == kind
    assert (suggestion in err.value.suggestions) if suggestion else not err.value.suggestions


def test_a_mock_exam_draws_at_most_one_question_of_a_family() -> None:
    bank = _big_bank(per_area=20)
    for q in bank[:10]:  # ten anatomy questions that test the same fact
        q.family = "same-fact"
    for seed in range(20):
        plan = selection.mock_exam(bank, n=100, seed=seed)
        assert sum(1 for q in plan.questions if q.family == "same-fact") <= 1, seed
