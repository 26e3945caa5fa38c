"""Loading and checking one question-bank folder (the shipped one is ``nmt_course/data/bank/*.yaml``).

:func:`load_bank` returns every question, validated; :func:`check_bank`
returns every problem it finds (not only the first), each naming the file,
the line and the place, so an instructor can fix a bank in one pass.
A school's own bank folders are added to the shipped one by
:mod:`.banks` (``quiz build --bank DIR``), with the same checks plus two:
no question id may be taken already, and a folder may bring its own
``sources.yaml`` for what its questions cite.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ContentError
from ..knowledge.files import format_place, line_of, read_yaml, validation_problems
from ..knowledge.names import normalise
from .models import QUESTION_ADAPTER, BankFile, Question

__all__ = ["BANK_DIR", "SOURCES_FILE", "Bank", "default_bank_dir", "load_bank", "check_bank", "bank_json_schema"]


def default_bank_dir() -> Path:
    """$NMT_COURSE_BANK, else the public bank shipped in the package (``nmt_course/data/bank``).

    The shipped bank is public: anyone who installs the package can read it,
    so graded work should draw on an instructor's private bank as well.
    """
    env = os.environ.get("NMT_COURSE_BANK")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "data" / "bank"


BANK_DIR = default_bank_dir()


@dataclass(frozen=True)
class Bank:
    """The validated bank: questions by id, in file order, and each file's topic."""

    questions: dict[str, Any]
    topic_of_file: dict[str, str]
    file_of: dict[str, str]
    #: question id -> the bank folder it came from, for questions outside the shipped bank
    private_origin: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self):
        return iter(self.questions.values())

    def __getitem__(self, question_id: str) -> Any:
        return self.questions[question_id]

    def by_topic(self, topic: str) -> list[Any]:
        return [q for q in self.questions.values() if topic in q.topics]

    def by_area(self, area: str) -> list[Any]:
        return [q for q in self.questions.values() if q.mblex_area == area]

    @property
    def topics(self) -> list[str]:
        return sorted({t for q in self.questions.values() for t in q.topics})

    def origin(self, question_id: str) -> str:
        """``"shipped"`` for the public bank's questions, else the private bank folder's path."""
        return self.private_origin.get(question_id, "shipped")


_TYPE_TAGS = ("single", "multiple", "ordering", "matching", "numeric", "hotspot", "written")


def _problems(exc: ValidationError, path: Path, label: str, data: Any, *, prefix: tuple = (), model: Any) -> list[ContentError]:
    return validation_problems(exc, path=path, label=label, data=data, prefix=prefix, model=model, ignore=_TYPE_TAGS, docs="docs/bank-format.md")


def _read(path: Path, label: str) -> tuple[list[tuple[int, Any]], str | None, Any, list[ContentError]]:
    """Parse one bank file; validate each question on its own so one mistake hides no other."""
    try:
        data = read_yaml(path, label=label)
    except ContentError as err:
        return [], None, None, [err]
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        return [], None, data, [ContentError("a bank file starts with 'schema_version: 1'", file=label, line=1)]
    problems: list[ContentError] = []
    header = {k: v for k, v in data.items() if k != "questions"}
    try:
        BankFile.model_validate({**header, "questions": [_PLACEHOLDER]})
    except ValidationError as exc:
        problems += _problems(exc, path, label, data, model=BankFile)
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        problems.append(ContentError("'questions' must be a list with at least one question", file=label, line=line_of(path, ("questions",))))
        return [], header.get("topic"), data, problems
    parsed = []
    for i, item in enumerate(items):
        try:
            parsed.append((i, QUESTION_ADAPTER.validate_python(item)))
        except ValidationError as exc:
            problems += _problems(exc, path, label, data, prefix=("questions", i), model=Question)
    return parsed, header.get("topic"), data, problems


_PLACEHOLDER = {
    "id": "placeholder", "type": "numeric", "stem": "-", "explanation": "-", "topics": ["x"], "mblex_area": "x",
    "difficulty": "easy", "sources": ["x"], "answer": {"value": 0, "tolerance": 0},
}


#: a bank folder's own bibliography, read by :mod:`.banks`; never a question file
SOURCES_FILE = "sources.yaml"


def check_bank(
    bank_dir: Path | str | None = None,
    *,
    K: Any = None,
    taken: dict[str, str] | None = None,
    extra_sources: frozenset[str] = frozenset(),
    label_prefix: str = "",
) -> tuple[Bank, list[ContentError]]:
    """Validate every bank file of one folder; return what loaded and every problem found.

    ``taken`` maps question ids already used elsewhere (another bank folder)
    to where, so a clash is reported here; ``extra_sources`` are source ids
    this folder may cite besides the course bibliography; ``label_prefix``
    goes before each file name in messages (a private bank's folder).
    """
    from .. import knowledge as kb_module

    bank_dir = Path(bank_dir) if bank_dir else default_bank_dir()
    K = K or kb_module.load()
    taken = taken or {}
    known_sources = set(K.sources) | set(extra_sources)
    problems: list[ContentError] = []
    questions: dict[str, Any] = {}
    file_of: dict[str, str] = {}
    topic_of_file: dict[str, str] = {}
    stems: dict[str, str] = {}
    areas = {a.id for a in K.mblex.areas}
    subtopics = {a.id: [t.id for t in a.subtopics] for a in K.mblex.areas}
    files = sorted(p for p in bank_dir.glob("*.yaml") if p.name != SOURCES_FILE)
    if not files:
        problems.append(ContentError("no question-bank files (*.yaml) here", file=str(bank_dir)))
    for path in files:
        label = label_prefix + path.name
        parsed, topic, data, errs = _read(path, label)
        problems += errs
        if topic:
            topic_of_file[label] = topic
        for i, q in parsed:
            where = ("questions", i)

            def problem(msg: str, *sub: str | int) -> None:  # called only within this iteration of the loop
                loc = (*where, *sub)  # noqa: B023
                problems.append(ContentError(msg, file=label, place=format_place(loc, data), line=line_of(path, loc)))  # noqa: B023

            if q.id in questions:
                problem(f"the question id {q.id!r} is already used in {file_of[q.id]}", "id")
                continue
            if q.id in taken:
                problem(f"the question id {q.id!r} is already used in {taken[q.id]}; give this question an id of its own", "id")
                continue
            stem_key = normalise(q.stem)
            if stem_key in stems:
                problem(f"the same stem as question {stems[stem_key]!r}", "stem")
            stems[stem_key] = q.id
            for s in q.sources:
                if s not in known_sources:
                    problem(f"there is no source with id {s!r}", "sources")
            if q.mblex_area not in areas:
                problem(f"there is no MBLEx content area {q.mblex_area!r} (use one of: {', '.join(sorted(areas))})", "mblex_area")
            elif q.mblex_subtopic is not None and q.mblex_subtopic not in subtopics[q.mblex_area]:
                problem(
                    f"{q.mblex_subtopic!r} is not a subtopic of {q.mblex_area} (use one of: {', '.join(subtopics[q.mblex_area])})",
                    "mblex_subtopic",
                )
            for kind, ids in q.kb.model_dump().items():
                if not ids:
                    continue
                known = _known_ids(K, kind)
                for ref in ids:
                    if known is not None and ref not in known:
                        problem(f"there is no {kind[:-1].replace('_', ' ')} with id {ref!r} in the knowledge base", "kb", kind)
            if q.type == "hotspot":
                for rid in [*q.answer, *q.region_feedback]:
                    if rid not in K.regions:
                        problem(f"there is no body region with id {rid!r}", "answer")
            questions[q.id] = q
            file_of[q.id] = label
    return Bank(questions, topic_of_file, file_of), problems


def _known_ids(K: Any, kind: str) -> set[str] | None:
    if kind == "cases":
        try:
            from ..clinical.cases import load_cases
        except ImportError:  # pragma: no cover - cases arrive with the clinical tools
            return None
        return set(load_cases())
    return set(getattr(K, kind))


@functools.lru_cache(maxsize=4)
def _load_cached(bank_dir: str) -> Bank:
    bank, problems = check_bank(bank_dir)
    if problems:
        more = f" (and {len(problems) - 1} more; run `nmt-course bank validate`)" if len(problems) > 1 else ""
        first = problems[0]
        raise ContentError(f"{first.args[0].split(': ', 1)[-1]}{more}", file=first.file, place=first.place, line=first.line)
    return bank


def load_bank(bank_dir: Path | str | None = None) -> Bank:
    """Every question in the bank, validated (cached per folder)."""
    return _load_cached(str(Path(bank_dir) if bank_dir else default_bank_dir()))


def bank_json_schema() -> str:
    """The JSON Schema of a bank file, as committed in ``quizzes/bank.schema.json``."""
    schema = BankFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "nmt-course question bank file (schema_version 1)"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
