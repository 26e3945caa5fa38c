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
  ``Autograde.autograde_preprocessors``, as configured) are built once per run
  (:mod:`.pipeline`), not once per notebook, and each notebook is read once
  and written once (:mod:`.notebooks`);
- one gradebook connection serves the whole run, and the assignment's source
  cells, which grading never changes, are read from it once (:mod:`.gradebook`);
- the preprocessors that talk to the gradebook are swapped for subclasses
  that run nbgrader's own per-cell code against that connection, and a
  student's grades are committed together (if one of a student's notebooks
  fails, none of that student's new grades are kept, where nbgrader keeps
  those of the notebooks graded before it);
- new submissions' rows are inserted for the whole class at once
  (:mod:`.submissions`), and the class is shared out to forked worker
  processes, each student under a time and memory budget (:mod:`.workers`).

It also refuses what it must not read (links, devices, huge files:
:mod:`.files`) and puts everyday accidents right (pasted cells, deleted
grading metadata: :mod:`.repairs`), each with a note for the instructor.

Everything nbgrader does around the notebooks stays nbgrader's: which
submissions to (re)grade, copying the student's extra files (regular files
only) and the instructor's master files, timestamps and late penalties, missing notebooks,
file permissions, the convert hooks, the ``autograded/`` layout that
``generate_feedback`` reads, and the gradebook that ``export`` reads.
``tests/integrations/test_batch_autograde.py`` grades the same class with this
and with nbgrader's stock ``Autograde`` (same preprocessors) and compares every
gradebook row, every autograded file, the feedback and the export.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbgrader import utils
from nbgrader.converters.base import NbGraderException
from sqlalchemy.exc import OperationalError

from ..errors import SubmissionError
from .files import check_submission
from .gradebook import SharedGradebook
from .messages import database_problem, describe, no_notebook_problem, problem_for, step_problem
from .notebooks import notebook_json
from .pipeline import build_preprocessors
from .results import StudentResult
from .static import cell_metadata_problem
from .submissions import SubmissionSetup
from .workers import Budget, can_fork, grade_here, grade_in_workers

__all__ = ["BatchAutograde"]


class BatchAutograde(SubmissionSetup):
    """nbgrader's ``Autograde`` converter, grading many students in one run (see the module notes)."""

    def grade(
        self,
        assignment_id: str,
        students: Iterable[str],
        done: Callable[[StudentResult], None] | None = None,
        workers: int = 1,
        budget: Budget | None = None,
    ) -> list[StudentResult]:
        """Grade each student's submission; a failure is reported and the batch goes on.

        Where processes can be forked, what grading needs is loaded here and
        the class is shared out to ``workers`` forked processes (one student
        at a time each, under ``budget``), each with its own gradebook
        connection. Each student's grades are one transaction, so the
        gradebook ends the same as when grading one by one.
        """
        from nbconvert.writers import FilesWriter

        self.budget = budget or Budget()
        self.coursedir.assignment_id = assignment_id
        self.writer = FilesWriter(parent=self, config=self.config)
        self.exporter = self.exporter_class(parent=self, config=self.config)
        self._preprocessors = build_preprocessors(self.sanitize_preprocessors, parent=self.exporter)
        self._preprocessors += build_preprocessors(self.autograde_preprocessors, parent=self.exporter)
        self._master_files = None
        self._released_cache = {}
        self.may_commit: Callable[[], bool] = lambda: True
        self.recycle = False
        students = list(dict.fromkeys(students))
        self._assignment_id = assignment_id
        outcomes: list[StudentResult] = []

        def record(outcome: StudentResult) -> None:
            outcomes.append(outcome)
            if done:
                done(outcome)

        self.connect()
        here = os.getcwd()
        os.chdir(self.coursedir.root)
        try:
            self._new = self._add_submissions(assignment_id, students)
            if students and can_fork():
                self.warm_up(assignment_id)
                grade_in_workers(self, students, workers, record, budget=self.budget)
            else:
                grade_here(self, students, record, budget=self.budget)
        finally:
            os.chdir(here)
            self.disconnect()
        order = {s: i for i, s in enumerate(students)}
        return sorted(outcomes, key=lambda r: order[r.student])

    def connect(self) -> None:
        """Open this process's gradebook connection (a forked worker opens its own), keeping what was read."""
        previous = getattr(self, "_shared", None)
        self._shared = SharedGradebook(self.coursedir.db_url, self.coursedir.course_id, known=previous)

    def disconnect(self) -> None:
        self._shared.close()

    def warm_up(self, assignment_id: str) -> None:
        """Load, before forking, what every worker would otherwise load again: the source cells, the released copy, the checks."""
        from .static import warm_up as warm_up_static

        sources: list[str] = []
        for name in self._shared.notebook_names(assignment_id):
            notebook = self._shared.notebook(name, assignment_id)
            sources += [cell.source for cell in notebook.source.values() if cell.name in notebook.graded]
            self._released_cells(name, assignment_id)
        source_folder = self.coursedir.format_path(self.coursedir.source_directory, ".", assignment_id)
        self._master(source_folder, assignment_id)
        warm_up_static(sources, folder=source_folder)  # the answer keys are found from the quiz's folder upward

    def grade_student(self, student_id: str) -> StudentResult:
        """Grade one student's submission of the run's assignment; a problem with it is the result, not an error."""
        started = time.perf_counter()
        result = self._grade_student(student_id)
        return dataclasses.replace(result, seconds=round(time.perf_counter() - started, 3))

    def _grade_student(self, student_id: str) -> StudentResult:
        assignment_id = self._assignment_id
        self._notes = []
        self._invalid: list[tuple[str, str]] = []
        source = Path(self._format_source(assignment_id, student_id))
        self.notebooks = sorted(str(p) for p in source.glob(self.coursedir.notebook_id + ".ipynb"))
        if not self.notebooks:
            return StudentResult(student_id, False, problem=no_notebook_problem(str(source), self.coursedir.notebook_id))
        if student_id in self._excluded():
            return StudentResult(student_id, False, problem="left out by CourseDirectory.student_id_exclude in nbgrader_config.py")
        try:
            check_submission(source, [Path(n) for n in self.notebooks])
        except SubmissionError as exc:
            return StudentResult(student_id, False, problem=str(exc))
        everyone = self.coursedir.student_id
        self.coursedir.student_id = student_id  # what the convert hooks are told, as when nbgrader grades one student
        try:
            if not self.init_destination(assignment_id, student_id):
                return StudentResult(student_id, False, problem="already graded and unchanged (nbgrader autograde --force grades it again)")
            self.run_pre_convert_hook()
            self.init_assignment(assignment_id, student_id)
            for filename in self.notebooks:
                self.convert_single_notebook(filename)
            if not self.may_commit():
                raise SystemExit(1)  # the run that asked for this grading is gone: commit nothing
            self._shared.gb.db.commit()  # this student's grades in one transaction
            self.set_permissions(assignment_id, student_id)
            self.run_post_convert_hook()
        except OperationalError as exc:  # the gradebook, not this submission
            self._fail(assignment_id, student_id)
            detail = str(exc.orig).strip() if exc.orig is not None else str(exc)
            raise NbGraderException(database_problem(detail, db_url=self.coursedir.db_url)) from exc
        except Exception as exc:
            self._fail(assignment_id, student_id)
            self.recycle = self.recycle or isinstance(exc, MemoryError)
            self.log.error("Could not grade %s: %s", student_id, exc)
            return StudentResult(student_id, False, problem=problem_for(exc, seconds=self.budget.seconds, megabytes=self.budget.memory_mb))
        except BaseException:  # Ctrl-C, or the parent stopping a worker: leave no output without grades
            self._fail(assignment_id, student_id)
            raise
        finally:
            self.coursedir.student_id = everyone
        score, max_score = self._shared.score(assignment_id, student_id)
        return StudentResult(student_id, True, score, max_score, notes=tuple(self._notes), invalid=tuple(self._invalid))

    def _fail(self, assignment_id: str, student_id: str) -> None:
        """Undo this student's uncommitted rows and remove what was written, as nbgrader's ``_handle_failure`` does."""
        self._shared.gb.db.rollback()
        self._remove_output(assignment_id, student_id, self.notebooks)

    def discard(self, student_id: str) -> None:
        """Remove what a worker that was stopped wrote for this student (its uncommitted rows died with it)."""
        source = Path(self._format_source(self._assignment_id, student_id))
        self._remove_output(self._assignment_id, student_id, [str(p) for p in source.glob(self.coursedir.notebook_id + ".ipynb")])

    def _remove_output(self, assignment_id: str, student_id: str, notebooks: list[str]) -> None:
        dest = Path(self._format_dest(assignment_id, student_id))
        if self.coursedir.notebook_id == "*":
            if dest.exists():
                utils.rmtree(str(dest))
        else:
            for notebook in notebooks:
                path = dest / (Path(notebook).stem + self.exporter.file_extension)
                if path.exists():
                    utils.remove(str(path))

    def convert_single_notebook(self, notebook_filename: str) -> None:
        """Sanitize and grade one notebook in memory: nbgrader's two passes, one read, one write."""
        resources = ResourcesDict()
        resources.update(self.init_single_notebook_resources(notebook_filename))
        info = resources["nbgrader"]
        released = self._released_cells(info["notebook"], info["assignment"])
        info.update(shared=self._shared, notes=self._notes, invalid=self._invalid, released=released)
        path, basename = os.path.split(notebook_filename)
        modified = datetime.datetime.fromtimestamp(os.path.getmtime(notebook_filename))
        resources["metadata"] = ResourcesDict()
        resources["metadata"].update(name=os.path.splitext(basename)[0], path=path, modified_date=modified.strftime("%B %d, %Y"))
        resources["output_extension"] = self.exporter.file_extension
        try:
            with open(notebook_filename, encoding="utf-8") as f:
                nb = nbformat.read(f, as_version=4)
        except (MemoryError, TimeoutError):
            raise  # the budget: grade_student says so
        except Exception as exc:
            raise SubmissionError(f"{basename} is not a readable notebook ({describe(exc)}); ask the student to submit it again") from exc
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            for pp in self._preprocessors:
                try:
                    nb, resources = pp(nb, resources)
                except (OperationalError, MemoryError, TimeoutError):
                    raise  # the gradebook, not this submission: grade_student stops the run; or the budget
                except Exception as exc:
                    raise SubmissionError(step_problem(basename, pp, exc, _culprit(nb))) from exc
        for key in ("shared", "notes", "invalid", "released"):
            del resources["nbgrader"][key]
        try:
            nbformat.validate(nb)  # nbconvert checks this after every step; once, at the end, here
        except nbformat.ValidationError as exc:
            raise SubmissionError(f"{basename} is not a valid notebook ({describe(exc)}); ask the student to submit it again") from exc
        self.write_single_notebook(notebook_json(nb), resources)


def _culprit(nb: nbformat.NotebookNode) -> str | None:
    """The first cell whose grading metadata nbgrader's check refuses, named as the instructor can find it."""
    for number, cell in enumerate(nb.cells, start=1):
        problem = cell_metadata_problem(cell)
        if problem is not None:
            meta = cell.metadata.get("nbgrader")
            name = meta.get("grade_id") if isinstance(meta, dict) else None
            label = f"cell {number} ({name})" if name else f"cell {number} (id {cell.get('id', '?')})"
            return f"{label}, whose grading metadata was edited by hand ({problem[:120]})"
    return None
