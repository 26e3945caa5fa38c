"""Quiz workflow steps behind the CLI: build one quiz, build the shipped set, release.

Each is a typed function with keyword-only options; the CLI only parses and
prints. Every step takes the course folder it works in (the CLI finds it with
:func:`nmt_course.course_dir.find_course_dir`); none falls back on the
checkout's ``quizzes/`` folder. ``release_quiz`` runs nbgrader's own
``generate_assignment`` and ``release_assignment`` in the course folder, and
only once an exchange folder is set for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, NmtCourseError
from ..knowledge.files import read_yaml
from .bank import load_bank
from .build import render_quiz, write_quiz
from .selection import select_questions

__all__ = ["COURSE_DIR", "BuiltQuiz", "build_quiz", "build_shipped", "release_quiz", "shipped_quizzes"]

# the course the checkout ships (its quizzes.yaml is the shipped manifest); never a default for an instructor's command
COURSE_DIR = Path(__file__).resolve().parents[2] / "quizzes"


@dataclass(frozen=True)
class BuiltQuiz:
    name: str
    path: Path
    questions: int
    points: float
    notes: list[str]


def build_quiz(
    name: str,
    *,
    topics: list[str] | None = None,
    count: int,
    seed: int = 1,
    blueprint: str | None = None,
    title: str | None = None,
    course_dir: Path,
    bank_dir: Path | None = None,
    include_written: bool = True,
) -> BuiltQuiz:
    """Select questions and write ``<course_dir>/source/<name>/<name>.ipynb``."""
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise NmtCourseError(f"{name!r} is not a usable quiz name: use letters, digits and hyphens, like trigger-points")
    bank = load_bank(bank_dir)
    weights = None
    if blueprint:
        if blueprint != "mblex":
            raise NmtCourseError(f"unknown blueprint {blueprint!r}; the only one is 'mblex'")
        from .. import knowledge as kb

        weights = {a.id: a.weight for a in kb.load().mblex.areas}
    picked = select_questions(bank, topics=topics or (), count=count, seed=seed, blueprint=weights, include_written=include_written and not blueprint)
    nb = render_quiz(picked.questions, name=name, title=title or f"Quiz: {name.replace('-', ' ')}", seed=seed)
    path = write_quiz(nb, course_dir, name)
    return BuiltQuiz(name, path, len(picked.questions), sum(q.points for q in picked.questions), picked.notes)


def shipped_quizzes(course_dir: Path = COURSE_DIR) -> list[dict]:
    """The quizzes the course ships, from ``quizzes/quizzes.yaml``."""
    path = Path(course_dir) / "quizzes.yaml"
    data = read_yaml(path, label="quizzes.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("quizzes"), list):
        raise ContentError("the file must start with 'quizzes:' followed by a list", file="quizzes.yaml", line=1)
    return data["quizzes"]


def build_shipped(*, course_dir: Path, bank_dir: Path | None = None) -> list[BuiltQuiz]:
    """Rebuild every shipped quiz from its recorded options."""
    built = []
    allowed = {"name", "title", "topics", "count", "seed", "blueprint", "include_written"}
    for i, entry in enumerate(shipped_quizzes(course_dir)):
        extra = set(entry) - allowed
        if extra:
            raise ContentError(f"unknown field {sorted(extra)[0]!r}", file="quizzes.yaml", place=f"quizzes[{i}]")
        options = {k: v for k, v in entry.items() if k != "name"}
        built.append(build_quiz(entry["name"], course_dir=course_dir, bank_dir=bank_dir, **options))
    return built


def release_quiz(name: str, *, course_dir: Path, force: bool = True) -> str:
    """``nbgrader generate_assignment`` then ``nbgrader release_assignment``, in the course folder; returns the exchange.

    Refuses (and releases nothing) when no exchange folder is set for the
    course, rather than let nbgrader create its fallback folder.
    """
    from ..course_dir import CourseFolder

    source = Path(course_dir) / "source" / name
    if not source.is_dir():
        raise NmtCourseError(f"there is no quiz {name!r} in {Path(course_dir) / 'source'}; build it first with: nmt-course quiz build {name} ...")
    exchange = CourseFolder(Path(course_dir), "given").exchange()
    for step in ("generate_assignment", "release_assignment"):
        cmd = [sys.executable, "-m", "nbgrader", step, name]
        if force:
            cmd.append("--force")
        env = dict(os.environ)
        # nbgrader runs the `alembic` command to create its gradebook: make the environment's own one findable
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        done = subprocess.run(cmd, cwd=course_dir, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-8:])
            raise NmtCourseError(f"nbgrader {step} failed for {name}:\n{tail}")
    return exchange
