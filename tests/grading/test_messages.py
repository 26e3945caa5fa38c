"""The instructor's wording: notes, step names, lateness, gradebook problems (pure, fast)."""

from __future__ import annotations

import pytest

from nmt_course.grading.messages import (
    change_note,
    database_problem,
    describe,
    duration,
    late_note,
    missing_notebook_note,
    step_name,
)
from nmt_course.grading.pipeline import BatchSaveAutoGrades, CachedOverwriteCells
from nmt_course.grading.static import StaticGrade


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (12, "12 s"),  # under a minute
        (60, "1 min"),
        (40 * 60 + 59, "40 min"),  # seconds dropped once there are minutes
        (3600, "1 h"),
        (2 * 3600 + 5 * 60, "2 h 5 min"),
        (20 * 3600, "20 h"),
        (86400, "1 day"),  # singular
        (3 * 86400 + 4 * 3600 + 59, "3 days 4 h"),  # minutes dropped once there are days
        (12.9, "12 s"),  # fractions of a second are cut, not rounded
    ],
)
def test_duration(seconds: float, words: str) -> None:
    assert duration(seconds) == words


@pytest.mark.parametrize(
    ("attr", "old", "new", "note"),
    [
        ("checksum", "abc", "def", "locked cell q01 was edited; the original was restored"),
        ("points", 1.0, 100.0, "the points of q01 were changed to 100; restored to 1"),
        ("cell_type", "code", "markdown", "cell q01 was turned into a markdown cell; restored to code"),
        ("locked", True, False, "the lock on cell q01 was changed; restored"),
        ("source", "a", "b", "q01: source was changed; restored"),  # an attribute the table does not know
    ],
)
def test_change_note(attr: str, old: object, new: object, note: str) -> None:
    assert change_note("q01", attr, old, new) == note


@pytest.mark.parametrize(
    ("penalty", "note"),
    [
        (6.0, "quiz1 was handed in 20 h late; late penalty 6 points"),
        (None, "quiz1 was handed in 20 h late; no points taken"),  # the plugin took nothing
        (0.0, "quiz1 was handed in 20 h late; no points taken"),
    ],
)
def test_late_note(penalty: float | None, note: str) -> None:
    assert late_note("quiz1", 20 * 3600, penalty) == note


def test_missing_notebook_note() -> None:
    assert missing_notebook_note("quiz2") == "quiz2.ipynb was not handed in: its questions score 0"


@pytest.mark.parametrize(
    ("detail", "advice"),
    [
        ("database is locked", "another program is writing to it"),
        ("database is busy", "another program is writing to it"),
        ("no such table: grade", "nbgrader db upgrade"),
    ],
)
def test_database_problem(detail: str, advice: str) -> None:
    message = database_problem(detail)
    assert advice in message and detail in message


@pytest.mark.parametrize(
    ("exc", "text"),
    [
        (ValueError("first line\nlast line"), "ValueError: last line"),  # the last line says most
        (KeyError(), "KeyError: no details"),
        (RuntimeError("x" * 1000), "RuntimeError: " + "x" * 286),  # at most 300 characters
    ],
)
def test_describe(exc: BaseException, text: str) -> None:
    assert describe(exc) == text


@pytest.mark.parametrize(
    ("step", "name"),
    [
        (CachedOverwriteCells(), "restoring the locked cells (the notebook's grading metadata looks edited)"),
        (StaticGrade(), "reading the answers"),
        (BatchSaveAutoGrades(), "saving the grades"),
        (object(), "object"),  # a step of the instructor's own: its class name
    ],
)
def test_step_name(step: object, name: str) -> None:
    assert step_name(step) == name


@pytest.mark.parametrize(
    ("exc", "seconds", "megabytes", "says"),
    [
        (TimeoutError(), 10.0, 1024, "took more than 10 s (the limit set by --timeout-per-student)"),
        (MemoryError(), 10.0, 1024, "more than 1,024 MB of memory (the limit set by --memory-per-student)"),
        (MemoryError(), 10.0, None, "more than the memory this computer has"),
        (RecursionError("maximum recursion depth exceeded"), 10.0, 1024, "nested too deeply to read"),
        (ValueError("odd"), 10.0, 1024, "ValueError: odd"),
    ],
)
def test_problem_for_what_stopped_a_submission(exc: BaseException, seconds: float, megabytes: int | None, says: str) -> None:
    from nmt_course.grading.messages import problem_for

    assert says in problem_for(exc, seconds=seconds, megabytes=megabytes)


def test_every_problem_says_what_to_do() -> None:
    from nmt_course.errors import SubmissionError
    from nmt_course.grading.messages import died_problem, no_notebook_problem, problem_for, step_problem

    assert problem_for(SubmissionError("as it was written"), seconds=1, megabytes=1) == "as it was written"
    assert died_problem("ann", -9) == (
        "the grading process stopped twice while grading this submission (killed by signal 9); nothing of it was kept. "
        "Look at the submission, then grade it again with --student ann"
    )
    assert "exit status 3" in died_problem("ann", 3)
    step = step_problem("quiz1.ipynb", CachedOverwriteCells(), ValueError("bad"), "cell 7 (mine), whose grading metadata was edited by hand (x)")
    assert step.startswith("quiz1.ipynb, cell 7 (mine), whose grading metadata was edited by hand (x): restoring the locked cells")
    assert step.endswith("ask the student to copy their answers into a fresh copy of the released notebook and submit it again")
    assert no_notebook_problem("submitted/ann/quiz1", "*").startswith("no notebook (*.ipynb) was handed in")
    assert "database server" in database_problem("connection refused", db_url="postgresql+psycopg://grader@db/course")
