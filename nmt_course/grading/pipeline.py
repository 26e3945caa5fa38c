"""nbgrader's autograde steps, on one gradebook connection per run.

Four of nbgrader's preprocessors open the gradebook for every notebook (a new
database engine each time) and commit for every cell. The classes here are
subclasses that run nbgrader's own per-cell code (``OverwriteCells.preprocess_cell``,
``SaveAutoGrades._add_score`` / ``_add_comment``, the late-penalty plugin)
against the run's :class:`~.gradebook.SharedGradebook` instead, and leave the
commit to the converter (one per student). :func:`build_preprocessors` turns
the configured lists (``Autograde.sanitize_preprocessors`` then
``Autograde.autograde_preprocessors``) into instances, swapping each of
nbgrader's classes for its shared-connection version.

Each step reads what it needs from ``resources["nbgrader"]``: ``shared``
(the gradebook), ``notes`` (a list the student's notes are added to),
``invalid`` (the answers that were not valid, and why) and ``released`` (the
released copy, :class:`~.notebooks.Released`).

:data:`SANITIZE_PREPROCESSORS` and :data:`STATIC_PREPROCESSORS` are what
``nmt-course grade`` configures as nbgrader's ``Autograde.sanitize_preprocessors``
and ``Autograde.autograde_preprocessors``, for both engines: nbgrader's
lists with ``Execute`` replaced by :class:`~.static.StaticGrade`, plus the
repairs of :mod:`.repairs`.
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Comment, Grade
from nbgrader.converters.base import NbGraderException
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    Execute,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets.config import Configurable

from .gradebook import OneCommit, SharedGradebook
from .messages import change_note, late_note
from .notebooks import Released
from .repairs import RepairCells, ShortenCells
from .static import FastCheckCellMetadata, StaticGrade

__all__ = [
    "SharedOverwriteKernelspec",
    "CachedOverwriteCells",
    "BatchSaveAutoGrades",
    "SharedAssignLatePenalties",
    "SWAPS",
    "SANITIZE_PREPROCESSORS",
    "STATIC_PREPROCESSORS",
    "build_preprocessors",
]


def _shared(resources: ResourcesDict) -> SharedGradebook:
    shared: SharedGradebook = resources["nbgrader"]["shared"]
    return shared


class SharedOverwriteKernelspec(OverwriteKernelspec):
    """nbgrader's ``OverwriteKernelspec``, reading the source kernelspec from the run's cache."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        kernelspec = _shared(resources).notebook(info["notebook"], info["assignment"]).kernelspec
        if kernelspec:
            nb.metadata["kernelspec"] = kernelspec
        return nb, resources


class CachedOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``: its own per-cell checks, with the source cells from the run's cache."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = _shared(resources)
        self._notes = resources["nbgrader"]["notes"]
        self._released: Released = resources["nbgrader"]["released"]
        nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
        if self.add_missing_cells:
            nb, resources = self.add_missing_grade_cells(nb, resources)
            nb, resources = self.add_missing_task_cells(nb, resources)
            # nbgrader re-adds cells with plain-dict metadata; its write-and-read-back between the
            # two passes turns them into NotebookNodes, which the later steps rely on
            nb = nbformat.from_dict(nb)
        return nb, resources

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        self._handed_in = cell.source  # before nbgrader restores anything
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name: str, attr: str, old: Any, new: Any) -> None:
        """nbgrader's warning, and a note for the instructor when the student really changed something.

        A hidden test cell always differs from the source (the student's copy
        has the hidden part removed), so a changed checksum is only noted when
        the cell also differs from the released copy the student was given.
        """
        super().report_change(name, attr, old, new)
        if attr == "checksum" and self._released.source(name, self._handed_in) == self._handed_in:
            return
        self._notes.append(change_note(name, attr, old, new))


class BatchSaveAutoGrades(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``: its own ``_add_score``/``_add_comment``, one commit per student."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id, self.student_id, self.db_url = info["notebook"], info["assignment"], info["student"], info["db_url"]
        shared = _shared(resources)
        gb = shared.gb
        names = shared.notebook(self.notebook_id, self.assignment_id).cell_names
        submitted = gb.find_submission_notebook(self.notebook_id, self.assignment_id, self.student_id)
        grades = {names[g.cell_id]: g for g in gb.db.query(Grade).filter(Grade.notebook_id == submitted.id) if g.cell_id in names}
        comments = {names[c.cell_id]: c for c in gb.db.query(Comment).filter(Comment.notebook_id == submitted.id) if c.cell_id in names}
        self.gradebook = OneCommit(gb, grades, comments)
        nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
        gb.db.flush()  # committed with the rest of this student's rows, or rolled back with them
        return nb, resources


class SharedAssignLatePenalties(AssignLatePenalties):
    """nbgrader's ``AssignLatePenalties`` (same plugin, same checks) on the run's connection."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id, self.student_id, self.db_url = info["notebook"], info["assignment"], info["student"], info["db_url"]
        if "plugin_inst" not in self._trait_values:  # built once per run, not per notebook
            self.init_plugin()
        gb = _shared(resources).gb
        assignment = gb.find_submission(self.assignment_id, self.student_id)
        notebook = gb.find_submission_notebook(self.notebook_id, self.assignment_id, self.student_id)
        notebook.late_submission_penalty = None
        if assignment.total_seconds_late > 0:
            self.log.warning("%s is %s seconds late", assignment, assignment.total_seconds_late)
            penalty = self.plugin_inst.late_submission_penalty(self.student_id, notebook.score, assignment.total_seconds_late)
            self.log.warning("Late submission penalty: %s", penalty)
            if penalty is not None:
                notebook.late_submission_penalty = self._check_late_penalty(notebook, penalty)
            resources["nbgrader"]["notes"].append(late_note(self.notebook_id, assignment.total_seconds_late, notebook.late_submission_penalty))
        gb.db.flush()
        return nb, resources


# nbgrader's gradebook-bound preprocessors and their shared-connection versions
SWAPS: dict[type, type] = {
    OverwriteKernelspec: SharedOverwriteKernelspec,
    OverwriteCells: CachedOverwriteCells,
    SaveAutoGrades: BatchSaveAutoGrades,
    AssignLatePenalties: SharedAssignLatePenalties,
    CheckCellMetadata: FastCheckCellMetadata,
}


def build_preprocessors(classes: list[Any], *, parent: Configurable) -> list[Any]:
    """The configured preprocessors (classes, dotted names or instances), built once, with the swaps made.

    A kernel step (``Execute`` or a subclass) is refused: batch grading never
    starts a kernel.
    """
    from traitlets.utils.importstring import import_item

    built = []
    for item in classes:
        cls = import_item(item) if isinstance(item, str) else item  # nbconvert accepts dotted names too
        if isinstance(cls, Execute) or (isinstance(cls, type) and issubclass(cls, Execute)):
            raise NbGraderException("batch grading never starts a kernel: remove Execute from the preprocessors")
        built.append(SWAPS.get(cls, cls)(parent=parent) if isinstance(cls, type) else cls)
    return built


def _sanitize_preprocessors() -> list[type]:
    from nbgrader.preprocessors import ClearOutput, DeduplicateIds

    return [ClearOutput, RepairCells, DeduplicateIds, OverwriteKernelspec, OverwriteCells, FastCheckCellMetadata]


def _static_preprocessors() -> list[type]:
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import IgnorePattern, LimitOutput

    return [StaticGrade, ShortenCells, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades, AssignLatePenalties, FastCheckCellMetadata]


# nbgrader's Autograde.sanitize_preprocessors / autograde_preprocessors, with the kernel swapped out and the repairs added
SANITIZE_PREPROCESSORS = _sanitize_preprocessors()
STATIC_PREPROCESSORS = _static_preprocessors()
