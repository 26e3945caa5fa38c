"""Quiz workflow steps behind the CLI: build one quiz, build the shipped set, release.

Each is a typed function with keyword-only options; the CLI only parses and
prints. Every step takes the course folder it works in (the CLI finds it with
:func:`nmt_course.course_dir.find_course_dir`); none falls back on the
checkout's ``quizzes/`` folder. ``build_quiz`` draws from the shipped bank and
the instructor's own banks (:mod:`.banks`), writes the source notebook and its
answer key (:mod:`.keys`), and refuses to change a quiz that is already out
(:mod:`.released`) unless forced. ``release_quiz`` runs nbgrader's own
``generate_assignment`` and ``release_assignment`` in the course folder, and
only once an exchange folder is set for it and the answer key is in place.
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
from .banks import bank_folders, load_banks
from .build import answer_key, notebook_text, render_quiz, write_quiz
from .keys import KEYS_DIR, key_path, retire
from .released import invalidation_notes, quiz_state
from .selection import select_questions

__all__ = ["COURSE_DIR", "BuiltQuiz", "build_quiz", "build_shipped", "course_banks", "release_quiz", "shipped_quizzes", "tighten_key_permissions"]

# the course the checkout ships (its quizzes.yaml is the shipped manifest); never a default for an instructor's command
COURSE_DIR = Path(__file__).resolve().parents[2] / "quizzes"


@dataclass(frozen=True)
class BuiltQuiz:
    name: str
    path: Path
    questions: int
    points: float
    notes: list[str]
    key: Path | None = None
    private: int = 0  # questions from the instructor's own banks
    unchanged: bool = False  # the quiz was already built exactly like this
    invalidated: tuple[str, ...] = ()  # what a forced rebuild of a quiz that was out invalidates


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
    banks: list[Path] | tuple[Path, ...] = (),
    include_written: bool = True,
    reveal_answers: bool = True,
    force: bool = False,
) -> BuiltQuiz:
    """Select questions and write ``<course_dir>/source/<name>/<name>.ipynb`` and ``answer-keys/<name>.json``.

    ``banks`` are private bank folders added to the shipped bank (with those
    of the course's ``quizzes.yaml`` and ``NMT_COURSE_BANKS``);
    ``reveal_answers`` decides whether the students' feedback shows the right
    answers. A quiz that is already released or graded is only rebuilt
    differently with ``force``; the result says what that invalidates.
    """
    if not name or not name.replace("-", "").replace("_", "").isalnum() or name == KEYS_DIR:
        raise NmtCourseError(f"{name!r} is not a usable quiz name: use letters, digits and hyphens, like trigger-points")
    course_dir = Path(course_dir)
    folders = course_banks(course_dir, cli=banks)
    bank = load_banks(folders) if folders and bank_dir is None else load_bank(bank_dir)
    weights = None
    if blueprint:
        if blueprint != "mblex":
            raise NmtCourseError(f"unknown blueprint {blueprint!r}; the only one is 'mblex'")
        from .. import knowledge as kb

        weights = {a.id: a.weight for a in kb.load().mblex.areas}
    picked = select_questions(bank, topics=topics or (), count=count, seed=seed, blueprint=weights, include_written=include_written and not blueprint)
    title = title or f"Quiz: {name.replace('-', ' ')}"
    nb = render_quiz(picked.questions, name=name, title=title, seed=seed)
    origin = {q.id: bank.origin(q.id) for q in picked.questions}
    key = answer_key(picked.questions, name=name, reveal_answers=reveal_answers, origin=origin, title=title)
    unchanged, invalidated, key = _guard(course_dir, name, nb, key, force=force)
    path = write_quiz(nb, course_dir, name, key=key)
    private = sum(1 for q in picked.questions if bank.origin(q.id) != "shipped")
    return BuiltQuiz(name, path, len(picked.questions), sum(q.points for q in picked.questions), picked.notes, key_path(course_dir, name), private, unchanged, tuple(invalidated))


def _guard(course_dir: Path, name: str, nb: object, key: dict, *, force: bool) -> tuple[bool, list[str], dict]:
    """``(unchanged, what a forced rebuild invalidates, the key to write)``; refuses to change a quiz that is out."""
    import json

    source = course_dir / "source" / name / f"{name}.ipynb"
    old_key: dict = {}
    if key_path(course_dir, name).is_file():
        try:
            old_key = json.loads(key_path(course_dir, name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old_key = {}
    same_notebook = source.is_file() and source.read_text(encoding="utf-8") == notebook_text(nb)  # type: ignore[arg-type]
    old_questions = old_key.get("questions", {}) if isinstance(old_key, dict) else {}
    if same_notebook and old_questions == key["questions"]:
        return True, [], {**key, "retired": old_key.get("retired", {})}
    state = quiz_state(course_dir, name)
    if not state.out:
        return False, [], key
    changed = sorted(v for v in set(old_questions) | set(key["questions"]) if old_questions.get(v) != key["questions"].get(v))
    if not force:
        raise NmtCourseError(
            f"{name} has already been {state.describe()}, and this build would change it "
            f"({', '.join(changed) if changed else 'the notebook'}). Students have the old version. "
            f"Choose another quiz name, or rebuild it anyway with --force (it then lists what that invalidates)"
        )
    retired = retire(old_key, key) if isinstance(old_key, dict) else {}
    return False, invalidation_notes(state, changed), {**key, "retired": retired}


def course_banks(course_dir: Path, *, cli: list[Path] | tuple[Path, ...] = ()) -> list[Path]:
    """The private bank folders for a course: its ``quizzes.yaml`` ``banks:`` list, ``NMT_COURSE_BANKS``, then ``cli``."""
    listed: list[str] = []
    manifest = Path(course_dir) / "quizzes.yaml"
    if manifest.is_file():
        data = read_yaml(manifest, label="quizzes.yaml")
        entries = data.get("banks", []) if isinstance(data, dict) else []
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise ContentError("'banks' is a list of folders, like: banks: [../school-bank]", file="quizzes.yaml", place="banks")
        listed = entries
    return bank_folders(cli=cli, course_dir=Path(course_dir), listed=listed)


def shipped_quizzes(course_dir: Path = COURSE_DIR) -> list[dict]:
    """The quizzes the course ships, from ``quizzes/quizzes.yaml``."""
    path = Path(course_dir) / "quizzes.yaml"
    data = read_yaml(path, label="quizzes.yaml")
    if isinstance(data, dict) and set(data) - {"quizzes", "banks"}:
        raise ContentError(f"unknown field {sorted(set(data) - {'quizzes', 'banks'})[0]!r} (use quizzes: and banks:)", file="quizzes.yaml", line=1)
    if not isinstance(data, dict) or not isinstance(data.get("quizzes"), list):
        raise ContentError("the file must start with 'quizzes:' followed by a list", file="quizzes.yaml", line=1)
    return data["quizzes"]


def build_shipped(*, course_dir: Path, bank_dir: Path | None = None, banks: list[Path] | tuple[Path, ...] = (), force: bool = False) -> list[BuiltQuiz]:
    """Rebuild every quiz listed in ``quizzes.yaml`` from its recorded options."""
    built = []
    allowed = {"name", "title", "topics", "count", "seed", "blueprint", "include_written", "reveal_answers"}
    for i, entry in enumerate(shipped_quizzes(course_dir)):
        extra = set(entry) - allowed
        if extra:
            raise ContentError(f"unknown field {sorted(extra)[0]!r}", file="quizzes.yaml", place=f"quizzes[{i}]")
        options = {k: v for k, v in entry.items() if k != "name"}
        built.append(build_quiz(entry["name"], course_dir=course_dir, bank_dir=bank_dir, banks=banks, force=force, **options))
    return built


def release_quiz(name: str, *, course_dir: Path, force: bool = True, notes: list[str] | None = None) -> str:
    """``nbgrader generate_assignment`` then ``nbgrader release_assignment``, in the course folder; returns the exchange.

    Refuses (and releases nothing) when no exchange folder is set for the
    course, rather than let nbgrader create its fallback folder, and when the
    quiz's answer key is missing. A key readable by other accounts is made the
    instructor's alone first; ``notes`` collects what was changed.
    """
    from ..course_dir import CourseFolder

    source = Path(course_dir) / "source" / name
    if not source.is_dir():
        raise NmtCourseError(f"there is no quiz {name!r} in {Path(course_dir) / 'source'}; build it first with: nmt-course quiz build {name} ...")
    exchange = CourseFolder(Path(course_dir), "given").exchange()
    key = key_path(Path(course_dir), name)
    if not key.is_file():
        raise NmtCourseError(
            f"there is no answer key for {name} ({key}); without it the quiz cannot be graded. Build it again with "
            f"nmt-course quiz build {name} ... (the same options give the same quiz)"
        )
    changed = tighten_key_permissions(key)
    if notes is not None:
        notes.extend(changed)
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


def tighten_key_permissions(key: Path) -> list[str]:
    """Make a key and its folder the owner's alone (a key copied or checked out may be readable by all); say what changed."""
    changed = []
    for path, mode in ((key.parent, 0o700), (key, 0o600)):
        current = path.stat().st_mode & 0o777
        if current & 0o077:
            os.chmod(path, mode)
            changed.append(f"{path} was readable by other accounts (mode {current:o}); it is now {mode:o}")
    return changed
