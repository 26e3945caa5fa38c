"""Helpers for the answer-form browser tests: a real nbgrader course, and a student answering in the page.

The course holds one quiz with every question type, generated and released
with the real nbgrader CLI into a temporary exchange; each test fetches its own
student copy into the JupyterLab server's folder, answers it in Chromium
(mouse or keyboard only), saves, submits and has it graded.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nmt_course import quiz
from nmt_course.quiz.build import answer_key, render_quiz, write_quiz

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "an-upper-trap-nerve",  # q01 single
    "an-multi-cn-xi",  # q02 multiple
    "sf-order-first-visit",  # q03 ordering (5 items)
    "an-match-shoulder-actions",  # q04 matching
    "ci-pregnancy-supine-weeks",  # q05 numeric, with a unit
    "an-hot-ql-lower-attachment",  # q06 hotspot
    "an-written-trap-scm",  # q07 written (graded by hand)
]
TYPED = ["q01", "q02", "q03", "q04", "q05", "q06"]
WRITTEN_ANSWER = "Both muscles are supplied by the spinal accessory nerve, cranial nerve XI."


@dataclass
class Course:
    dir: Path
    exchange: Path
    env: dict[str, str]


def nbgrader(args: list[str], cwd: Path, env: dict[str, str], *, user: str = "instructor") -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env={**env, "USER": user, "LOGNAME": user},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def make_course(tmp: Path) -> Course:
    """Build the every-type quiz and release it with nbgrader (generate_assignment, release_assignment)."""
    course, exchange = tmp / "course", tmp / "exchange"
    course.mkdir()
    exchange.mkdir()
    (course / "nbgrader_config.py").write_text((ROOT / "quizzes" / "nbgrader_config.py").read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update({
        "NMT_COURSE_ID": f"forms-{tmp.name}", "NMT_COURSE_EXCHANGE": str(exchange), "NMT_COURSE_CELL_TIMEOUT": "20",
        "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"), "JUPYTER_RUNTIME_DIR": str(tmp / "jrt"), "PYTHONWARNINGS": "ignore",
        "HOME": str(tmp), "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    })
    bank = quiz.load_bank()
    questions = [bank[i] for i in QUESTIONS]
    write_quiz(render_quiz(questions, name="quiz1", title="Every kind of question", seed=1), course, "quiz1", key=answer_key(questions, name="quiz1"))
    nbgrader(["generate_assignment", "quiz1", "--force"], course, env)
    nbgrader(["release_assignment", "quiz1", "--force"], course, env)
    return Course(course, exchange, env)


def fetch(course: Course, home: Path, student: str) -> Path:
    """The student's copy, fetched from the exchange into ``home`` (inside the server's folder)."""
    home.mkdir(parents=True)
    nbgrader(["fetch_assignment", "quiz1", "--course", course.env["NMT_COURSE_ID"], f"--Exchange.root={course.exchange}"],
             home, course.env, user=student)
    return home / "quiz1" / "quiz1.ipynb"


def submit_and_collect(course: Course, home: Path, student: str) -> None:
    nbgrader(["submit", "quiz1", "--course", course.env["NMT_COURSE_ID"], f"--Exchange.root={course.exchange}",
              f"--student={student}"], home, course.env, user=student)
    nbgrader(["collect", "quiz1", f"--student={student}", "--update"], course.dir, course.env)


def keys() -> dict[str, Any]:
    """What a student answers to get every typed question right: q01 -> "B", q03 -> [...]."""
    from nmt_course import kb

    bank = quiz.load_bank()
    out: dict[str, Any] = {}
    for var, qid in zip(TYPED, QUESTIONS, strict=False):
        q = bank[qid]
        if q.type == "hotspot":
            out[var] = kb.load().regions[q.answer[0]].label  # the form lists labels; the graders accept them
        elif q.type == "numeric":
            out[var] = int(q.answer.value) if float(q.answer.value).is_integer() else q.answer.value
        else:
            out[var] = q.answer
    return out


def saved_answers(path: Path) -> dict[str, Any]:
    """The answer cells of the saved notebook, read as the static grader reads them (literals only)."""
    nb = json.loads(path.read_text())
    out: dict[str, Any] = {}
    for cell in nb["cells"]:
        record = cell.get("metadata", {}).get("nmt_course", {}).get("answer")
        if not record:
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if record["type"] == "written":
            out["written"] = source
            continue
        assert cell["cell_type"] == "code", "an answer cell stays a code cell"
        tree = ast.parse(source)
        assigns = [n for n in tree.body if isinstance(n, ast.Assign)]
        out[record["variable"]] = ast.literal_eval(assigns[-1].value) if assigns else None
    return out


def wait_saved(path: Path, expected: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    got: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            got = saved_answers(path)
        except (ValueError, SyntaxError):  # the file is being written
            got = {}
        if all(got.get(k) == v for k, v in expected.items()):
            return got
        time.sleep(0.3)
    return got


def scores(course_dir: Path, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        return {var: gb.find_grade(var, "quiz1", "quiz1", student).score for var in TYPED}  # grades are named after the answer variable
