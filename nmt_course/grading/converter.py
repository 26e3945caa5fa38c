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
- new submissions' rows are inserted for the whole class at once, and the
  class can be shared out to forked worker processes (:mod:`.workers`).

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
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter, NbGraderException
from sqlalchemy.exc import OperationalError

from ..errors import SubmissionError
from .gradebook import SharedGradebook, insert_submission_rows
from .messages import database_problem, describe, missing_notebook_note, step_name
from .notebooks import notebook_json, released_cells
from .pipeline import build_preprocessors
from .results import StudentResult
from .workers import can_fork, grade_in_workers

__all__ = ["BatchAutograde"]


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
        self._preprocessors = build_preprocessors(self.sanitize_preprocessors, parent=self.exporter)
        self._preprocessors += build_preprocessors(self.autograde_preprocessors, parent=self.exporter)
        self._master_files: list[str] | None = None
        self._released_cache: dict[tuple[str, str], dict[str, str]] = {}
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
            parallel = workers > 1 and len(students) > 2 and can_fork()
            first, rest = (students[:1], students[1:]) if parallel else (students, [])
            for student in first:
                record(self.grade_student(student))
            if rest:
                grade_in_workers(self, rest, min(workers, len(rest)), record)
        finally:
            os.chdir(here)
            self.disconnect()
        order = {s: i for i, s in enumerate(students)}
        return sorted(outcomes, key=lambda r: order[r.student])

    def connect(self) -> None:
        """Open this process's gradebook connection (a forked worker opens its own)."""
        self._shared = SharedGradebook(self.coursedir.db_url, self.coursedir.course_id)

    def disconnect(self) -> None:
        self._shared.close()

    def grade_student(self, student_id: str) -> StudentResult:
        """Grade one student's submission of the run's assignment; a problem with it is the result, not an error."""
        assignment_id = self._assignment_id
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
            detail = str(exc.orig).strip() if exc.orig is not None else str(exc)
            raise NbGraderException(database_problem(detail)) from exc
        except Exception as exc:  # noqa: BLE001 - one broken submission must not stop the class
            self._fail(assignment_id, student_id)
            self.log.error("Could not grade %s: %s", student_id, exc)
            return StudentResult(student_id, False, problem=str(exc) if isinstance(exc, SubmissionError) else describe(exc))
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
        from nbgrader.api import Student, SubmittedAssignment

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
            except SubmissionError:
                new.remove(student_id)  # reported when that student is graded
        if not new:
            return set()
        try:
            insert_submission_rows(gb, assignment, new, known, timestamps)
            gb.db.commit()
        except Exception as exc:  # noqa: BLE001 - nbgrader's per-student path still works
            gb.db.rollback()
            self.log.warning("Adding the new submissions together failed (%s); adding them one by one", exc)
            return set()
        return set(new)

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
            raise SubmissionError(f"the notebook handed in ({handed_in}) is not part of {assignment_id}; expected {expected}: rename the file")
        self.notebooks = known

        submitted = self.coursedir.format_path(self.coursedir.submitted_directory, student_id, assignment_id)
        for name in notebook_names:
            if not os.path.exists(os.path.join(submitted, f"{name}.ipynb")):
                self.log.warning("No submitted file: %s.ipynb", name)
                self._notes.append(missing_notebook_note(name))
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
            raise SubmissionError(
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
        key = (notebook_id, assignment_id)
        if key not in self._released_cache:
            path = Path(self.coursedir.format_path(self.coursedir.release_directory, ".", assignment_id)) / f"{notebook_id}.ipynb"
            cells = released_cells(path)
            if cells is None:
                self.log.info("No released copy of %s to compare with: edited cells are restored without a note", notebook_id)
            self._released_cache[key] = cells or {}
        return self._released_cache[key]

    def convert_single_notebook(self, notebook_filename: str) -> None:
        """Sanitize and grade one notebook in memory: nbgrader's two passes, one read, one write."""
        resources = ResourcesDict()
        resources.update(self.init_single_notebook_resources(notebook_filename))
        info = resources["nbgrader"]
        info.update(shared=self._shared, notes=self._notes, released=self._released_cells(info["notebook"], info["assignment"]))
        path, basename = os.path.split(notebook_filename)
        modified = datetime.datetime.fromtimestamp(os.path.getmtime(notebook_filename))
        resources["metadata"] = ResourcesDict()
        resources["metadata"].update(name=os.path.splitext(basename)[0], path=path, modified_date=modified.strftime("%B %d, %Y"))
        resources["output_extension"] = self.exporter.file_extension
        try:
            with open(notebook_filename, encoding="utf-8") as f:
                nb = nbformat.read(f, as_version=4)
        except Exception as exc:
            raise SubmissionError(f"{basename} is not a readable notebook ({describe(exc)}); ask the student to submit it again") from exc
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            for pp in self._preprocessors:
                try:
                    nb, resources = pp(nb, resources)
                except OperationalError:
                    raise  # the gradebook, not this submission: grade_student stops the run
                except Exception as exc:
                    raise SubmissionError(f"{basename}: {step_name(pp)} failed ({describe(exc)})") from exc
        for key in ("shared", "notes", "released"):
            del resources["nbgrader"][key]
        try:
            nbformat.validate(nb)  # nbconvert checks this after every step; once, at the end, here
        except nbformat.ValidationError as exc:
            raise SubmissionError(f"{basename} is not a valid notebook ({describe(exc)}); ask the student to submit it again") from exc
        self.write_single_notebook(notebook_json(nb), resources)
