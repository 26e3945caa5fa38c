"""Reading typed answers in linear time: the same readings as the old regular expressions, without their stalls."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nmt_course.quiz import parsing
from nmt_course.quiz.parsing import ANSWER_LIMIT, DEPTH_LIMIT, letter, letters, number, pairs, size_problem

# the readings the scorer used to make with regular expressions (some of which backtrack): the reference
OLD_LETTER = re.compile(r"^\(?\s*(?:option\s+)?([a-z])\s*[\).:]?\s*$")
OLD_PAIRS = re.compile(r"([A-Za-z])\s*[-:=>\s]*\s*(\d+)")
OLD_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([a-zA-Z%°]*\.?)\s*$")


def old_letter(text: str) -> str | None:
    found = OLD_LETTER.match(text.strip().lower())
    return found.group(1).upper() if found else None


def old_number(text: str) -> float | None:
    found = OLD_NUMBER.match(text)
    if not found:
        return None
    try:
        return float(found.group(1).replace(",", "."))
    except ValueError:
        return None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("b", "B"), (" B) ", "B"), ("(c)", "C"), ("d.", "D"), ("a:", "A"), ("option b", "B"), ("Option   C )", "C"),
        ("bb", None), ("option", None), ("b c", None), ("", None), ("3", None), ("é", None), ("b))", None),
    ],
)
def test_letter(text: str, expected: str | None) -> None:
    assert letter(text) == expected == old_letter(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CA", ["C", "A"]),  # letters run together
        ("a, c", ["a", "c"]),
        ("A B D C", ["A", "B", "D", "C"]),
        ("soleus; upper trapezius", ["soleus", " upper trapezius"]),  # option texts, split at the semicolon
        ("cab", ["c", "a", "b"]),
        ("cabbage", ["cabbage"]),  # a word, not letters (g is not an option)
    ],
)
def test_letters(text: str, expected: list[str]) -> None:
    assert letters(text, known={"A", "B", "C", "D", "E"}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A2, B1", [("A", "2"), ("B", "1")]),
        ("a -> 3; b: 1", [("a", "3"), ("b", "1")]),
        ("A=>12", [("A", "12")]),
        ("apple 3", [("e", "3")]),  # as the old reading did: the letter just before the number
        ("A, B", []),
    ],
)
def test_pairs(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected == OLD_PAIRS.findall(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90", 90.0), ("-2.5", -2.5), ("80,0", 80.0), ("85 s", 85.0), ("90 sec.", 90.0), ("50%", 50.0), (" 7 ", 7.0),
     ("ninety", None), ("9 0", None), ("1.", 1.0), ("1.2.3", None), ("+", None)],
)
def test_number(text: str, expected: float | None) -> None:
    assert number(text) == expected == old_number(text)


ALPHABET = st.sampled_from(list("aAbBcCz (),.:;-=>%°\t\n0123456789option"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=30))
def test_the_scans_read_as_the_old_expressions_did(text: str) -> None:
    assert letter(text) == old_letter(text)
    assert pairs(text) == OLD_PAIRS.findall(text)
    assert number(text) == old_number(text)


# answers built to make the old expressions backtrack (36 s for 1.6 KB, cubic), at the size limit
HOSTILE = [
    "a" + " " * ANSWER_LIMIT + "!",  # \s* next to \s*
    "A" + " -" * (ANSWER_LIMIT // 2) + "x",  # the gap in a pair, never followed by a number
    "1" + " " * ANSWER_LIMIT + "s x",  # spaces around a unit
    "(" + " " * ANSWER_LIMIT + "option" + " " * ANSWER_LIMIT,
    ("A" * 9 + " ") * (ANSWER_LIMIT // 10),
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_read_at_once(text: str) -> None:
    started = time.perf_counter()
    letter(text), letters(text, known={"A", "B"}), pairs(text), number(text)
    assert time.perf_counter() - started < 2  # milliseconds in fact; the old reading took minutes


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("B", None),
        ("x" * ANSWER_LIMIT, None),  # at the limit
        ("x" * (ANSWER_LIMIT + 1), "too-long"),
        (["A"] * (ANSWER_LIMIT + 1), "too-long"),  # many short items
        ({"A": "x" * ANSWER_LIMIT}, "too-long"),  # keys count too
        ([[[["A"]]]], None),
        (parsing, None),  # any other object counts as one
    ],
)
def test_size_problem(value: object, code: str | None) -> None:
    found = size_problem(value)
    assert (found.code if found else None) == code


def test_nesting_beyond_the_limit() -> None:
    value: list = []
    for _ in range(100_000):
        value = [value]
    found = size_problem(value)
    assert found is not None and found.code == "too-nested"
    shallow: list = []
    for _ in range(DEPTH_LIMIT - 1):
        shallow = [shallow]
    assert size_problem(shallow) is None
