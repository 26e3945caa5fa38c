"""Rebuilding is safe: a quiz that is out is not changed without --force, and --force says what it invalidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from nmt_course.quiz.keys import GradeCall, lookup, read_grade_call

BUILD = ["quiz", "build", "week-3", "--topics", "trigger-points", "--count", "5"]


def _build(course: Path, *extra: str) -> object:
    return run_cli(*BUILD, *extra, "--course-dir", str(course))


def _test_cells(course: Path) -> dict[str, str]:
    nb = json.loads((course / "source" / "week-3" / "week-3.ipynb").read_text())
    return {c["id"]: "".join(c["source"]) for c in nb["cells"] if c["metadata"].get("nmt_course", {}).get("cell") == "test"}


@pytest.mark.parametrize(
    ("what", "make"),
    [
        ("released", "release/week-3"),  # nbgrader generate_assignment has run
        ("collected from 1 student", "submitted/ann/week-3"),
        ("graded for 1 student", "autograded/ann/week-3"),
        ("given feedback (1 student)", "feedback/ann/week-3"),
    ],
)
def test_a_quiz_that_is_out_is_not_changed_without_force(tmp_path: Path, what: str, make: str) -> None:
    assert _build(tmp_path, "--seed", "1").returncode == 0
    before = (tmp_path / "source" / "week-3" / "week-3.ipynb").read_bytes(), (tmp_path / "answer-keys" / "week-3.json").read_bytes()
    (tmp_path / make).mkdir(parents=True)
    again = _build(tmp_path, "--seed", "1")  # the same options: the same quiz, so nothing to refuse
    assert again.returncode == 0 and "(unchanged)" in again.stdout
    changed = _build(tmp_path, "--seed", "2")
    assert changed.returncode == 1 and f"week-3 has already been {what}" in changed.stderr and "--force" in changed.stderr
    assert "Traceback" not in changed.stderr
    after = (tmp_path / "source" / "week-3" / "week-3.ipynb").read_bytes(), (tmp_path / "answer-keys" / "week-3.json").read_bytes()
    assert after == before  # nothing was written


def test_force_says_what_it_invalidates_and_keeps_the_released_keys(tmp_path: Path) -> None:
    assert _build(tmp_path, "--seed", "1").returncode == 0
    released = _test_cells(tmp_path)
    for folder in ("release/week-3", "submitted/ann/week-3", "submitted/bob/week-3", "autograded/ann/week-3"):
        (tmp_path / folder).mkdir(parents=True)
    forced = _build(tmp_path, "--seed", "2", "--force")
    assert forced.returncode == 0, forced.stderr
    out = forced.stdout
    assert "rebuilt with --force: week-3 was released, collected from 2 students and graded for 1 student; this build changes q0" in out
    assert "Run `nmt-course quiz release week-3` to release the new one" in out
    assert "2 students answered the old questions" in out
    key = json.loads((tmp_path / "answer-keys" / "week-3.json").read_text())
    assert key["retired"], "the replaced questions' keys are kept"
    for var, source in released.items():  # a test cell of the released build still finds its own question
        call = read_grade_call(source)
        assert call is not None
        found = lookup(GradeCall(var, quiz="week-3", version=call.version), start=tmp_path / "autograded" / "ann" / "week-3")
        assert found.question is not None
    new_version = read_grade_call(_test_cells(tmp_path)["q01"]).version  # type: ignore[union-attr]
    assert key["questions"]["q01"]["version"] == new_version


def test_changing_only_whether_answers_are_revealed_needs_no_force(tmp_path: Path) -> None:
    assert _build(tmp_path, "--seed", "1").returncode == 0
    (tmp_path / "release" / "week-3").mkdir(parents=True)
    done = _build(tmp_path, "--seed", "1", "--no-reveal-answers")
    assert done.returncode == 0, done.stderr  # the questions are the same: only the feedback changes
    assert json.loads((tmp_path / "answer-keys" / "week-3.json").read_text())["reveal_answers"] is False
