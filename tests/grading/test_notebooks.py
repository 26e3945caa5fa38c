"""Notebook bytes as nbconvert writes them, and the released copy's cells (fast)."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from nmt_course.grading.notebooks import notebook_json, released_cells


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Ünïcode title\n\nwith two lines", metadata={"nbgrader": {"grade_id": "intro", "locked": True}}),
        nbformat.v4.new_code_cell("q01 = 'B'\n", metadata={"nbgrader": {"grade_id": "q01-a", "solution": True}}),
        nbformat.v4.new_code_cell("print('x')", outputs=[nbformat.v4.new_output("stream", name="stdout", text="x\ny\n")], execution_count=3),
    ]
    nb.cells[2].metadata["collapsed"] = False
    return nb


def test_same_bytes_as_nbformat_writes() -> None:
    nb = _notebook()
    expected = nbformat.writes(copy.deepcopy(nb)) + "\n"  # nbconvert's FilesWriter adds the final newline
    assert notebook_json(nb) == expected


def test_released_cells_by_grade_id(tmp_path: Path) -> None:
    path = tmp_path / "quiz1.ipynb"
    nbformat.write(_notebook(), path)
    assert released_cells(path) == {"intro": "# Ünïcode title\n\nwith two lines", "q01-a": "q01 = 'B'\n"}


@pytest.mark.parametrize("content", [None, "{not json", '{"cells": 3}'])  # missing, unreadable, not a notebook
def test_no_released_copy(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "quiz1.ipynb"
    if content is not None:
        path.write_text(content)
    assert released_cells(path) is None
