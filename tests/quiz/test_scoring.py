"""quiz.score / quiz.grade: every type, partial credit, forgiving reading, bad input."""

from __future__ import annotations

import pytest

from nmt_course.quiz import QUESTION_ADAPTER, check_format, grade, score

COMMON = {
    "explanation": "Why.",
    "topics": ["trigger-points"],
    "mblex_area": "anatomy-physiology",
    "difficulty": "easy",
    "sources": ["ts1983"],
}


def _opts(*texts: str) -> list[dict]:
    return [{"id": chr(65 + i), "text": t, "feedback": f"about {t}"} for i, t in enumerate(texts)]


SINGLE = QUESTION_ADAPTER.validate_python({**COMMON, "id": "s", "type": "single", "stem": "?", "options": _opts("Soleus", "Upper trapezius", "Rhomboids"), "answer": "B"})
MULTI = QUESTION_ADAPTER.validate_python({**COMMON, "id": "m", "type": "multiple", "stem": "?", "points": 2, "options": _opts("a", "b", "c", "d"), "answer": ["A", "C"]})
ORDER = QUESTION_ADAPTER.validate_python({**COMMON, "id": "o", "type": "ordering", "stem": "?", "points": 3, "options": _opts("Screening", "Warming", "Trigger point work", "Reassessment"), "answer": ["A", "B", "C", "D"]})
MATCH = QUESTION_ADAPTER.validate_python({
    **COMMON, "id": "x", "type": "matching", "stem": "?", "points": 2,
    "options": _opts("Soleus", "Medial pterygoid"),
    "choices": [{"id": "1", "text": "Heel"}, {"id": "2", "text": "Throat"}, {"id": "3", "text": "Big toe"}],
    "answer": {"A": "1", "B": "2"},
})
NUM = QUESTION_ADAPTER.validate_python({**COMMON, "id": "n", "type": "numeric", "stem": "?", "answer": {"value": 90, "tolerance": 10, "unit": "s"}})
HOT = QUESTION_ADAPTER.validate_python({**COMMON, "id": "h", "type": "hotspot", "stem": "?", "answer": ["heel"], "region_feedback": {"achilles": "Close, but lower."}})
WRITTEN = QUESTION_ADAPTER.validate_python({**COMMON, "id": "w", "type": "written", "stem": "?", "points": 2, "rubric": [{"criterion": "x", "points": 2}], "model_answer": "y"})


@pytest.mark.parametrize(
    ("question", "answer", "points"),
    [
        (SINGLE, "B", 1),  # right letter
        (SINGLE, "b", 1),  # lower case
        (SINGLE, " B) ", 1),  # letter with bracket and spaces
        (SINGLE, "upper TRAPEZIUS", 1),  # option text, any case
        (SINGLE, "A", 0),  # wrong letter
        (MULTI, ["A", "C"], 2),  # both right
        (MULTI, "a, c", 2),  # as text
        (MULTI, "CA", 2),  # letters run together, any order
        (MULTI, ["A"], 1),  # half the right ones
        (MULTI, ["A", "B"], 0),  # one right minus one wrong
        (MULTI, ["A", "B", "C", "D"], 0),  # everything: floored at 0
        (MULTI, ["A", "C", "D"], 1),  # two right, one wrong: (2-1)/2
        (ORDER, ["A", "B", "C", "D"], 3),  # perfect
        (ORDER, ["B", "A", "C", "D"], 2.5),  # one neighbour swap: 5 of 6 pairs
        (ORDER, ["D", "C", "B", "A"], 0),  # reversed: no pair right
        (ORDER, "A B D C", 2.5),  # as text
        (MATCH, {"A": "1", "B": "2"}, 2),  # all pairs
        (MATCH, {"A": 1, "B": 3}, 1),  # numbers as ints, one right
        (MATCH, "A1, B2", 2),  # as text
        (MATCH, {"soleus": "heel", "medial pterygoid": "throat"}, 2),  # by text
        (MATCH, {"A": "1"}, 1),  # missing pair counts as wrong
        (NUM, 90, 1),  # exact
        (NUM, 99.5, 1),  # within tolerance
        (NUM, "85 s", 1),  # with unit
        (NUM, "80,0", 1),  # decimal comma, on the edge
        (NUM, 101, 0),  # outside
        (HOT, "heel", 1),  # region id
        (HOT, "Heel (back and sole)", 1),  # region label
        (HOT, "achilles", 0),  # wrong region
    ],
)
def test_points(question, answer, points: float) -> None:
    assert score(question, answer) == pytest.approx(points)


@pytest.mark.parametrize(
    ("question", "answer", "says"),
    [
        (SINGLE, None, "Not answered yet"),  # the template left as is
        (SINGLE, "", "Not answered yet"),  # empty text
        (SINGLE, ..., "Not answered yet"),  # Ellipsis placeholder
        (SINGLE, 2, "use its letter"),  # a number instead of a letter
        (SINGLE, "Z", "not one of the options"),  # no such option
        (SINGLE, ["B"], "use its letter"),  # a list for a single choice
        (MULTI, {"A": 1}, "list of letters"),  # a dict for a list
        (MULTI, ["A", "A"], "same option twice"),  # duplicate pick
        (ORDER, ["A", "B"], "list every item once"),  # incomplete order
        (MATCH, ["A", "1"], "curly brackets"),  # a list for a matching
        (MATCH, {"A": "9"}, "not one of the choices"),  # unknown choice
        (NUM, "ninety", "not a number"),  # words
        (NUM, True, "is a number"),  # a boolean is not a number
        (NUM, float("nan"), "ordinary number"),  # NaN
        (HOT, "heal", "did you mean"),  # typo of a region
        (HOT, 3, "in quotes"),  # not text
        (SINGLE, "B" * 20_000, "too long to read"),  # over the size limit: not read at all
        (MULTI, [[[[[[[[[[[["A"]]]]]]]]]]]], "too complicated"),  # brackets inside brackets
        (NUM, 10**400, "ordinary number"),  # too big for a float
    ],
)
def test_invalid_answers_score_zero_with_a_message(question, answer, says: str) -> None:
    result = grade(question, answer)
    assert result.points == 0 and not result.valid
    assert says.lower() in result.message.lower()
    assert "Write your answer like this:" in result.message


def test_weird_objects_never_raise() -> None:
    class Sneaky:
        def __eq__(self, other: object) -> bool:  # the classic "always equal" trick
            return True

        __hash__ = object.__hash__

    for q in (SINGLE, MULTI, ORDER, MATCH, NUM, HOT):
        assert score(q, Sneaky()) == 0


def test_written_is_graded_by_hand() -> None:
    result = grade(WRITTEN, "My answer")
    assert result.points == 0 and "instructor" in result.message
    assert check_format(WRITTEN, "My answer") == (True, "Looks fine.")
    assert check_format(WRITTEN, None)[0] is False


def test_feedback_includes_the_chosen_options_and_explanation() -> None:
    result = grade(MULTI, ["A", "B"])
    assert "A: about a" in result.feedback and "B: about b" in result.feedback
    assert "C (not chosen): about c" in result.feedback
    assert result.feedback[-1] == "Why."
    assert grade(HOT, "achilles").feedback[0] == "Close, but lower."


def test_check_format_does_not_reveal_correctness() -> None:
    right, wrong = check_format(SINGLE, "B"), check_format(SINGLE, "A")
    assert right == wrong == (True, "Looks fine.")
    ok, message = check_format(SINGLE, "maybe")
    assert not ok and "not one of the options" in message


def test_correct_flag() -> None:
    assert grade(SINGLE, "B").correct and not grade(SINGLE, "A").correct
    assert not grade(ORDER, ["B", "A", "C", "D"]).correct
