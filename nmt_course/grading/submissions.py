"""What nbgrader's Autograde does around each submission before its notebooks are graded, on one connection.

:class:`SubmissionSetup` is the layer of the batch converter that makes the
gradebook rows (for the whole class at once where it can), reads timestamps,
copies the student's own files (regular files only, see :mod:`.files`) and
the instructor's, scores missing notebooks 0, and reads the released copy
once. :class:`~.converter.BatchAutograde` builds on it.
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.converters import Autograde
from nbgrader.converters.base import NbGraderException

from ..errors import SubmissionError
from .files import Skipped, check_submission, copy_regular_file, skipped_note, student_files
from .gradebook import SharedGradebook, insert_submission_rows
from .messages import missing_notebook_note
from .notebooks import Released, released_cells

__all__ = ["SubmissionSetup"]


class SubmissionSetup(Autograde):
    """nbgrader's per-submission setup for a run of many (see the module notes)."""

    _shared: SharedGradebook
    notebooks: list[str]
    _notes: list[str]
    _new: set[str]
    _master_files: list[str] | None
    _released_cache: dict[tuple[str, str], Released]

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
        except Exception as exc:
            gb.db.rollback()
            self.log.warning("Adding the new submissions together failed (%s); adding them one by one", exc)
            return set()
        return set(new)

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        """nbgrader's ``Autograde.init_assignment``, step for step, on the run's one connection."""
        self._copy_student_files(assignment_id, student_id)
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
        check_submission(Path(folder), [])  # never a link, a pipe or a device: those would be followed or block
        try:
            return self.coursedir.get_existing_timestamp(folder)
        except Exception:
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

    def _released_cells(self, notebook_id: str, assignment_id: str) -> Released:
        """The cells as released to students (``release/``); read once per run."""
        key = (notebook_id, assignment_id)
        if key not in self._released_cache:
            path = Path(self.coursedir.format_path(self.coursedir.release_directory, ".", assignment_id)) / f"{notebook_id}.ipynb"
            cells = released_cells(path)
            if cells is None:
                self.log.info("No released copy of %s to compare with: edited cells are restored without a note", notebook_id)
            self._released_cache[key] = cells or Released()
        return self._released_cache[key]

    def _copy_student_files(self, assignment_id: str, student_id: str) -> None:
        """The student's own extra files, as ``BaseConverter.init_assignment`` copies them, but regular files only.

        Links, devices, pipes and anything outside the submission folder are
        never followed, read or copied; the instructor gets one note naming them.
        """
        source = Path(self._format_source(assignment_id, student_id))
        dest = Path(self._format_dest(assignment_id, student_id))
        keep, skipped = student_files(source, list(self.coursedir.ignore))
        for path in keep:
            target = dest / path.relative_to(source)
            self.log.info("Copying %s -> %s", path, target)
            try:
                copy_regular_file(path, target)
            except OSError as exc:
                skipped.append(Skipped(str(path.relative_to(source)), f"not readable ({exc.strerror or exc})"))
        if skipped:
            self._notes.append(skipped_note(skipped))
