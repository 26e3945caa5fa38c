"""The options of ``nmt-course grade``: which students, which engine, how many workers, each student's budget.

:func:`add_grade_options` puts them on the command's parser; the command
itself (``cli.py``) hands them to :func:`~nmt_course.grading.autograde.grade_quiz`.
Importing this module imports no nbgrader: the defaults are plain numbers
from :mod:`.autograde`'s top, which loads nbgrader only when grading starts.
"""

from __future__ import annotations

import argparse

__all__ = ["add_grade_options", "seconds", "megabytes", "positive_int"]


def positive_int(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more, like 2")
    return value


def seconds(text: str) -> float:
    """An argparse type: a number of seconds, 0 or more (0: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds, like 10 (0: no limit)")
    return value


def megabytes(text: str) -> int:
    """An argparse type: a whole number of megabytes, 0 or more (0: no limit)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of megabytes, like 1024 (0: no limit)")
    return value


def add_grade_options(parser: argparse.ArgumentParser) -> None:
    """``--student``, ``--engine``, ``--workers``, ``--timeout-per-student`` and ``--memory-per-student``."""
    from .autograde import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument(
        "--engine", choices=["batch", "nbgrader"], default="batch",
        help="batch (default): nbgrader's Autograde for the whole class in one run; nbgrader: its stock converter once per student, slower (same preprocessors, same results)",
    )
    parser.add_argument("--workers", type=positive_int, default=None, help="processes the batch engine grades with (default: one per CPU, at most 4)")
    parser.add_argument(
        "--timeout-per-student", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"stop grading a submission that takes longer, report it and go on (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    parser.add_argument(
        "--memory-per-student", type=megabytes, default=DEFAULT_MEMORY_MB, metavar="MB",
        help=f"stop grading a submission that needs more memory, report it and go on (default: {DEFAULT_MEMORY_MB}; 0: no limit)",
    )
