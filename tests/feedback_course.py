"""A graded quiz and its feedback pages, made with the real tools (for the golden pages and the browser checks).

:func:`feedback_pages` builds a quiz with ``nmt-course quiz build``, runs
nbgrader's ``generate_assignment``, hands in one notebook per student with
the given answers, grades them with ``nmt-course grade`` and renders the
pages with ``nbgrader generate_feedback`` (the course's template, from
``quizzes/nbgrader_config.py``). :func:`answers_for` writes typical answers
from the quiz's key: right, wrong or partly right, or typed slips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHOOL = ROOT / "tests" / "quiz" / "school_bank"

__all__ = ["ROOT", "SCHOOL", "answers_for", "feedback_pages"]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "NMT_COURSE"))}
    env.update({
        "NMT_COURSE_ID": "feedback", "NMT_COURSE_EXCHANGE": str(tmp / "exchange"), "PYTHONWARNINGS": "ignore", "HOME": str(tmp),
        "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"), "JUPYTER_RUNTIME_DIR": str(tmp / "jrt"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    })
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(args[2:])} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def answers_for(key: dict[str, Any], how: str, *, pick: Callable[[int], bool] = lambda n: True) -> dict[str, str]:
    """Answer-cell literals for each question: ``how`` is "right", "wrong" (partly right where it can be) or "slips"."""
    from nmt_course.quiz.build.questions import _solution
    from nmt_course.quiz.models import QUESTION_ADAPTER

    out: dict[str, str] = {}
    for var, entry in key["questions"].items():
        q = QUESTION_ADAPTER.validate_python(entry["question"])
        if q.type == "written" or not pick(entry["number"]):
            continue
        if how == "right":
            out[var] = repr(_solution(q))
        elif how == "wrong":
            out[var] = {
                "single": lambda q=q: repr(next(o.id for o in q.options if o.id != q.answer)),
                "multiple": lambda q=q: repr([*list(q.answer)[:1], next(o.id for o in q.options if o.id not in q.answer)]),
                "ordering": lambda q=q: repr([q.answer[1], q.answer[0], *q.answer[2:]]),
                "matching": lambda q=q: repr({k: (v if i == 0 else q.choices[-1].id) for i, (k, v) in enumerate(q.answer.items())}),
                "numeric": lambda q=q: repr(q.answer.value + q.answer.tolerance + 50),
                "hotspot": lambda q=q: repr(next(iter(q.region_feedback), "heel")),
            }[q.type]()
        else:  # typed slips: a bare letter, an open bracket, a word that is not an option
            out[var] = {"single": "b", "multiple": '["A", "C"', "ordering": '"first"', "matching": '{"A": 9}', "numeric": '"soon"', "hotspot": '"the knee cap"'}[q.type]
    return out


def feedback_pages(
    tmp: Path,
    *,
    build: Sequence[str],
    students: dict[str, dict[str, str]] | Callable[[dict[str, Any]], dict[str, dict[str, str]]],
    written: dict[str, str] | None = None,
    name: str = "clinic",
) -> tuple[Path, dict[str, Any]]:
    """Build, hand in, grade and render; returns the course folder and the quiz's answer key."""
    course = tmp / "course"
    course.mkdir(parents=True)
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    env = _env(tmp)
    _run([sys.executable, "-m", "nmt_course", "quiz", "build", name, *build, "--course-dir", str(course)], tmp, env)
    _run([sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force"], course, env)
    key = json.loads((course / "answer-keys" / f"{name}.json").read_text())
    if callable(students):
        students = students(key)
    released = json.loads((course / "release" / name / f"{name}.ipynb").read_text())
    for student, cells in students.items():
        nb = json.loads(json.dumps(released))
        for cell in nb["cells"]:
            var = cell["id"][:-2] if cell["id"].endswith("-a") else None
            if var in cells:
                cell["source"] = f"{var} = {cells[var]}"
            if (written or {}).get(student) and cell["metadata"].get("nmt_course", {}).get("cell") == "written":
                cell["source"] = written[student]  # type: ignore[index]
        folder = course / "submitted" / student / name
        folder.mkdir(parents=True)
        (folder / f"{name}.ipynb").write_text(json.dumps(nb))
        (folder / "timestamp.txt").write_text("2026-03-01 09:30:00.000000 UTC")
    _run([sys.executable, "-m", "nmt_course", "grade", name, "--course-dir", str(course)], course, env)
    _run([sys.executable, "-m", "nbgrader", "generate_feedback", name, "--force"], course, env)
    return course, key
