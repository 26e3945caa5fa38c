"""nbgrader's Autograde, run once for a whole class, with the kernel swapped out.

Without a kernel, what is left of ``nbgrader autograde`` is its bookkeeping,
and per notebook that bookkeeping is heavy: two nbconvert passes (the sanitized
notebook is written out and read back), a deep copy and a full schema
validation after every one of the twelve preprocessors, a new database engine
for every step that touches the gradebook (about ten per student), and a query
plus a commit for every cell. :class:`BatchAutograde` is a subclass of
nbgrader's ``Autograde`` converter that keeps nbgrader's steps, in nbgrader's
order, with nbgrader's own code for each, and drops only that overhead:

- the preprocessors (``Autograde.sanitize_preprocessors`` then
  ``Autograde.autograde_preprocessors``, as configured) are built once per run,
  not once per notebook, and each notebook is read once and written once;
- one gradebook connection serves the whole run, and the assignment's source
  cells, which grading never changes, are read from it once;
- the four preprocessors that talk to the gradebook are swapped for subclasses
  that run nbgrader's own per-cell code (``OverwriteCells.preprocess_cell``,
  ``SaveAutoGrades._add_score`` / ``_add_comment``, the late-penalty plugin)
  against that connection, and a student's grades are committed together
  (if one of a student's notebooks fails, none of that student's new grades
  are kept, where nbgrader keeps those of the notebooks graded before it);
- new submissions' rows are inserted for the whole class at once, and the
  class can be shared out to forked worker processes.

Everything nbgrader does around the notebooks stays nbgrader's: which
submissions to (re)grade, copying the student's extra files and the
instructor's master files, timestamps and late penalties, missing notebooks,
file permissions, the convert hooks, the ``autograded/`` layout that
``generate_feedback`` reads, and the gradebook that ``export`` reads.
``tests/integrations/test_batch_autograde.py`` grades the same class with this
and with nbgrader's stock ``Autograde`` (same preprocessors) and compares every
gradebook row, every autograded file, the feedback and the export.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
import shutil
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import nbformat
from sqlalchemy.exc import OperationalError
from nbformat.v4 import nbjson
from nbformat.v4.rwbase import split_lines, strip_transient
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Comment, Grade, Gradebook, MissingEntry
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter, NbGraderException
from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, Execute, OverwriteCells, OverwriteKernelspec, SaveAutoGrades
from nbgrader.preprocessors.base import NbGraderPreprocessor

from .autograde import StudentResult
from .static import FastCheckCellMetadata

__all__ = [
    "BatchAutograde",
    "BatchSaveAutoGrades",
    "CachedOverwriteCells",
    "SharedAssignLatePenalties",
    "SharedGradebook",
    "SharedOverwriteKernelspec",
    "SubmissionProblem",
]


class SharedGradebook:
    """One nbgrader ``Gradebook`` for a whole run, plus what grading only reads.

    The source cells, graded cells, kernelspecs and the assignment's notebook
    list do not change while submissions are graded, so they are read once
    and kept as plain values (not ORM objects, which a commit would expire).
    The lookups answer like nbgrader's (same attributes, ``MissingEntry`` for
    an unknown name), so nbgrader's own preprocessor code can use them.
    """

    def __init__(self, db_url: str, course_id: str) -> None:
        self.gb = Gradebook(db_url, course_id)
        self._notebooks: dict[tuple[str, str], SimpleNamespace | None] = {}
        self._assignments: dict[str, list[str]] = {}

    def close(self) -> None:
        self.gb.close()

    def notebook(self, notebook: str, assignment: str) -> SimpleNamespace:
        """The source notebook's cells, read once; ``MissingEntry`` if the gradebook does not know it."""
        key = (notebook, assignment)
        if key not in self._notebooks:
            try:
                nb = self.gb.find_notebook(notebook, assignment)
            except MissingEntry:
                self._notebooks[key] = None
            else:
                graded = [*nb.grade_cells, *nb.task_cells]
                self._notebooks[key] = SimpleNamespace(
                    kernelspec=json.loads(nb.kernelspec) if nb.kernelspec is not None else None,
                    source={c.name: SimpleNamespace(name=c.name, cell_type=c.cell_type, locked=c.locked, checksum=c.checksum, source=c.source) for c in nb.source_cells},
                    graded={c.name: SimpleNamespace(name=c.name, max_score=c.max_score) for c in graded},
                    cell_names={c.id: c.name for c in [*graded, *nb.solution_cells]},
                )
        found = self._notebooks[key]
        if found is None:
            raise MissingEntry()
        return found

    def score(self, assignment: str, student: str) -> tuple[float, float]:
        """A submission's ``score`` and ``max_score`` as nbgrader computes them, in one query."""
        from nbgrader.api import Assignment, SubmittedAssignment

        row = (
            self.gb.db.query(SubmittedAssignment.score, SubmittedAssignment.max_score)
            .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
            .filter(Assignment.name == assignment, SubmittedAssignment.student_id == student)
            .one()
        )
        return float(row[0]), float(row[1])

    def notebook_names(self, assignment: str) -> list[str]:
        """The assignment's notebooks; ``MissingEntry`` if the gradebook does not know it."""
        if assignment not in self._assignments:
            self._assignments[assignment] = [nb.name for nb in self.gb.find_assignment(assignment).notebooks]
        return self._assignments[assignment]

    # the three lookups OverwriteCells makes, answered from the cache
    def find_source_cell(self, name: str, notebook: str, assignment: str) -> SimpleNamespace:
        try:
            return self.notebook(notebook, assignment).source[name]
        except KeyError:
            raise MissingEntry() from None

    def find_graded_cell(self, name: str, notebook: str, assignment: str) -> SimpleNamespace:
        try:
            return self.notebook(notebook, assignment).graded[name]
        except KeyError:
            raise MissingEntry() from None

    def find_notebook(self, notebook: str, assignment: str) -> Any:
        return self.gb.find_notebook(notebook, assignment)  # only for re-adding deleted cells: needs the ORM objects


def _shared(resources: ResourcesDict) -> SharedGradebook:
    return resources["nbgrader"]["shared"]


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
        self._released = resources["nbgrader"]["released"]
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
        if attr == "checksum" and self._released.get(name, self._handed_in) == self._handed_in:
            return
        self._notes.append(_CHANGES.get(attr, "{name}: {attr} was changed; restored").format(name=name, attr=attr, old=old, new=new))


_CHANGES = {
    "checksum": "locked cell {name} was edited; the original was restored",
    "points": "the points of {name} were changed to {new:g}; restored to {old:g}",
    "cell_type": "cell {name} was turned into a {new} cell; restored to {old}",
    "locked": "the lock on cell {name} was changed; restored",
}


class _OneCommit:
    """What ``SaveAutoGrades`` sees as its gradebook: this submission's rows, loaded in two queries.

    nbgrader commits after every cell; here the student's rows are committed
    together when the whole submission is graded (see ``BatchAutograde._grade_one``).
    """

    def __init__(self, gb: Gradebook, grades: dict[str, Grade], comments: dict[str, Comment]) -> None:
        self._gb, self._grades, self._comments = gb, grades, comments
        self.db = SimpleNamespace(commit=lambda: None)

    def find_grade(self, grade_id: str, notebook: str, assignment: str, student: str) -> Grade:
        found = self._grades.get(grade_id)
        return found if found is not None else self._gb.find_grade(grade_id, notebook, assignment, student)

    def find_comment(self, grade_id: str, notebook: str, assignment: str, student: str) -> Comment:
        found = self._comments.get(grade_id)
        return found if found is not None else self._gb.find_comment(grade_id, notebook, assignment, student)


class BatchSaveAutoGrades(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``: its own ``_add_score``/``_add_comment``, one commit per notebook."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id, self.student_id, self.db_url = info["notebook"], info["assignment"], info["student"], info["db_url"]
        shared = _shared(resources)
        gb = shared.gb
        names = shared.notebook(self.notebook_id, self.assignment_id).cell_names
        submitted = gb.find_submission_notebook(self.notebook_id, self.assignment_id, self.student_id)
        grades = {names[g.cell_id]: g for g in gb.db.query(Grade).filter(Grade.notebook_id == submitted.id) if g.cell_id in names}
        comments = {names[c.cell_id]: c for c in gb.db.query(Comment).filter(Comment.notebook_id == submitted.id) if c.cell_id in names}
        self.gradebook = _OneCommit(gb, grades, comments)
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
            taken = notebook.late_submission_penalty
            resources["nbgrader"]["notes"].append(
                f"{self.notebook_id} was handed in {_duration(assignment.total_seconds_late)} late"
                + (f"; late penalty {taken:g} points" if taken else "; no points taken")
            )
        gb.db.flush()
        return nb, resources


# nbgrader's gradebook-bound preprocessors and their shared-connection versions
_SWAPS: dict[type, type] = {
    OverwriteKernelspec: SharedOverwriteKernelspec,
    OverwriteCells: CachedOverwriteCells,
    SaveAutoGrades: BatchSaveAutoGrades,
    AssignLatePenalties: SharedAssignLatePenalties,
    CheckCellMetadata: FastCheckCellMetadata,
}


class BatchAutograde(Autograde):
    """nbgrader's ``Autograde`` converter, grading many students in one run (see the module notes)."""

    def grade(
        self,
        assignment_id: str,
        students: Iterable[str],
        done: Callable[[StudentResult], None] | None = None,
        workers: int = 1,
    ) -> list[StudentResult]:
        """Grade each student's submission; a failure is reported and the batch goes on.

        With ``workers`` > 1 (and where processes can be forked), the first
        submission is graded here, which loads everything grading needs, and
        the rest are shared out to that many forked worker processes, each
        with its own gradebook connection. Each student's grades are one
        transaction, so the gradebook ends the same as when grading one by one.
        """
        from nbconvert.writers import FilesWriter

        self.coursedir.assignment_id = assignment_id
        self.writer = FilesWriter(parent=self, config=self.config)
        self.exporter = self.exporter_class(parent=self, config=self.config)
        self._preprocessors = self._build(self.sanitize_preprocessors) + self._build(self.autograde_preprocessors)
        self._shared = SharedGradebook(self.coursedir.db_url, self.coursedir.course_id)
        self._master_files: list[str] | None = None
        self._released_cache: dict[tuple[str, str], dict[str, str]] = {}
        students = list(dict.fromkeys(students))
        self._assignment_id = assignment_id
        outcomes: list[StudentResult] = []

        def record(outcome: StudentResult) -> None:
            outcomes.append(outcome)
            if done:
                done(outcome)

        here = os.getcwd()
        os.chdir(self.coursedir.root)
        try:
            self._new = self._add_submissions(assignment_id, students)
            parallel = workers > 1 and len(students) > 2 and _can_fork()
            first, rest = (students[:1], students[1:]) if parallel else (students, [])
            for student in first:
                record(self._grade_one(assignment_id, student))
            if rest:
                self._grade_in_workers(rest, min(workers, len(rest)), record)
        finally:
            os.chdir(here)
            self._shared.close()
        order = {s: i for i, s in enumerate(students)}
        return sorted(outcomes, key=lambda r: order[r.student])

    def _grade_in_workers(self, students: list[str], workers: int, record: Callable[[StudentResult], None]) -> None:
        """Share ``students`` out to forked processes; anything a dead worker left is graded here.

        Each worker sends one result per student down its own pipe as soon as
        that student's rows are committed; a worker that ends, however it
        ends, closes its pipe, so nothing is waited for forever.
        """
        from multiprocessing.connection import wait

        ctx = multiprocessing.get_context("fork")
        self._shared.close()  # no database connection may cross a fork
        procs, readers = [], []
        pending = set(students)
        try:
            for i in range(workers):
                reader, writer = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker_main, args=(self, students[i::workers], writer), daemon=True)
                proc.start()
                writer.close()  # the worker holds the only write end: its exit ends the pipe
                procs.append(proc)
                readers.append(reader)
            live = list(readers)
            while live:
                for reader in wait(live):
                    try:
                        outcome = reader.recv()
                    except EOFError:
                        live.remove(reader)
                        continue
                    if isinstance(outcome, _Stopped):
                        raise NbGraderException(outcome.reason)
                    pending.discard(outcome.student)
                    record(outcome)
        finally:
            for proc in procs:
                if proc.is_alive() and pending:
                    proc.terminate()
                proc.join()
            for reader in readers:
                reader.close()
            self._shared = SharedGradebook(self.coursedir.db_url, self.coursedir.course_id)
        for student in [s for s in students if s in pending]:  # a worker died before finishing its share
            self.log.warning("A grading process stopped early; grading %s here", student)
            record(self._grade_one(self._assignment_id, student))

    def _build(self, classes: list) -> list:
        from traitlets.utils.importstring import import_item

        built = []
        for item in classes:
            cls = import_item(item) if isinstance(item, str) else item  # nbconvert accepts dotted names too
            if isinstance(cls, Execute) or (isinstance(cls, type) and issubclass(cls, Execute)):
                raise NbGraderException("batch grading never starts a kernel: remove Execute from the preprocessors")
            built.append(_SWAPS.get(cls, cls)(parent=self.exporter) if isinstance(cls, type) else cls)
        return built

    def _grade_one(self, assignment_id: str, student_id: str) -> StudentResult:
        self._notes: list[str] = []
        source = Path(self._format_source(assignment_id, student_id))
        self.notebooks = sorted(str(p) for p in source.glob(self.coursedir.notebook_id + ".ipynb"))
        if not self.notebooks:
            return StudentResult(student_id, False, problem=f"no notebook was submitted in {source}")
        if student_id in self._excluded():
            return StudentResult(student_id, False, problem="left out by CourseDirectory.student_id_exclude in nbgrader_config.py")
        everyone = self.coursedir.student_id
        self.coursedir.student_id = student_id  # what the convert hooks are told, as when nbgrader grades one student
        try:
            if not self.init_destination(assignment_id, student_id):
                return StudentResult(student_id, False, problem="already graded and unchanged (grade again with force)")
            self.run_pre_convert_hook()
            self.init_assignment(assignment_id, student_id)
            for filename in self.notebooks:
                self.convert_single_notebook(filename)
            self._shared.gb.db.commit()  # this student's grades in one transaction
            self.set_permissions(assignment_id, student_id)
            self.run_post_convert_hook()
        except OperationalError as exc:  # the gradebook, not this submission
            self._fail(assignment_id, student_id)
            raise NbGraderException(_database_problem(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - one broken submission must not stop the class
            self._fail(assignment_id, student_id)
            self.log.error("Could not grade %s: %s", student_id, exc)
            return StudentResult(student_id, False, problem=str(exc) if isinstance(exc, SubmissionProblem) else _describe(exc))
        except BaseException:  # Ctrl-C, or the parent stopping a worker: leave no output without grades
            self._fail(assignment_id, student_id)
            raise
        finally:
            self.coursedir.student_id = everyone
        score, max_score = self._shared.score(assignment_id, student_id)
        return StudentResult(student_id, True, score, max_score, notes=tuple(self._notes))

    def _fail(self, assignment_id: str, student_id: str) -> None:
        """Undo this student's uncommitted rows and remove what was written, as nbgrader's ``_handle_failure`` does."""
        self._shared.gb.db.rollback()
        dest = Path(self._format_dest(assignment_id, student_id))
        if self.coursedir.notebook_id == "*":
            if dest.exists():
                utils.rmtree(str(dest))
        else:
            for notebook in self.notebooks:
                path = dest / (Path(notebook).stem + self.exporter.file_extension)
                if path.exists():
                    utils.remove(str(path))

    def _excluded(self) -> set[str]:
        return set(self.coursedir.student_id_exclude.split(",")) if self.coursedir.student_id_exclude else set()

    def _add_submissions(self, assignment_id: str, students: list[str]) -> set[str]:
        """Add the gradebook rows of every new submission in one transaction; return who was added.

        ``Autograde.init_assignment`` adds each new submission on its own
        (``Gradebook.add_submission``: the submission, and a grade and comment
        row for each cell, committed one submission at a time). This makes the
        same rows, with the same timestamps, for the whole class at once. If
        anything about it fails, nothing is added here and each student's
        rows are made by nbgrader's own call as usual.
        """
        from nbgrader.api import Student, SubmittedAssignment, SubmittedNotebook

        gb = self._shared.gb
        try:
            assignment = gb.find_assignment(assignment_id)
        except MissingEntry:
            return set()  # init_assignment reports it, student by student, as nbgrader does
        have = {sub.student_id for sub in gb.db.query(SubmittedAssignment).filter(SubmittedAssignment.assignment_id == assignment.id)}
        known = {row[0] for row in gb.db.query(Student.id)}
        if not self.force:
            return set()  # which students init_destination skips depends on their timestamps: leave it to nbgrader's path
        excluded = self._excluded()
        new = [
            s for s in dict.fromkeys(students)
            if s not in have and s not in excluded and (s in known or self.create_student)
            and any(Path(self._format_source(assignment_id, s)).glob(self.coursedir.notebook_id + ".ipynb"))
        ]
        timestamps = {}
        for student_id in list(new):
            try:
                timestamps[student_id] = self._timestamp(assignment_id, student_id)
            except SubmissionProblem:
                new.remove(student_id)  # reported when that student is graded
        if not new:
            return set()
        try:
            self._insert_rows(assignment, new, known, timestamps)
            gb.db.commit()
        except Exception as exc:  # noqa: BLE001 - nbgrader's per-student path still works
            gb.db.rollback()
            self.log.warning("Adding the new submissions together failed (%s); adding them one by one", exc)
            return set()
        return set(new)

    def _insert_rows(self, assignment: Any, new: list[str], known: set[str], timestamps: dict[str, datetime.datetime | None]) -> None:
        """The rows ``Gradebook.add_submission`` makes (and ``add_student``), inserted a table at a time."""
        from nbgrader.api import Student, SubmittedAssignment, SubmittedNotebook, new_uuid
        from sqlalchemy import insert

        rows: dict[Any, list[dict[str, Any]]] = {Student: [], SubmittedAssignment: [], SubmittedNotebook: [], Grade: [], Comment: []}
        notebooks = [(nb.id, [c.id for c in nb.grade_cells], [c.id for c in nb.solution_cells], [c.id for c in nb.task_cells]) for nb in assignment.notebooks]
        for student_id in new:
            if student_id not in known:
                rows[Student].append({"id": student_id})
            timestamp = timestamps[student_id]
            submission = new_uuid()
            rows[SubmittedAssignment].append({"id": submission, "assignment_id": assignment.id, "student_id": student_id, "timestamp": utils.parse_utc(timestamp) if timestamp else None})
            for notebook_id, grade_cells, solution_cells, task_cells in notebooks:
                nb = new_uuid()
                rows[SubmittedNotebook].append({"id": nb, "assignment_id": submission, "notebook_id": notebook_id})
                for cell in [*grade_cells, *task_cells]:
                    rows[Grade].append({"id": new_uuid(), "cell_id": cell, "notebook_id": nb})
                for cell in [*solution_cells, *task_cells]:
                    rows[Comment].append({"id": new_uuid(), "cell_id": cell, "notebook_id": nb})
        for model, values in rows.items():
            if values:
                self._shared.gb.db.execute(insert(model.__table__), values)

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        """nbgrader's ``Autograde.init_assignment``, step for step, on the run's one connection."""
        BaseConverter.init_assignment(self, assignment_id, student_id)  # the student's own extra files
        shared, gb = self._shared, self._shared.gb
        try:
            notebook_names = shared.notebook_names(assignment_id)
        except MissingEntry:
            raise NbGraderException(f"No assignment with ID '{assignment_id}' exists in the database") from None
        if student_id not in self._new:  # rows made by _add_submissions already carry the timestamp
            self._update_submission(assignment_id, student_id)

        dest_path = self._format_dest(assignment_id, student_id)
        source_path = self.coursedir.format_path(self.coursedir.source_directory, ".", assignment_id)
        for filename in self._master(source_path, assignment_id):
            dest = os.path.join(dest_path, os.path.relpath(filename, source_path))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if os.path.exists(dest):
                os.remove(dest)
            shutil.copy(filename, dest)

        known = []
        for notebook in self.notebooks:
            try:
                shared.notebook(os.path.splitext(os.path.basename(notebook))[0], assignment_id)
            except MissingEntry:
                self.log.warning("Skipping unknown notebook: %s", notebook)
            else:
                known.append(notebook)
        if not known:
            handed_in = ", ".join(Path(n).name for n in self.notebooks)
            expected = ", ".join(f"{name}.ipynb" for name in notebook_names) or "none: run nbgrader generate_assignment"
            raise SubmissionProblem(f"the notebook handed in ({handed_in}) is not part of {assignment_id}; expected {expected}: rename the file")
        self.notebooks = known

        submitted = self.coursedir.format_path(self.coursedir.submitted_directory, student_id, assignment_id)
        for name in notebook_names:
            if not os.path.exists(os.path.join(submitted, f"{name}.ipynb")):
                self.log.warning("No submitted file: %s.ipynb", name)
                self._notes.append(f"{name}.ipynb was not handed in: its questions score 0")
                for grade in gb.find_submission_notebook(name, assignment_id, student_id).grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
                gb.db.flush()

    def _update_submission(self, assignment_id: str, student_id: str) -> None:
        gb = self._shared.gb
        if self.create_student:
            gb.update_or_create_student(student_id)
        else:
            try:
                gb.find_student(student_id)
            except MissingEntry:
                raise NbGraderException(f"No student with ID '{student_id}' exists in the database") from None
        timestamp = self._timestamp(assignment_id, student_id)
        if timestamp:
            submission = gb.update_or_create_submission(assignment_id, student_id, timestamp=timestamp)
            if submission.total_seconds_late > 0:
                self.log.warning("%s is %s seconds late", submission, submission.total_seconds_late)
        else:
            gb.update_or_create_submission(assignment_id, student_id)

    def _timestamp(self, assignment_id: str, student_id: str) -> datetime.datetime | None:
        """The submission's ``timestamp.txt``, read as nbgrader reads it, or why it cannot be."""
        folder = self._format_source(assignment_id, student_id)
        try:
            return self.coursedir.get_existing_timestamp(folder)
        except Exception:  # noqa: BLE001 - nbgrader's own error here is an AttributeError about a missing method
            text = (Path(folder) / "timestamp.txt").read_text(errors="replace").strip()[:60]
            raise SubmissionProblem(
                f"timestamp.txt in {folder} holds {text!r}, not a date and time; write one like 2026-03-01 09:30:00 UTC or delete the file"
            ) from None

    def _master(self, source_path: str, assignment_id: str) -> list[str]:
        """The instructor's non-notebook files that overwrite the student's copies (listed once per run)."""
        if self._master_files is None:
            files = set(utils.find_all_files(source_path, self.coursedir.ignore + ["*.ipynb"]))
            excluded = {os.path.join(source_path, x) for x in self.exclude_overwriting.get(assignment_id, [])}
            self._master_files = sorted(files - excluded)
        return self._master_files

    def _released_cells(self, notebook_id: str, assignment_id: str) -> dict[str, str]:
        """The sources of the cells as released to students (``release/``), by grade id; read once."""
        cache = self._released_cache
        if (notebook_id, assignment_id) not in cache:
            path = Path(self.coursedir.format_path(self.coursedir.release_directory, ".", assignment_id)) / f"{notebook_id}.ipynb"
            cells: dict[str, str] = {}
            try:
                for cell in nbformat.read(path, as_version=4).cells:
                    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                    if grade_id:
                        cells[grade_id] = cell.source
            except (OSError, ValueError):
                self.log.info("No released copy of %s to compare with: edited cells are restored without a note", notebook_id)
            cache[(notebook_id, assignment_id)] = cells
        return cache[(notebook_id, assignment_id)]

    def convert_single_notebook(self, notebook_filename: str) -> None:
        """Sanitize and grade one notebook in memory: nbgrader's two passes, one read, one write."""
        resources = ResourcesDict()
        resources.update(self.init_single_notebook_resources(notebook_filename))
        resources["nbgrader"]["shared"] = self._shared
        resources["nbgrader"]["notes"] = self._notes
        resources["nbgrader"]["released"] = self._released_cells(resources["nbgrader"]["notebook"], resources["nbgrader"]["assignment"])
        path, basename = os.path.split(notebook_filename)
        modified = datetime.datetime.fromtimestamp(os.path.getmtime(notebook_filename))
        resources["metadata"] = ResourcesDict()
        resources["metadata"].update(name=os.path.splitext(basename)[0], path=path, modified_date=modified.strftime("%B %d, %Y"))
        resources["output_extension"] = self.exporter.file_extension
        try:
            with open(notebook_filename, encoding="utf-8") as f:
                nb = nbformat.read(f, as_version=4)
        except Exception as exc:
            raise SubmissionProblem(f"{basename} is not a readable notebook ({_describe(exc)}); ask the student to submit it again") from exc
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            for pp in self._preprocessors:
                try:
                    nb, resources = pp(nb, resources)
                except OperationalError:
                    raise  # the gradebook, not this submission: _grade_one stops the run
                except Exception as exc:
                    raise SubmissionProblem(f"{basename}: {_step(pp)} failed ({_describe(exc)})") from exc
        for key in ("shared", "notes", "released"):
            del resources["nbgrader"][key]
        try:
            nbformat.validate(nb)  # nbconvert checks this after every step; once, at the end, here
        except nbformat.ValidationError as exc:
            raise SubmissionProblem(f"{basename} is not a valid notebook ({_describe(exc)}); ask the student to submit it again") from exc
        self.write_single_notebook(_notebook_json(nb), resources)


def _can_fork() -> bool:
    """Forking is safe here only where the OS offers it and this process runs a single thread."""
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@dataclass(frozen=True)
class _Stopped:
    """A worker's message that the whole run must stop (the gradebook cannot be written)."""

    reason: str


def _stop_worker(_signum: int, _frame: Any) -> None:
    raise SystemExit(1)


def _worker_main(app: BatchAutograde, students: list[str], results: Any) -> None:
    """A forked worker: its own gradebook connection, its share of the class, one result per student."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    signal.signal(signal.SIGTERM, _stop_worker)  # stopped by the parent: undo the student in hand, then exit
    app._shared = SharedGradebook(app.coursedir.db_url, app.coursedir.course_id)
    try:
        for student in students:
            results.send(app._grade_one(app._assignment_id, student))
    except NbGraderException as exc:
        results.send(_Stopped(str(exc)))
    finally:
        app._shared.close()
        results.close()


class SubmissionProblem(Exception):
    """Why one submission could not be graded, in words for the instructor."""


_STEPS = {
    "CachedOverwriteCells": "restoring the locked cells (the notebook's grading metadata looks edited)",
    "FastCheckCellMetadata": "checking the grading metadata (it looks edited or damaged)",
    "StaticGrade": "reading the answers",
    "BatchSaveAutoGrades": "saving the grades",
    "SharedAssignLatePenalties": "applying the late penalty",
}


def _step(pp: Any) -> str:
    name = type(pp).__name__
    return _STEPS.get(name, name)


def _notebook_json(nb: NotebookNode) -> str:
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


def _duration(seconds: float) -> str:
    """``3 days 4 h``, ``2 h 5 min``, ``40 min``, ``12 s``: how late, in words."""
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days > 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min" if minutes else f"{secs} s"


def _database_problem(exc: OperationalError) -> str:
    detail = str(exc.orig).strip() if exc.orig is not None else str(exc)
    if "locked" in detail or "busy" in detail:
        return f"the gradebook stayed busy for over a minute ({detail}): another program is writing to it (the formgrader, another grading run?); try again when it has finished"
    return f"the gradebook could not be written ({detail}); back it up and run `nbgrader db upgrade`"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1] if text else 'no details'}"[:300]
