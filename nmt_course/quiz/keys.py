"""Answer keys kept in the instructor's course folder, never in a student's notebook.

``nmt-course quiz build NAME`` writes the quiz's key to
``<course>/answer-keys/NAME.json`` (the folder mode 0700, the file 0600:
readable by the account that built it, which on a class hub is the course's
grader account, and by nobody else). The released notebook holds no key: each
hidden test cell is one call,

    from nmt_course.quiz.student import grade_cell
    grade_cell("q07", quiz="week-3", version="3f0c9a41d2b7")

naming the answer variable, the quiz and the *version* of the question (a
digest of its key). Both graders find the key from there: nbgrader's kernel
(``grade_cell`` runs in ``autograded/<student>/week-3/``) and
``nmt-course grade`` (:mod:`nmt_course.grading.static`, which reads the call
with :func:`read_grade_call`), with :func:`find_key_file`:

1. ``$NMT_COURSE_DIR/answer-keys/NAME.json``, when that variable is set;
2. else ``answer-keys/NAME.json`` in a folder *above* the quiz's own folder
   (``source/NAME``, ``release/NAME``, ``submitted/<student>/NAME``,
   ``autograded/<student>/NAME``): never in the quiz folder itself or below
   it, which hold a student's files, so a key a student hands in is never read.

A key that other accounts could change is refused. The version in the test
cell makes a rebuilt quiz safe: a test cell of the released build finds its
own question (a rebuild with ``--force`` keeps the replaced questions under
``retired``, as ``"q07:<version>"``), and a version the key does not know is a clear error rather
than a score against the wrong key.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ContentError

__all__ = [
    "AnswerKeyError",
    "GradeCall",
    "KEYS_DIR",
    "KEY_SCHEMA_VERSION",
    "KeyedQuestion",
    "find_key_file",
    "hidden_test_source",
    "key_path",
    "key_record",
    "key_text",
    "lookup",
    "question_version",
    "read_grade_call",
    "read_key",
    "retire",
    "entry_for",
    "write_key",
]

KEYS_DIR = "answer-keys"
KEY_SCHEMA_VERSION = 1
_COMMENT = "# This cell is checked when your quiz is graded. Leave it as it is."


class AnswerKeyError(ContentError):
    """A quiz's answer key is missing, unreadable or does not match the test cell that asks for it."""


@dataclass(frozen=True)
class GradeCall:
    """What a hidden test cell asks for: ``grade_cell("q07", quiz=..., version=...)``.

    ``spec`` is set instead of ``quiz``/``version`` for test cells of quizzes
    built before keys moved out of the notebook (the question inline).
    """

    variable: str
    quiz: str | None = None
    version: str | None = None
    spec: dict[str, Any] | None = None


@dataclass(frozen=True)
class KeyedQuestion:
    """A question found for a test cell: the question, its number in the quiz, and the quiz's feedback choice."""

    question: Any
    number: int
    reveal_answers: bool
    points: float


def question_version(spec: dict[str, Any]) -> str:
    """A short digest of a question's key (twelve hex digits): it changes whenever the question does."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def hidden_test_source(variable: str, *, quiz: str, version: str) -> str:
    """The source of a hidden test cell (everything between the markers is removed from the student's copy)."""
    return (
        f"{_COMMENT}\n"
        "### BEGIN HIDDEN TESTS\n"
        "from nmt_course.quiz.student import grade_cell\n"
        f"grade_cell({variable!r}, quiz={quiz!r}, version={version!r})\n"
        "### END HIDDEN TESTS"
    )


@lru_cache(maxsize=1024)
def read_grade_call(source: str) -> GradeCall | None:
    """The ``grade_cell(...)`` call of a hidden test cell, read with :mod:`ast`; None if there is none."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "grade_cell"):
            continue
        return _keyed_call(node) or _inline_call(node)
    return None


def _keyed_call(node: ast.Call) -> GradeCall | None:
    if len(node.args) != 1 or not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return None
    options = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)}
    if set(options) != {"quiz", "version"} or len(node.keywords) != 2:
        return None
    return GradeCall(node.args[0].value, quiz=options["quiz"], version=options["version"])


def _inline_call(node: ast.Call) -> GradeCall | None:
    """``grade_cell(<spec dict>, globals().get('q07'))``: quizzes built before answer keys."""
    if len(node.args) != 2 or node.keywords:
        return None
    spec_node, var_node = node.args
    try:
        spec = ast.literal_eval(spec_node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(spec, dict):
        return None
    if isinstance(var_node, ast.Call) and var_node.args and isinstance(var_node.args[0], ast.Constant) and isinstance(var_node.args[0].value, str):
        return GradeCall(var_node.args[0].value, spec=spec)
    return None


def key_path(course_dir: Path, quiz: str) -> Path:
    return Path(course_dir) / KEYS_DIR / f"{quiz}.json"


def key_record(
    quiz: str, entries: dict[str, dict[str, Any]], *, reveal_answers: bool, retired: dict[str, Any] | None = None, title: str = ""
) -> dict[str, Any]:
    """The key file's content: ``entries`` maps each answer variable to its number, bank id, origin and question spec."""
    questions = {}
    for variable, entry in entries.items():
        questions[variable] = {**entry, "version": question_version(entry["question"])}
    return {
        "schema_version": KEY_SCHEMA_VERSION,
        "quiz": quiz,
        "title": title or quiz,
        "reveal_answers": reveal_answers,
        "questions": questions,
        "retired": dict(sorted((retired or {}).items())),
    }


def entry_for(record: dict[str, Any], variable: str, version: str) -> dict[str, Any] | None:
    """The key entry a test cell for ``variable`` at ``version`` asks for: the current one, or one a rebuild retired."""
    entry = record.get("questions", {}).get(variable)
    if isinstance(entry, dict) and entry.get("version") == version:
        return entry
    retired = record.get("retired", {}).get(f"{variable}:{version}")
    return retired if isinstance(retired, dict) and isinstance(retired.get("question"), dict) else None


def retire(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The ``retired`` table after replacing key record ``old`` by ``new``: every question a released test cell may still ask for."""
    retired = dict(old.get("retired", {})) if isinstance(old.get("retired"), dict) else {}
    for variable, entry in old.get("questions", {}).items():
        if not isinstance(entry, dict) or "version" not in entry:
            continue
        if new["questions"].get(variable, {}).get("version") != entry["version"]:
            retired[f"{variable}:{entry['version']}"] = {k: v for k, v in entry.items() if k != "version"}
    return dict(sorted(retired.items()))


def key_text(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_key(course_dir: Path, record: dict[str, Any]) -> Path:
    """Write ``answer-keys/<quiz>.json`` readable by its owner only (folder 0700, file 0600), atomically."""
    folder = Path(course_dir) / KEYS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    target = folder / f"{record['quiz']}.json"
    temporary = folder / f".{record['quiz']}.json.{os.getpid()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(key_text(record))
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
    return target


def read_key(path: Path) -> dict[str, Any]:
    """A key file's content, checked: it must exist, be readable, be changeable by its owner only, and hold a key."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise AnswerKeyError(f"cannot read the answer key ({exc.strerror})", file=str(path)) from None
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise AnswerKeyError(
            "other accounts can change this answer key, so it is not used; make it yours alone: chmod 600 " + str(path), file=str(path)
        )
    return _parse(str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=64)
def _parse(path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnswerKeyError(f"cannot read the answer key ({exc.strerror}); grade as the account that built the quiz", file=path) from None
    except ValueError:
        raise AnswerKeyError("the answer key is not valid JSON; build the quiz again (nmt-course quiz build ... --force)", file=path) from None
    if not isinstance(data, dict) or data.get("schema_version") != KEY_SCHEMA_VERSION or not isinstance(data.get("questions"), dict):
        raise AnswerKeyError(f"this is not an nmt-course answer key (schema version {KEY_SCHEMA_VERSION})", file=path)
    return data


def find_key_file(quiz: str, *, start: Path | str | None = None) -> Path:
    """Where quiz ``quiz``'s key is, for a notebook in ``start`` (default: the current folder); see the module notes."""
    tried: list[Path] = []
    env = os.environ.get("NMT_COURSE_DIR")
    if env:
        tried.append(Path(env).expanduser())
    here = Path(start if start else os.getcwd()).resolve()
    chain = [here, *here.parents]
    own = next((i for i, folder in enumerate(chain) if folder.name == quiz), None)
    if own is not None:
        tried += chain[own + 1 :]
    for folder in tried:
        candidate = key_path(folder, quiz)
        if candidate.is_file():
            return candidate
    where = f"above {chain[own]}" if own is not None else f"(the notebook is not in a folder named {quiz!r}, so only NMT_COURSE_DIR is looked at)"
    raise AnswerKeyError(
        f"no answer key for the quiz {quiz!r}: looked for {KEYS_DIR}/{quiz}.json in NMT_COURSE_DIR and in the folders {where}. "
        "Grade in the course folder where the quiz was built, or set NMT_COURSE_DIR to it"
    )


def lookup(call: GradeCall, *, start: Path | str | None = None) -> KeyedQuestion:
    """The question a test cell asks for, from its key (or inline, for a quiz built before keys)."""
    from .models import QUESTION_ADAPTER

    if call.spec is not None:
        question = QUESTION_ADAPTER.validate_python(call.spec)
        number = int(call.variable[1:]) if call.variable[1:].isdigit() else 0
        return KeyedQuestion(question, number, True, float(question.points))
    assert call.quiz is not None and call.version is not None
    path = find_key_file(call.quiz, start=start)
    data = read_key(path)
    return _question(str(path), *_stamp(path), call.variable, call.version, bool(data.get("reveal_answers", True)))


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


@lru_cache(maxsize=2048)
def _question(path: str, mtime_ns: int, size: int, variable: str, version: str, reveal: bool) -> KeyedQuestion:
    from pydantic import ValidationError

    from .models import QUESTION_ADAPTER

    entry = entry_for(_parse(path, mtime_ns, size), variable, version)
    if entry is None:
        raise AnswerKeyError(
            f"the answer key has no version {version} of {variable}: the quiz was rebuilt since this copy was released, "
            "and the key of the released questions was not kept. Release the quiz again (nmt-course quiz release), "
            "or put back the answer key the released quiz was built with",
            file=path,
        )
    try:
        question = QUESTION_ADAPTER.validate_python(entry["question"])
    except ValidationError as exc:
        raise AnswerKeyError(f"the key of {variable} is not a valid question ({exc.error_count()} problems); build the quiz again", file=path) from None
    return KeyedQuestion(question, int(entry.get("number", 0)), reveal, float(question.points))
