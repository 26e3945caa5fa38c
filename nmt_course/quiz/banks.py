"""A school's own question banks, added to the shipped one for instructor commands.

An instructor keeps private questions in folders of their own, in the bank
format of ``docs/bank-format.md``. The folders come from three places, in this
order (a folder named twice counts once):

1. the ``banks:`` list of the course's ``quizzes.yaml`` (paths relative to the
   course folder);
2. the ``NMT_COURSE_BANKS`` environment variable (paths separated by ``:``,
   or ``;`` on Windows, like ``PATH``);
3. ``--bank DIR`` on the command line (repeatable).

:func:`check_banks` validates the shipped bank and every private folder with
the same checks, plus two: a private question's id may not be used already
(by the shipped bank or an earlier folder), and a folder may bring its own
``sources.yaml`` (the format of ``nmt_course/data/sources.yaml``) for the
books and papers its questions cite. :func:`load_banks` is the cached,
raise-on-first-problem form.

Only instructor commands read private banks. ``quiz.load_bank()``, which the
students' practice tools call, reads the shipped bank alone, so a student's
kernel never looks for private questions.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ContentError
from ..knowledge.files import read_yaml, validation_problems
from .bank import SOURCES_FILE, Bank, check_bank, default_bank_dir

__all__ = ["BANKS_ENV", "bank_folders", "check_banks", "load_banks", "private_sources"]

BANKS_ENV = "NMT_COURSE_BANKS"


def bank_folders(
    *,
    cli: Iterable[Path | str] = (),
    course_dir: Path | None = None,
    listed: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
) -> list[Path]:
    """The private bank folders to add, in order: ``listed`` (from quizzes.yaml, relative to ``course_dir``), the environment, ``cli``."""
    env = os.environ if env is None else env
    found: list[Path] = []
    base = Path(course_dir) if course_dir is not None else Path.cwd()
    for entry in listed:
        path = Path(entry).expanduser()
        found.append(path if path.is_absolute() else base / path)
    found += [Path(p).expanduser() for p in env.get(BANKS_ENV, "").split(os.pathsep) if p.strip()]
    found += [Path(p).expanduser() for p in cli]
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def private_sources(folder: Path, *, known: Iterable[str]) -> tuple[frozenset[str], list[ContentError]]:
    """The source ids of a private bank's own ``sources.yaml`` (none if it has none), and its problems."""
    from ..knowledge.models import Source

    path = Path(folder) / SOURCES_FILE
    if not path.is_file():
        return frozenset(), []
    label = str(path)
    try:
        data = read_yaml(path, label=label)
    except ContentError as err:
        return frozenset(), [err]
    items = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return frozenset(), [ContentError("a sources file starts with 'sources:' followed by a list", file=label, line=1)]
    ids: set[str] = set()
    problems: list[ContentError] = []
    course = set(known)
    for i, item in enumerate(items):
        try:
            source = Source.model_validate(item)
        except ValidationError as exc:
            problems += validation_problems(exc, path=path, label=label, data=data, prefix=("sources", i), model=Source, docs="docs/bank-format.md")
            continue
        if source.id in course or source.id in ids:
            where = "the course bibliography" if source.id in course else "this file"
            problems.append(ContentError(f"the source id {source.id!r} is already used in {where}; give it an id of its own", file=label, place=f"sources[{i}] ({source.id}) > id"))
            continue
        ids.add(source.id)
    return frozenset(ids), problems


def check_banks(folders: Sequence[Path | str], *, K: Any = None, shipped: Path | None = None) -> tuple[Bank, list[ContentError]]:
    """The shipped bank plus every private folder, validated together; every problem found."""
    from .. import knowledge as kb_module

    K = K or kb_module.load()
    bank, problems = check_bank(shipped or default_bank_dir(), K=K)
    questions = dict(bank.questions)
    file_of = dict(bank.file_of)
    topic_of_file = dict(bank.topic_of_file)
    origin: dict[str, str] = {}
    where = {qid: f"the shipped bank ({name})" for qid, name in file_of.items()}
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            problems.append(ContentError("there is no bank folder here (give a folder of bank .yaml files)", file=str(folder)))
            continue
        extra, source_problems = private_sources(folder, known=K.sources)
        problems += source_problems
        prefix = f"{folder}{os.sep}"
        private, found = check_bank(folder, K=K, taken=where, extra_sources=extra, label_prefix=prefix)
        problems += found
        for qid, q in private.questions.items():
            questions[qid] = q
            file_of[qid] = private.file_of[qid]
            origin[qid] = str(folder)
            where[qid] = private.file_of[qid]
        topic_of_file.update(private.topic_of_file)
    return Bank(questions, topic_of_file, file_of, origin), problems


@functools.lru_cache(maxsize=8)
def _load_cached(folders: tuple[str, ...], shipped: str) -> Bank:
    bank, problems = check_banks([Path(f) for f in folders], shipped=Path(shipped))
    if problems:
        more = f" (and {len(problems) - 1} more; run `nmt-course bank validate --bank DIR`)" if len(problems) > 1 else ""
        first = problems[0]
        raise ContentError(f"{first.args[0].split(': ', 1)[-1]}{more}", file=first.file, place=first.place, line=first.line)
    return bank


def load_banks(folders: Sequence[Path | str] = ()) -> Bank:
    """The shipped bank and the private ``folders``, validated (cached); the first problem raises ContentError."""
    if not folders:
        from .bank import load_bank

        return load_bank()
    return _load_cached(tuple(str(Path(f).resolve()) for f in folders), str(default_bank_dir()))
