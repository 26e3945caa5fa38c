"""What of a quiz has left the build: released copies, submissions, grades, feedback.

:func:`quiz_state` looks at an nbgrader course folder the way nbgrader lays it
out (``release/NAME``, ``submitted/*/NAME``, ``autograded/*/NAME``,
``feedback/*/NAME``) and, for the default SQLite gradebook, at the gradebook
itself. ``quiz build`` uses it to refuse a rebuild that would change a quiz
students already have (:func:`invalidation_notes` says what ``--force``
invalidates); ``report`` and ``export`` use :func:`graded_versions` to check
that the gradebook's quiz is the one whose key they read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NmtCourseError
from .keys import entry_for, key_path, read_grade_call, read_key

__all__ = ["GradedQuiz", "QuizState", "graded_questions", "graded_versions", "invalidation_notes", "quiz_state", "version_mismatch"]


@dataclass(frozen=True)
class QuizState:
    name: str
    released: bool = False
    in_gradebook: bool = False
    collected: tuple[str, ...] = ()
    graded: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=())

    @property
    def out(self) -> bool:
        """Whether anything of the quiz exists beyond its source (a rebuild would then invalidate it)."""
        return self.released or self.in_gradebook or bool(self.collected or self.graded or self.feedback)

    def describe(self) -> str:
        """``released, collected from 5 students and graded for 5``."""
        parts = []
        if self.released or self.in_gradebook:
            parts.append("released")
        if self.collected:
            parts.append(f"collected from {_students(self.collected)}")
        if self.graded:
            parts.append(f"graded for {_students(self.graded)}")
        if self.feedback:
            parts.append(f"given feedback ({_students(self.feedback)})")
        if len(parts) > 1:
            return ", ".join(parts[:-1]) + " and " + parts[-1]
        return parts[0] if parts else "built"


def _students(names: tuple[str, ...]) -> str:
    return f"{len(names)} student{'s' if len(names) != 1 else ''}"


def _who(course_dir: Path, step: str, name: str) -> tuple[str, ...]:
    root = course_dir / step
    if not root.is_dir():
        return ()
    return tuple(sorted(p.name for p in root.iterdir() if (p / name).is_dir()))


def _in_sqlite_gradebook(path: Path, name: str) -> bool:
    if not path.is_file():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT 1 FROM assignment WHERE name = ?", (name,)).fetchone() is not None
    except sqlite3.Error:
        return False  # not an nbgrader gradebook (yet): nothing released through it


def quiz_state(course_dir: Path, name: str) -> QuizState:
    course_dir = Path(course_dir)
    return QuizState(
        name,
        released=(course_dir / "release" / name).is_dir(),
        in_gradebook=_in_sqlite_gradebook(course_dir / "gradebook.db", name),
        collected=_who(course_dir, "submitted", name),
        graded=_who(course_dir, "autograded", name),
        feedback=_who(course_dir, "feedback", name),
    )


def invalidation_notes(state: QuizState, changed: list[str]) -> list[str]:
    """What a forced rebuild of a quiz that is out invalidates, one sentence each."""
    name = state.name
    which = ", ".join(changed) if changed else "none of the questions (only the notebook)"
    notes = [f"{name} was {state.describe()}; this build changes {which}."]
    if state.released or state.in_gradebook:
        notes.append(
            f"The released copy is out of date: students who fetched {name} have the old questions. "
            f"Run `nmt-course quiz release {name}` to release the new one."
        )
    if state.collected or state.graded:
        notes.append(
            f"{_students(state.collected or state.graded).capitalize()} answered the old questions. Their grades stay in the "
            "gradebook; grading them again before the new release still uses the old questions' keys (kept in the answer key "
            "as retired versions), but after the new release they would be graded against the new questions."
        )
    if state.feedback:
        notes.append(f"The feedback of {_students(state.feedback)} and any item-analysis report of {name} describe the old questions.")
    return notes


def graded_versions(db_url: str, name: str) -> dict[str, str]:
    """Answer variable -> the question version the gradebook's test cells of quiz ``name`` were released with."""
    from nbgrader.api import Gradebook, MissingEntry

    found: dict[str, str] = {}
    with Gradebook(db_url, course_id="") as gb:
        try:
            assignment = gb.find_assignment(name)
        except MissingEntry:
            return {}
        for nb in assignment.notebooks:
            for cell in nb.source_cells:
                call = read_grade_call(cell.source or "")
                if call is not None and call.version:
                    found[call.variable] = call.version
    return found


def version_mismatch(key: dict[str, Any], graded: dict[str, str]) -> list[str]:
    """The answer variables whose graded version is not the key's current one."""
    current = {var: entry.get("version") for var, entry in key.get("questions", {}).items()}
    return sorted(var for var, version in graded.items() if current.get(var) != version)


@dataclass(frozen=True)
class GradedQuiz:
    """The questions a quiz was graded with (answer variable -> question), and what the instructor should know."""

    questions: dict[str, Any]
    notes: tuple[str, ...] = ()


def graded_questions(course_dir: Path, name: str, db_url: str) -> GradedQuiz:
    """The questions of quiz ``name`` as the gradebook released them, from its answer key; notes when the key has changed since.

    The gradebook's test cells name the version of each question they were
    released with; the key in ``answer-keys/`` holds the current build and the
    versions a forced rebuild retired. A version found in neither is an error
    (the analysis would describe the wrong questions).
    """
    from .models import QUESTION_ADAPTER

    path = key_path(Path(course_dir), name)
    if not path.is_file():
        raise NmtCourseError(f"there is no answer key for {name} ({path}); it is written by nmt-course quiz build")
    key = read_key(path)
    graded = graded_versions(db_url, name)
    if not graded:
        raise NmtCourseError(f"the gradebook has no released quiz called {name!r} with answer-key test cells; release and grade it first")
    questions: dict[str, Any] = {}
    lost: list[str] = []
    for var, version in sorted(graded.items()):
        entry = entry_for(key, var, version)
        if entry is None:
            lost.append(var)
            continue
        questions[var] = QUESTION_ADAPTER.validate_python(entry["question"])
    for var, entry in key["questions"].items():  # written answers have no test cell to say their version
        if var not in questions and isinstance(entry, dict) and entry.get("question", {}).get("type") == "written":
            questions[var] = QUESTION_ADAPTER.validate_python(entry["question"])
    questions = dict(sorted(questions.items()))
    if lost:
        raise NmtCourseError(
            f"the gradebook's {name} does not match its answer key {path}: {', '.join(lost)} were released from a build "
            "whose key is no longer there. Put back the answer key the quiz was released with"
        )
    changed = version_mismatch(key, graded)
    notes: tuple[str, ...] = ()
    if changed:
        notes = (
            f"The answer key of {name} has changed since it was released and graded ({', '.join(changed)}); "
            "this uses the questions as they were released (kept in the key as retired versions).",
        )
    return GradedQuiz(questions, notes)
