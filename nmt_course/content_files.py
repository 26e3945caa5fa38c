"""Reading YAML content files with errors that say where the problem is.

Parsing uses libyaml's C loader when it is available (it is in PyYAML's
wheels). Line numbers are only looked up when something is wrong, by composing
the file's node tree, so the happy path pays nothing for them.

Where PyYAML has only its pure-Python loader (the browser site's Pyodide),
parsing the course's content takes seconds, so the site's build saves each
file's parsed content beside it as JSON (``<name>.yaml.parsed.json``, with the
SHA-256 of the YAML text it was made from). :func:`read_yaml` uses such a twin
only when that hash matches the file as it is now, so an edited file is always
parsed afresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

__all__ = ["read_yaml", "parsed_twin", "PARSED_SUFFIX", "format_place", "line_of", "content_error"]

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


def line_of(path: Path, place: Sequence[str | int]) -> int | None:
    """The 1-based line where ``place`` starts in the file, or the nearest parent's."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
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
