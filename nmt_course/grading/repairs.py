"""Everyday accidents put right before grading: pasted cells, deleted grading metadata, huge cells.

Students copy and paste cells, and a pasted cell keeps its grading metadata
(the same grade id under a new cell id). nbgrader's ``DeduplicateIds`` then
empties the metadata of all but the last copy, and its own metadata check
stops the submission with "Outdated schema version 0 (expected 3)". Two
preprocessors make those submissions gradable, deterministically, with one
note for the instructor each:

- :class:`RepairCells` (first of the sanitizing steps, before nbgrader's):

  * grading metadata deleted or damaged on a cell the student was given
    (found by its cell id, or its grade id, in the released copy) is put
    back from the release;
  * grading metadata with a grade id the released notebook does not have
    (a cell of the student's own, a renamed grade id) is removed: the cell is
    graded as an ordinary cell;
  * a locked cell (a question, a test cell) that appears more than once keeps
    the copy the student was given (its cell id), or else its last copy;
    the pasted copies are dropped (nbgrader then restores the kept one from
    the source);
  * an answer cell that appears more than once keeps its grading metadata on
    the last copy only; the others stay, as plain code, where the student put
    them, so the answer read is the last one above the test cell, as in a kernel;
  * a test cell that was deleted is named (it waits for a manual grade unless
    nbgrader's ``OverwriteCells.add_missing_cells`` puts it back).

- :class:`ShortenCells` (right after the answers are read): a cell longer
  than :data:`~.answers.CELL_LIMIT` keeps only its start in ``autograded/``
  and the feedback (the whole cell stays in ``submitted/``), and big
  attachments are left out, so a 50 MB paste cannot make a 100 MB page.

Both read ``resources["nbgrader"]``: ``released`` (a :class:`~.notebooks.Released`)
and ``notes`` (a list) when the batch engine provides them; under nbgrader's
stock converter they read the released copy themselves and log the notes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from .answers import CELL_LIMIT
from .notebooks import Released, released_cells
from .static import cell_metadata_problem

__all__ = ["RepairCells", "ShortenCells", "KEPT"]

#: characters of an over-long cell kept in autograded/
KEPT = 500


def _report(step: NbGraderPreprocessor, resources: ResourcesDict, notes: list[str]) -> None:
    """Add the notes to the student's (batch engine), or log them (nbgrader's stock converter)."""
    kept = resources.get("nbgrader", {}).get("notes")
    if isinstance(kept, list):
        kept.extend(notes)
    else:
        for note in notes:
            step.log.warning("%s", note)


def _released(step: NbGraderPreprocessor, resources: ResourcesDict) -> Released:
    """The released copy, from the batch engine's cache, or read from ``release/`` (stock converter)."""
    info = resources.get("nbgrader", {})
    given = info.get("released")
    if isinstance(given, Released):
        return given
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=step.config)
    folder = Path(coursedir.format_path(coursedir.release_directory, ".", info.get("assignment", "")))
    return released_cells(folder / f"{info.get('notebook', '')}.ipynb") or Released()


def _grade_id(cell: NotebookNode) -> str:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id", "") if isinstance(meta, dict) else ""


class RepairCells(NbGraderPreprocessor):
    """Put pasted cells and deleted grading metadata right before nbgrader looks (see the module notes)."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notes: list[str] = []
        released = _released(self, resources)
        restored = self._restore_metadata(nb, released)
        if restored:
            notes.append(f"the grading metadata of {_cells(restored)} had been deleted or damaged; put back from the release")
        dropped, demoted = self._deduplicate(nb, released)
        if dropped:
            notes.append(f"pasted copies of locked {_cells(dropped)} were removed; the cell as released is graded")
        if demoted:
            notes.append(f"answer {_cells(demoted)} appeared more than once (pasted); the last copy above its test cell was graded")
        unknown = self._forget_unknown(nb, released)
        if unknown:
            notes.append(f"grading metadata that the released notebook does not have was ignored on {_numbers(unknown)}")
        present = {_grade_id(c) for c in nb.cells}
        missing = [c.grade_id for c in released.cells if c.graded and c.grade_id not in present]
        if missing and not self._adds_missing_cells():
            notes.append(
                f"test {_cells(missing)} deleted: no points, and it waits for a manual grade in the formgrader "
                "(set c.OverwriteCells.add_missing_cells = True in nbgrader_config.py and grade again to grade it)"
            )
        _report(self, resources, notes)
        return nb, resources

    def _adds_missing_cells(self) -> bool:
        return bool(self.config.OverwriteCells.get("add_missing_cells", False))

    @staticmethod
    def _restore_metadata(nb: NotebookNode, released: Released) -> list[str]:
        restored = []
        for cell in nb.cells:
            given = released.by_cell_id.get(cell.get("id", "")) or released.by_grade_id.get(_grade_id(cell))
            if given is None or cell.cell_type != given.cell_type:
                continue  # not a cell the student was given (or retyped: nbgrader restores and notes that)
            meta = cell.metadata.get("nbgrader")
            if meta == given.nbgrader:
                continue  # as released (the usual case): nothing to check
            if not meta or cell_metadata_problem(cell) is not None:
                cell.metadata["nbgrader"] = given.metadata()
                restored.append(given.grade_id)
        return restored

    @staticmethod
    def _forget_unknown(nb: NotebookNode, released: Released) -> list[tuple[int, str]]:
        """Grading metadata on a cell that is none of the released cells (a grade id of the student's own): removed."""
        if not released.cells:
            return []  # no released copy to know the quiz's cells by
        forgotten = []
        for number, cell in enumerate(nb.cells, start=1):
            if "nbgrader" in cell.metadata and _grade_id(cell) not in released.by_grade_id:
                forgotten.append((number, _grade_id(cell)))
                del cell.metadata["nbgrader"]
        return forgotten

    @staticmethod
    def _deduplicate(nb: NotebookNode, released: Released) -> tuple[list[str], list[str]]:
        copies: dict[str, list[int]] = {}
        for index, cell in enumerate(nb.cells):
            grade_id = _grade_id(cell)
            if grade_id:
                copies.setdefault(grade_id, []).append(index)
        drop: set[int] = set()
        dropped, demoted = [], []
        for grade_id, where in copies.items():
            if len(where) < 2:
                continue
            given = released.by_grade_id.get(grade_id)
            locked = (given.locked if given is not None else False) or any(nb.cells[i].metadata["nbgrader"].get("locked") for i in where)
            if locked:
                original = [i for i in where if given is not None and nb.cells[i].get("id") == given.cell_id]
                keep = original[0] if original else where[-1]
                drop.update(i for i in where if i != keep)
                dropped.append(grade_id)
            else:
                for i in where[:-1]:
                    del nb.cells[i].metadata["nbgrader"]
                demoted.append(grade_id)
        if drop:
            nb.cells = [c for i, c in enumerate(nb.cells) if i not in drop]
        return dropped, demoted


def _numbers(cells: list[tuple[int, str]]) -> str:
    shown = ", ".join(f"{n} ({grade_id or 'no grade id'})" for n, grade_id in cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
    return f"cell {shown}" if len(cells) == 1 else f"cells {shown}"


def _cells(names: list[str]) -> str:
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"cell {shown}" if len(names) == 1 else f"cells {shown}"


class ShortenCells(NbGraderPreprocessor):
    """Keep only the start of an over-long cell, and no big attachment, in what grading writes."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        notes: list[str] = []
        for index, cell in enumerate(nb.cells, start=1):
            source = cell.get("source", "")
            where = _grade_id(cell) or f"number {index}"
            if isinstance(source, str) and len(source) > CELL_LIMIT:
                cell.source = source[:KEPT] + (
                    f"\n\n[nmt-course: this cell held {len(source):,} characters; only the first {KEPT} are kept here. "
                    "The whole cell is in submitted/.]"
                )
                notes.append(f"cell {where} held {len(source):,} characters; autograded/ and the feedback keep its first {KEPT}")
            attachments: Any = cell.get("attachments")
            if attachments and _size(attachments) > CELL_LIMIT * 10:
                del cell["attachments"]
                notes.append(f"the attachments of cell {where} (over {CELL_LIMIT * 10 // 1_000_000} MB) were left out of autograded/")
        _report(self, resources, notes)
        return nb, resources


def _size(attachments: Any) -> int:
    total = 0
    for bundle in attachments.values() if isinstance(attachments, dict) else ():
        for data in bundle.values() if isinstance(bundle, dict) else ():
            total += len(data) if isinstance(data, (str, bytes)) else 0
    return total
