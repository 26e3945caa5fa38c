"""Reading and writing notebooks the way the batch engine needs: once each, with nbconvert's bytes.

:func:`notebook_json` is what ``nbformat.writes`` returns (plus nbconvert's
final newline) without its deep copy and second validation;
:func:`released_cells` reads the copy of a notebook students were given.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import nbjson
from nbformat.v4.rwbase import split_lines, strip_transient

__all__ = ["notebook_json", "released_cells"]


def notebook_json(nb: NotebookNode) -> str:
    """What ``nbformat.writes(nb)`` returns (plus nbconvert's final newline), without its work for others.

    ``nbformat.writes`` validates the notebook again and deep-copies it so the
    caller's copy is left alone; here it was validated when read and is not
    used again, so the lines are split and transient fields dropped in place.
    The same formatting options give the same bytes, which the comparison
    with stock nbgrader checks.
    """
    text = json.dumps(
        strip_transient(split_lines(nb)), cls=nbjson.BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False,
    )
    return text if text.endswith("\n") else text + "\n"


def released_cells(path: Path) -> dict[str, str] | None:
    """The sources of a released notebook's cells, by grade id; None if there is no readable copy."""
    cells: dict[str, str] = {}
    try:
        for cell in nbformat.read(path, as_version=4).cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id:
                cells[grade_id] = cell.source
    except Exception:  # noqa: BLE001 - missing, unreadable or not a notebook: nbformat raises many kinds
        return None
    return cells
