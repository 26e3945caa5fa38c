"""Reading answer cells with ast: literals only, the last assignment decides, nothing runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmt_course.analysis.gradebook import chosen_options, parse_answer

from .test_item_analysis import MULTI, ORDER, SINGLE


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('q01 = "B"', (True, "B")),  # a plain literal
        ('q01 = None  # your answer, e.g. "B"', (True, None)),  # the untouched template: valid, blank
        ('q01 = None  # your answer\nq01 = "c"', (True, "c")),  # the last assignment wins
        ('q01 = "A"\nq01 = "B"\nq01 = "D"', (True, "D")),  # ... however many there are
        ('q01 = ["A", "C"]', (True, ["A", "C"])),  # a list
        ("q01 = {'A': '2', 'B': 1}", (True, {"A": "2", "B": 1})),  # a dict
        ("q01 = -90.5", (True, -90.5)),  # a negative number
        ('q01: str = "A"', (True, "A")),  # an annotated assignment
        ('q01 = q02 = "D"', (True, "D")),  # a chained assignment
        ('print("hello")\nq01 = "B"\nprint(q01)', (True, "B")),  # other code is ignored, not run
        ('q01 = "B"\nq01 = answer()', (False, None)),  # a call, last
        ("q01 = B", (False, None)),  # a bare name, not a string
        ('q01 = f"{choice}"', (False, None)),  # an f-string
        ('q01 = f"B"', (False, None)),  # even a constant f-string
        ('q01 = "A" + "B"', (False, None)),  # an expression
        ('q01 = [x for x in "AC"]', (False, None)),  # a comprehension
        ('q01 = "B"\nq01 += "C"', (False, None)),  # changed afterwards
        ('q01 = "B"\nfor q01 in ["C"]:\n    pass', (False, None)),  # rebound by a loop
        ('q01 = "B"\ndef q01():\n    return "C"', (False, None)),  # rebound by a function
        ('q01 = "B"\nimport os as q01', (False, None)),  # rebound by an import
        ('q01 = "B"\ndel q01', (False, None)),  # deleted
        ('if True:\n    q01 = "B"', (False, None)),  # not a plain top-level assignment
        ('q01, q02 = "A", "B"', (False, None)),  # unpacking
        ('(q01 := "B")', (False, None)),  # the walrus
        ('q01 == "B"', (False, None)),  # a comparison, no assignment
        ('q02 = "B"', (False, None)),  # another variable
        ("", (False, None)),  # an empty cell
        ('q01 = "B', (False, None)),  # a syntax error
        ("q01 = " + "[" * 5000 + "]" * 5000, (False, None)),  # nested too deep for the parser
    ],
)
def test_parse_answer(source: str, expected: tuple) -> None:
    assert parse_answer(source, "q01") == expected


def test_student_code_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for source in (
        f'import os; os.system("touch {marker}"); q01 = "B"',
        f'q01 = __import__("os").system("touch {marker}")',
        f'q01 = open("{marker}", "w")',
        f'q01 = "B"\nq01 = exec("open({str(marker)!r}, \'w\')")',
    ):
        parse_answer(source, "q01")
    assert not marker.exists()
    assert parse_answer(f'import os; os.system("touch {marker}"); q01 = "B"', "q01") == (True, "B")


@pytest.mark.parametrize(
    ("question", "value", "letters"),
    [
        (SINGLE, "B", ("B",)),  # a letter
        (SINGLE, " b) ", ("B",)),  # read forgivingly, as the scorer does
        (SINGLE, "option 2", ("C",)),  # an option's text
        (SINGLE, "Z", None),  # not an option
        (SINGLE, None, None),  # blank
        (SINGLE, ["B"], None),  # a list for a one-answer question
        (MULTI, ["C", "A"], ("C", "A")),  # the letters in the student's order
        (MULTI, "a, b", ("A", "B")),  # as text
        (MULTI, ["A", "A"], None),  # the same letter twice
        (ORDER, ["A", "B", "C"], None),  # not a single or multiple question
    ],
)
def test_chosen_options(question: object, value: object, letters: tuple | None) -> None:
    assert chosen_options(question, value) == letters
