"""The options of ``nmt-course grade``: the budgets' argument types and their defaults, as the parser reads them."""

from __future__ import annotations

import argparse

import pytest

from nmt_course.grading.autograde import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from nmt_course.grading.options import add_grade_options, megabytes, positive_int, seconds


@pytest.mark.parametrize(
    ("convert", "text", "value"),
    [(seconds, "10", 10.0), (seconds, "0", 0.0), (seconds, "2.5", 2.5), (megabytes, "2048", 2048), (megabytes, "0", 0), (positive_int, "3", 3)],
)
def test_a_good_value_is_read(convert, text: str, value: float) -> None:
    assert convert(text) == value


@pytest.mark.parametrize(
    ("convert", "text", "said"),
    [
        (seconds, "-1", "is not a number of seconds"), (seconds, "nan", "is not a number of seconds"), (seconds, "ten", "like 10"),
        (megabytes, "1.5", "whole number of megabytes"), (megabytes, "-3", "0: no limit"),
        (positive_int, "0", "1 or more"), (positive_int, "two", "1 or more"),
    ],
)
def test_a_bad_value_says_what_is_wanted(convert, text: str, said: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=said):
        convert(text)


def test_the_parser_spells_the_flags_as_the_messages_do() -> None:
    parser = argparse.ArgumentParser()
    add_grade_options(parser)
    defaults = parser.parse_args([])
    assert (defaults.timeout_per_student, defaults.memory_per_student) == (DEFAULT_TIMEOUT, DEFAULT_MEMORY_MB)
    assert (defaults.engine, defaults.workers, defaults.student) == ("batch", None, None)
    chosen = parser.parse_args(["--timeout-per-student", "0", "--memory-per-student", "512", "--student", "ann", "--student", "ben"])
    assert (chosen.timeout_per_student, chosen.memory_per_student, chosen.student) == (0.0, 512, ["ann", "ben"])
