"""One nbgrader ``Gradebook`` connection for a whole grading run, and what grading only reads.

:class:`SharedGradebook` answers the lookups nbgrader's preprocessors make
(same attributes, ``MissingEntry`` for an unknown name) from values read once
per run; :class:`OneCommit` is what ``SaveAutoGrades`` sees, so that a
student's rows are committed together; :func:`insert_submission_rows` makes
the rows of many new submissions at once, as ``Gradebook.add_submission``
would make them one by one.
"""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace
from typing import Any

from nbgrader import utils
from nbgrader.api import Comment, Grade, Gradebook, MissingEntry

__all__ = ["SharedGradebook", "OneCommit", "insert_submission_rows"]


class SharedGradebook:
    """One nbgrader ``Gradebook`` for a whole run, plus what grading only reads.

    The source cells, graded cells, kernelspecs and the assignment's notebook
    list do not change while submissions are graded, so they are read once
    and kept as plain values (not ORM objects, which a commit would expire).
    The lookups answer like nbgrader's (same attributes, ``MissingEntry`` for
    an unknown name), so nbgrader's own preprocessor code can use them.
    """

    def __init__(self, db_url: str, course_id: str, *, known: SharedGradebook | None = None) -> None:
        """A new connection; ``known``, an earlier (closed) one whose read-only values are kept."""
        self.gb = Gradebook(db_url, course_id)
        self._notebooks: dict[tuple[str, str], SimpleNamespace | None] = dict(known._notebooks) if known else {}
        self._assignments: dict[str, list[str]] = dict(known._assignments) if known else {}

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
                    source={
                        c.name: SimpleNamespace(name=c.name, cell_type=c.cell_type, locked=c.locked, checksum=c.checksum, source=c.source)
                        for c in nb.source_cells
                    },
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


class OneCommit:
    """What ``SaveAutoGrades`` sees as its gradebook: this submission's rows, loaded in two queries.

    nbgrader commits after every cell; here the student's rows are committed
    together when the whole submission is graded (``BatchAutograde._grade_one``).
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


def insert_submission_rows(
    gb: Gradebook, assignment: Any, new: list[str], known: set[str], timestamps: dict[str, datetime.datetime | None],
) -> None:
    """The rows ``Gradebook.add_submission`` makes (and ``add_student``), inserted a table at a time; not committed."""
    from nbgrader.api import Student, SubmittedAssignment, SubmittedNotebook, new_uuid
    from sqlalchemy import insert

    rows: dict[Any, list[dict[str, Any]]] = {Student: [], SubmittedAssignment: [], SubmittedNotebook: [], Grade: [], Comment: []}
    notebooks = [
        (nb.id, [c.id for c in nb.grade_cells], [c.id for c in nb.solution_cells], [c.id for c in nb.task_cells]) for nb in assignment.notebooks
    ]
    for student_id in new:
        if student_id not in known:
            rows[Student].append({"id": student_id})
        timestamp = timestamps[student_id]
        submission = new_uuid()
        rows[SubmittedAssignment].append(
            {"id": submission, "assignment_id": assignment.id, "student_id": student_id, "timestamp": utils.parse_utc(timestamp) if timestamp else None}
        )
        for notebook_id, grade_cells, solution_cells, task_cells in notebooks:
            nb = new_uuid()
            rows[SubmittedNotebook].append({"id": nb, "assignment_id": submission, "notebook_id": notebook_id})
            for cell in [*grade_cells, *task_cells]:
                rows[Grade].append({"id": new_uuid(), "cell_id": cell, "notebook_id": nb})
            for cell in [*solution_cells, *task_cells]:
                rows[Comment].append({"id": new_uuid(), "cell_id": cell, "notebook_id": nb})
    for model, values in rows.items():
        if values:
            gb.db.execute(insert(model.__table__), values)
