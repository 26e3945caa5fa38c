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


def test_released_cells_by_grade_id_and_cell_id(tmp_path: Path) -> None:
    path = tmp_path / "quiz1.ipynb"
    nb = _notebook()
    nbformat.write(nb, path)
    released = released_cells(path)
    assert released is not None
    assert [(c.grade_id, c.cell_type, c.source) for c in released.cells] == [
        ("intro", "markdown", "# Ünïcode title\n\nwith two lines"), ("q01-a", "code", "q01 = 'B'\n"),
    ]  # the cell without grading metadata is left out
    assert released.by_cell_id[nb.cells[1].id].grade_id == "q01-a" and released.by_grade_id["intro"].locked
    assert released.source("q01-a", "-") == "q01 = 'B'\n" and released.source("q09", "-") == "-"
    copy = released.by_grade_id["q01-a"].metadata()
    copy["points"] = 5
    assert "points" not in released.by_grade_id["q01-a"].nbgrader  # a copy to put back, not the released one


@pytest.mark.parametrize("content", [None, "{not json", '{"cells": 3}'])  # missing, unreadable, not a notebook
def test_no_released_copy(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "quiz1.ipynb"
    if content is not None:
        path.write_text(content)
    assert released_cells(path) is None
