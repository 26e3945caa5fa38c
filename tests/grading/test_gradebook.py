"""The run's shared gradebook against a real nbgrader SQLite gradebook (fast: no notebooks, no processes)."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
from pathlib import Path

import pytest
from nbgrader.api import Gradebook, MissingEntry

from nmt_course.grading.gradebook import OneCommit, SharedGradebook, insert_submission_rows

STAMP = datetime.datetime(2026, 3, 1, 9, 30)
# nbgrader's own SQLAlchemy session notices (grade_quiz silences them the same way)
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gradebook with one assignment: a notebook with two graded answers, a written answer and a task."""
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with Gradebook(f"sqlite:///{path}", "unit") as gb:
        gb.add_assignment("quiz1")
        gb.add_notebook("quiz1", "quiz1", kernelspec='{"name": "python3"}')
        for name, points in (("q01", 1.0), ("q02", 2.0)):
            gb.add_grade_cell(name, "quiz1", "quiz1", max_score=points, cell_type="code")
            gb.add_solution_cell(f"{name}-a", "quiz1", "quiz1")
            gb.add_source_cell(name, "quiz1", "quiz1", cell_type="code", locked=True, source=f"grade_cell({name!r})", checksum=f"sum-{name}")
        gb.add_grade_cell("essay", "quiz1", "quiz1", max_score=4.0, cell_type="markdown")
        gb.add_solution_cell("essay", "quiz1", "quiz1")
        gb.add_task_cell("task", "quiz1", "quiz1", max_score=1.0, cell_type="markdown")
        gb.add_student("ann")
    return path


@pytest.fixture
def url(template: Path, tmp_path: Path) -> str:
    shutil.copy(template, tmp_path / "gradebook.db")
    return f"sqlite:///{tmp_path / 'gradebook.db'}"


ROWS = """
SELECT sa.student_id, sa.timestamp, n.name, c.name, 'grade', g.auto_score, g.manual_score, g.needs_manual_grade
FROM grade g JOIN base_cell c ON c.id = g.cell_id JOIN submitted_notebook sn ON sn.id = g.notebook_id
JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN notebook n ON n.id = sn.notebook_id
UNION ALL
SELECT sa.student_id, sa.timestamp, n.name, c.name, 'comment', m.auto_comment, m.manual_comment, NULL
FROM comment m JOIN base_cell c ON c.id = m.cell_id JOIN submitted_notebook sn ON sn.id = m.notebook_id
JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN notebook n ON n.id = sn.notebook_id
"""


def _rows(tmp_path: Path, student: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        return sorted(row[1:] for row in db.execute(ROWS) if row[0] == student)


def test_rows_inserted_together_are_nbgraders_rows(url: str, tmp_path: Path) -> None:
    with Gradebook(url, "unit") as gb:
        gb.add_submission("quiz1", "ann", timestamp=STAMP)  # nbgrader's own call, one submission
        insert_submission_rows(gb, gb.find_assignment("quiz1"), ["ben", "cat"], {"ann"}, {"ben": STAMP, "cat": None})
        gb.db.commit()
        assert {s.id for s in gb.students} == {"ann", "ben", "cat"}  # new students are added
    ann = _rows(tmp_path, "ann")
    assert len(ann) == 8  # four graded cells (grades), four solution or task cells (comments)
    assert _rows(tmp_path, "ben") == ann
    assert _rows(tmp_path, "cat") == [(None, *row[1:]) for row in ann]  # no timestamp.txt: no timestamp


def test_cached_lookups_answer_like_nbgrader(url: str) -> None:
    shared = SharedGradebook(url, "unit")
    try:
        nb = shared.notebook("quiz1", "quiz1")
        assert nb.kernelspec == {"name": "python3"}
        cell = shared.find_source_cell("q02", "quiz1", "quiz1")
        assert (cell.name, cell.cell_type, cell.locked, cell.checksum, cell.source) == ("q02", "code", True, "sum-q02", "grade_cell('q02')")
        assert shared.find_graded_cell("task", "quiz1", "quiz1").max_score == 1.0
        assert set(nb.cell_names.values()) == {"q01", "q02", "q01-a", "q02-a", "essay", "task"}
        assert shared.notebook_names("quiz1") == ["quiz1"]
        for lookup in (lambda: shared.find_source_cell("q09", "quiz1", "quiz1"), lambda: shared.notebook("quiz2", "quiz1")):
            with pytest.raises(MissingEntry):
                lookup()
        with pytest.raises(MissingEntry):  # an unknown notebook stays unknown (cached as such)
            shared.notebook("quiz2", "quiz1")
    finally:
        shared.close()


def test_score_and_one_commit(url: str) -> None:
    shared = SharedGradebook(url, "unit")
    try:
        gb = shared.gb
        gb.add_submission("quiz1", "ann", timestamp=STAMP)
        grade = gb.find_grade("q02", "quiz1", "quiz1", "ann")
        view = OneCommit(gb, {"q02": grade}, {})
        assert view.find_grade("q02", "quiz1", "quiz1", "ann") is grade  # from the loaded rows
        assert view.find_grade("q01", "quiz1", "quiz1", "ann").cell.name == "q01"  # anything else from the gradebook
        view.find_grade("q02", "quiz1", "quiz1", "ann").auto_score = 2.0
        view.db.commit()  # SaveAutoGrades' per-cell commit does nothing...
        gb.db.flush()
        assert shared.score("quiz1", "ann") == (2.0, 8.0)
        gb.db.rollback()  # ...so the student's rows are still one transaction
        assert shared.score("quiz1", "ann") == (0.0, 8.0)
    finally:
        shared.close()
