"""What the batch engine tells the instructor, in words: one home for the wording.

Pure functions and tables (no nbgrader, no database): the notes grading adds
to a student's result (a restored locked cell, a late hand-in), the name of a
step that failed, how late a hand-in was, and what to do about a gradebook
that cannot be written.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "change_note",
    "step_name",
    "duration",
    "late_note",
    "missing_notebook_note",
    "database_problem",
    "describe",
    "timeout_problem",
    "memory_problem",
    "died_problem",
    "problem_for",
    "step_problem",
    "no_notebook_problem",
]

_CHANGES = {
    "checksum": "locked cell {name} was edited; the original was restored",
    "points": "the points of {name} were changed to {new:g}; restored to {old:g}",
    "cell_type": "cell {name} was turned into a {new} cell; restored to {old}",
    "locked": "the lock on cell {name} was changed; restored",
}


def change_note(name: str, attr: str, old: Any, new: Any) -> str:
    """The note for a cell attribute nbgrader's ``OverwriteCells`` put back (``report_change``)."""
    return _CHANGES.get(attr, "{name}: {attr} was changed; restored").format(name=name, attr=attr, old=old, new=new)


_STEPS = {
    "CachedOverwriteCells": "restoring the locked cells (the notebook's grading metadata looks edited)",
    "FastCheckCellMetadata": "checking the grading metadata (it looks edited or damaged)",
    "RepairCells": "putting pasted cells and deleted grading metadata right",
    "StaticGrade": "reading the answers",
    "ShortenCells": "shortening over-long cells",
    "BatchSaveAutoGrades": "saving the grades",
    "SharedAssignLatePenalties": "applying the late penalty",
}


def step_name(step: object) -> str:
    """What a preprocessor does, in words (its class name for one this table does not know)."""
    name = type(step).__name__
    return _STEPS.get(name, name)


def duration(seconds: float) -> str:
    """``3 days 4 h``, ``2 h 5 min``, ``40 min``, ``12 s``: how late, in words."""
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days > 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min" if minutes else f"{secs} s"


def late_note(notebook: str, seconds_late: float, penalty: float | None) -> str:
    return f"{notebook} was handed in {duration(seconds_late)} late" + (f"; late penalty {penalty:g} points" if penalty else "; no points taken")


def missing_notebook_note(notebook: str) -> str:
    return f"{notebook}.ipynb was not handed in: its questions score 0"


def database_problem(detail: str, *, db_url: str = "sqlite:///") -> str:
    """What to do about a gradebook that could not be written (``detail``: the database's own words)."""
    if not db_url.startswith("sqlite"):
        return f"the gradebook could not be written ({detail}); check that the database server is running and this account may write to it"
    if "locked" in detail or "busy" in detail:
        return (
            f"the gradebook stayed busy for over a minute ({detail}): another program is writing to it "
            "(the formgrader, another grading run?); try again when it has finished"
        )
    return f"the gradebook could not be written ({detail}); back it up and run `nbgrader db upgrade`"


def describe(exc: BaseException) -> str:
    """``TypeName: last line of the message``, at most 300 characters."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1] if text else 'no details'}"[:300]


def timeout_problem(seconds: float) -> str:
    return (
        f"grading took more than {seconds:g} s (the limit set by --timeout-per-student) and was stopped; nothing of it was kept. "
        "Look at the submission before grading it again (--student NAME), with a higher --timeout-per-student if it is honest"
    )


def memory_problem(megabytes: int | None) -> str:
    limit = f"{megabytes:,} MB of memory (the limit set by --memory-per-student)" if megabytes else "the memory this computer has"
    return (
        f"grading needed more than {limit} and was stopped; nothing of it was kept. "
        "The notebook is probably far too big: ask the student to clear what they pasted into it and submit it again"
    )


def died_problem(student: str, exitcode: int | None) -> str:
    how = f"killed by signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit status {exitcode}"
    return (
        f"the grading process stopped twice while grading this submission ({how}); nothing of it was kept. "
        f"Look at the submission, then grade it again with --student {student}"
    )


def problem_for(exc: BaseException, *, seconds: float | None, megabytes: int | None) -> str:
    """The instructor's words for why a submission could not be graded, from what stopped it."""
    from ..errors import SubmissionError

    if isinstance(exc, SubmissionError):
        return str(exc)
    if isinstance(exc, TimeoutError) and seconds is not None:
        return timeout_problem(seconds)
    if isinstance(exc, MemoryError):
        return memory_problem(megabytes)
    if isinstance(exc, RecursionError):
        return f"the notebook is nested too deeply to read ({describe(exc)}); ask the student to submit it again"
    return describe(exc)


def step_problem(notebook: str, step: object, exc: BaseException, culprit: str | None) -> str:
    """Why one of nbgrader's steps could not grade a notebook: the file, the step, the cell when it is known, what to do."""
    where = f"{notebook}, {culprit}" if culprit else notebook
    return (
        f"{where}: {step_name(step)} failed ({describe(exc)}); "
        "ask the student to copy their answers into a fresh copy of the released notebook and submit it again"
    )


def no_notebook_problem(folder: str, pattern: str) -> str:
    return f"no notebook ({pattern}.ipynb) was handed in: {folder} holds none; ask the student to submit it again"
