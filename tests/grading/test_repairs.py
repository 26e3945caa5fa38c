"""Pasted cells, deleted grading metadata and huge cells put right, deterministically, with one note each (fast)."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from nmt_course.grading.answers import CELL_LIMIT, read_answer
from nmt_course.grading.repairs import KEPT, RepairCells, ShortenCells

from .quizzes import cell, released_of, small_quiz

QUIZ = small_quiz()
RELEASED = released_of(QUIZ)


def _repair(nb: nbformat.NotebookNode, config: Config | None = None) -> tuple[nbformat.NotebookNode, list[str]]:
    resources = {"nbgrader": {"released": RELEASED, "notes": []}}
    nb, resources = RepairCells(config=config or Config()).preprocess(nb, resources)
    return nb, resources["nbgrader"]["notes"]


def _grade_ids(nb: nbformat.NotebookNode) -> list[str]:
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]


def _paste(nb: nbformat.NotebookNode, cell_id: str, *, at: int, source: str | None = None) -> nbformat.NotebookNode:
    twin = copy.deepcopy(cell(nb, cell_id))
    twin["id"] = f"pasted-{cell_id}-{at}"
    if source is not None:
        twin.source = source
    nb.cells.insert(at, twin)
    return twin


def test_an_ordinary_notebook_is_left_as_it_is() -> None:
    nb, notes = _repair(copy.deepcopy(QUIZ))
    assert nb == QUIZ and notes == []


def test_a_pasted_answer_cell_keeps_the_metadata_on_its_last_copy() -> None:
    nb = copy.deepcopy(QUIZ)
    cell(nb, "q01-a").source = "q01 = 'A'"
    index = nb.cells.index(cell(nb, "q01-a"))
    twin = _paste(nb, "q01-a", at=index + 1, source="q01 = 'B'")  # pasted below, then edited: the student's latest
    nb, notes = _repair(nb)
    assert notes == ["answer cell q01-a appeared more than once (pasted); the last copy above its test cell was graded"]
    assert "nbgrader" not in cell(nb, "q01-a").metadata and twin.metadata["nbgrader"]["grade_id"] == "q01-a"
    assert len(nb.cells) == len(QUIZ.cells) + 1  # nothing the student wrote is dropped
    assert read_answer(nb.cells, "q01", before=nb.cells.index(cell(nb, "q01"))).value == "B"


@pytest.mark.parametrize("where", ["above", "below", "at the end"])
def test_a_pasted_locked_cell_is_dropped_and_the_released_one_kept(where: str) -> None:
    nb = copy.deepcopy(QUIZ)
    index = nb.cells.index(cell(nb, "q02"))
    at = {"above": index, "below": index + 1, "at the end": len(nb.cells)}[where]
    _paste(nb, "q02", at=at, source="print('tampered')")
    _paste(nb, "q03-q", at=0)  # and a question cell pasted at the top
    nb, notes = _repair(nb)
    assert notes == ["pasted copies of locked cells q03-q, q02 were removed; the cell as released is graded"]
    assert [c.id for c in nb.cells] == [c.id for c in QUIZ.cells]
    assert sorted(_grade_ids(nb)) == sorted(_grade_ids(QUIZ))


def test_without_the_released_cell_the_last_copy_of_a_locked_cell_is_kept() -> None:
    nb = copy.deepcopy(QUIZ)
    original = cell(nb, "q04")
    at = nb.cells.index(original)
    first = _paste(nb, "q04", at=at + 1)
    last = _paste(nb, "q04", at=at + 2)
    nb.cells.remove(original)  # the student deleted the original and kept two pasted copies
    nb, notes = _repair(nb)
    kept = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q04"]
    assert kept == [last] and first not in nb.cells
    assert notes == ["pasted copies of locked cell q04 were removed; the cell as released is graded"]


@pytest.mark.parametrize(
    ("damage", "restored"),
    [
        ("deleted", True),  # the metadata removed by hand: the test cell would silently wait for a manual grade
        ("emptied", True),  # what nbgrader's DeduplicateIds leaves: "Outdated schema version 0 (expected 3)"
        ("points not a number", True),  # fails nbgrader's own check
        ("no schema version", True),
        ("points changed to 100", False),  # valid: nbgrader's OverwriteCells restores it from the gradebook, with its own note
    ],
)
def test_deleted_or_damaged_grading_metadata_is_put_back_from_the_release(damage: str, restored: bool) -> None:
    nb = copy.deepcopy(QUIZ)
    meta = cell(nb, "q03").metadata
    if damage == "deleted":
        del meta["nbgrader"]
    elif damage == "emptied":
        meta["nbgrader"] = {}
    elif damage == "points not a number":
        meta["nbgrader"]["points"] = "lots"
    elif damage == "no schema version":
        del meta["nbgrader"]["schema_version"]
    else:
        meta["nbgrader"]["points"] = 100
    nb, notes = _repair(nb)
    if restored:
        assert cell(nb, "q03").metadata["nbgrader"] == RELEASED.by_grade_id["q03"].nbgrader
        assert notes == ["the grading metadata of cell q03 had been deleted or damaged; put back from the release"]
    else:
        assert cell(nb, "q03").metadata["nbgrader"]["points"] == 100 and notes == []


def test_a_deleted_test_cell_is_named_unless_nbgrader_adds_it_back() -> None:
    nb = copy.deepcopy(QUIZ)
    nb.cells.remove(cell(nb, "q02"))
    _, notes = _repair(copy.deepcopy(nb))
    assert notes == [
        "test cell q02 deleted: no points, and it waits for a manual grade in the formgrader "
        "(set c.OverwriteCells.add_missing_cells = True in nbgrader_config.py and grade again to grade it)"
    ]
    config = Config()
    config.OverwriteCells.add_missing_cells = True
    assert _repair(nb, config)[1] == []


def test_a_huge_cell_keeps_only_its_start_in_what_is_written() -> None:
    nb = copy.deepcopy(QUIZ)
    cell(nb, "q01-a").source = "q01 = '" + "A" * (2 * CELL_LIMIT) + "'"
    attached = nbformat.v4.new_markdown_cell("![x](attachment:x.png)", attachments={"x.png": {"image/png": "A" * (CELL_LIMIT * 10 + 1)}})
    nb.cells.append(attached)
    resources: dict = {"nbgrader": {"notes": []}}
    nb, resources = ShortenCells().preprocess(nb, resources)
    source = cell(nb, "q01-a").source
    assert len(source) < KEPT + 200 and source.startswith("q01 = 'AAA") and "The whole cell is in submitted/." in source
    assert "attachments" not in nb.cells[-1]
    assert resources["nbgrader"]["notes"] == [
        f"cell q01-a held {2 * CELL_LIMIT + 8:,} characters; autograded/ and the feedback keep its first {KEPT}",
        f"the attachments of cell number {len(nb.cells)} (over 1 MB) were left out of autograded/",
    ]


def test_under_nbgraders_own_converter_the_release_is_read_and_the_notes_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    release = tmp_path / "release" / "quiz1"
    release.mkdir(parents=True)
    nbformat.write(QUIZ, release / "quiz1.ipynb")
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    nb = copy.deepcopy(QUIZ)
    del cell(nb, "q04").metadata["nbgrader"]
    with caplog.at_level(logging.WARNING):
        nb, _ = RepairCells(config=config).preprocess(nb, {"nbgrader": {"assignment": "quiz1", "notebook": "quiz1"}})
    assert cell(nb, "q04").metadata["nbgrader"]["grade_id"] == "q04"
    assert "the grading metadata of cell q04 had been deleted or damaged" in caplog.text


def test_grading_metadata_of_the_students_own_is_ignored() -> None:
    nb = copy.deepcopy(QUIZ)
    own = nbformat.v4.new_code_cell("1", metadata={"nbgrader": {"grade": True, "grade_id": "mine", "locked": False, "schema_version": 3, "solution": False}})
    nb.cells.append(own)
    renamed = cell(nb, "q02-a")
    renamed.metadata["nbgrader"]["grade_id"] = "q02-mine"
    renamed["id"] = "q02-mine"
    nb, notes = _repair(nb)
    assert "nbgrader" not in own.metadata and "nbgrader" not in renamed.metadata
    assert notes == [f"grading metadata that the released notebook does not have was ignored on cells 5 (q02-mine), {len(nb.cells)} (mine)"]


def test_a_pasted_test_cell_without_its_original_gets_the_released_metadata() -> None:
    nb = copy.deepcopy(QUIZ)
    test = cell(nb, "q01")
    test["id"] = "pasted-q01"  # the original deleted, a pasted copy kept: a new cell id
    del test.metadata["nbgrader"]["points"]
    nb, notes = _repair(nb)
    assert test.metadata["nbgrader"] == RELEASED.by_grade_id["q01"].nbgrader
    assert notes == ["the grading metadata of cell q01 had been deleted or damaged; put back from the release"]
