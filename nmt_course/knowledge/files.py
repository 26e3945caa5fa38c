"""Reading YAML content files with errors that say where the problem is.

Parsing uses libyaml's C loader when it is available (it is in PyYAML's
wheels). Line numbers are only looked up when something is wrong, by composing
the file's node tree, so the happy path pays nothing for them.

:func:`validation_problems` is the one translator from a pydantic
``ValidationError`` to :class:`~nmt_course.errors.ContentError` messages for
every content file (knowledge base, case studies, question bank): one message
per problem, each naming the file, the line and the place, in plain words; a
misspelt field is named with a "did you mean" suggestion.

Where PyYAML has only its pure-Python loader (the browser site's Pyodide),
parsing the course's content takes seconds, so the site's build saves each
file's parsed content beside it as JSON (``<name>.yaml.parsed.json``, with the
SHA-256 of the YAML text it was made from). :func:`read_yaml` uses such a twin
only when that hash matches the file as it is now, so an edited file is always
parsed afresh.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import types
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import ContentError
from .types import ID_PATTERN

__all__ = ["read_yaml", "parsed_twin", "PARSED_SUFFIX", "format_place", "line_of", "content_error", "validation_problems"]

PARSED_SUFFIX = ".parsed.json"

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def read_yaml(path: Path, *, label: str | None = None) -> Any:
    """Parse one YAML file; a syntax error becomes a ContentError with its line."""
    name = label or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"cannot read the file ({exc.strerror})", file=name) from None
    except UnicodeDecodeError:
        raise ContentError("the file is not UTF-8 text", file=name) from None
    twin = path.with_name(path.name + PARSED_SUFFIX)
    if twin.is_file():
        try:
            saved = json.loads(twin.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = None
        if isinstance(saved, dict) and saved.get("sha256") == _sha256(text):
            return saved.get("data")
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        raise ContentError(f"this is not valid YAML: {problem}", file=name, line=line) from None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parsed_twin(path: Path) -> str | None:
    """The JSON twin of a YAML file (see the module docstring), or None if JSON cannot hold its content exactly."""
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_Loader)
    try:
        encoded = json.dumps({"sha256": _sha256(text), "data": data}, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # dates, sets, non-string keys...
        return None
    return encoded if json.loads(encoded)["data"] == data else None


def format_place(path: Sequence[str | int], data: Any = None) -> str:
    """``("muscles", 3, "x")`` -> ``muscles[3] (masseter) > x``; ids are shown when known."""
    parts: list[str] = []
    node = data
    for step in path:
        if isinstance(step, int):
            label = f"[{step}]"
            if isinstance(node, list) and 0 <= step < len(node):
                node = node[step]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label += f" ({node['id']})"
            else:
                node = None
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return " > ".join(parts)


def _composed(path: Path) -> Any:
    """The file's YAML node tree (with line numbers), composed once per version of the file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _compose(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _compose(path: str, _mtime_ns: int, _size: int) -> Any:
    try:
        return yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def line_of(path: Path, place: Sequence[str | int]) -> int | None:
    """The 1-based line where ``place`` starts in the file, or the nearest parent's."""
    node = _composed(path)
    line = node.start_mark.line + 1 if node is not None else None
    for step in place:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    child = value if not isinstance(value, yaml.ScalarNode) else value
                    line = key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                child = node.value[step]
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def content_error(message: str, *, path: Path, label: str, place: Sequence[str | int], data: Any) -> ContentError:
    """A ContentError pointing at ``place`` in the file at ``path``."""
    return ContentError(message, file=label, place=format_place(place, data), line=line_of(path, place))


def _fields_at(model: Any, loc: Sequence[str | int]) -> set[str]:
    """The field names allowed at ``loc`` inside ``model`` (a model, or a union of models)."""
    nodes = _models(model)
    for step in loc:
        if isinstance(step, int):
            continue  # a list item: the item's type was found with the list's field
        inner: list[type[BaseModel]] = []
        for node in nodes:
            field = node.model_fields.get(step)
            if field is not None:
                inner += _models(field.annotation)
        if inner:
            nodes = inner  # otherwise a discriminated union's tag (``single``): stay on the union's members
    return {name for node in nodes for name in node.model_fields}


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models inside a type: ``list[X]``, ``dict[str, X]``, ``X | None``, ``Annotated[...]``, unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _models(args[0])
    if origin is dict:
        return _models(args[1]) if len(args) == 2 else []
    if origin in (list, tuple, set, frozenset, typing.Union, types.UnionType):
        return [m for a in args for m in _models(a)]
    return []


def _did_you_mean(word: str, allowed: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(allowed), n=1, cutoff=0.6)
    return close[0] if close else None


def validation_problems(
    exc: ValidationError,
    *,
    path: Path,
    label: str,
    data: Any,
    prefix: Sequence[str | int] = (),
    model: Any = None,
    ignore: Iterable[str] = (),
    docs: str = "docs/content-format.md",
) -> list[ContentError]:
    """Every problem in a pydantic error, as located ContentErrors in plain words.

    ``prefix`` is where the validated item sits in the file (``("muscles", 3)``),
    ``model`` the model it was validated against (for "did you mean"), and
    ``ignore`` the location parts pydantic adds that are not in the file (a
    discriminated union's tags, like ``single``). An unknown field next to a
    missing one it resembles is one problem ("unknown field 'innervaton':
    did you mean 'innervation'?"), not two.
    """
    skip = set(ignore)
    errors = [(tuple(p for p in (*prefix, *err["loc"]) if p not in skip), err) for err in exc.errors()]
    missing: dict[tuple, set[str]] = {}
    for loc, err in errors:
        if err["type"] == "missing":
            missing.setdefault(loc[:-1], set()).add(str(loc[-1]))
    found: dict[tuple, str] = {}  # place -> message, in pydantic's order, one per place
    explained: set[tuple] = set()  # missing fields that a misspelt one accounts for
    for loc, err in errors:
        if err["type"] == "extra_forbidden":
            word = str(loc[-1])
            guess = _did_you_mean(word, missing.get(loc[:-1], ()))
            if guess:
                explained.add((*loc[:-1], guess))
            elif model is not None:
                guess = _did_you_mean(word, _fields_at(model, loc[len(prefix):-1]))
            found.setdefault(loc, _unknown_field(word, guess, docs))
        else:
            found.setdefault(loc, _plain(err))
    return [content_error(msg, path=path, label=label, place=loc, data=data) for loc, msg in found.items() if loc not in explained]


def _unknown_field(word: str, guess: str | None, docs: str) -> str:
    if guess:
        return f"unknown field {word!r}: did you mean {guess!r}?"
    return f"unknown field {word!r} (check its spelling; {docs} lists the allowed fields)"


def _plain(err: Any) -> str:
    """Pydantic's message for one error, in the words a content author needs."""
    kind = err["type"]
    if kind == "missing":
        return "the field is missing"
    if kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") == ID_PATTERN:
        return "ids are lower-case words joined by hyphens, like 'upper-trapezius'"
    if kind == "too_short" and isinstance(err.get("input"), list):
        return "this list needs at least one entry"
    return str(err["msg"]).removeprefix("Value error, ")
