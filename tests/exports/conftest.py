"""A course folder with a real nbgrader gradebook (SQLite) for the grade exports."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from conftest import new_gradebook

STUDENTS = {
    # id: (first name, last name, email, LMS user id)
    "alice": ("Zoë", "O'Brien, Jr.", "zoe@example.org", "101"),  # accent, apostrophe, comma
    "bob": (None, None, None, None),  # nothing but an id, and no submission
    "carla": ('Carla "CJ"', "Núñez", "carla@example.org", None),  # quotes; submitted late
    "dmitri": ("Dmitri", "Ivanov", None, None),  # written answer not marked yet
}
EXPECTED = {
    # id: (score, needs manual grade)
    "alice": (4.5, False),  # 1.5 of 2 automatic + 3 of 4 by hand
    "bob": (None, False),  # no submission
    "carla": (2.0, False),  # 2 + 1 by hand, minus a 1-point late penalty
    "dmitri": (1.0, True),  # 1 automatic, the written part waiting
}


def _build(course: Path, blank: Path) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(new_gradebook(blank, course)) as gb:
        gb.add_assignment("quiz1")
        gb.add_assignment("quiz2")
        gb.add_notebook("quiz1", "quiz1")
        gb.add_grade_cell("q01", "quiz1", "quiz1", max_score=2, cell_type="code")
        gb.add_grade_cell("q07", "quiz1", "quiz1", max_score=4, cell_type="markdown")
        for sid, (first, last, email, lms) in STUDENTS.items():
            gb.add_student(sid, first_name=first, last_name=last, email=email, lms_user_id=lms)
        scores = {"alice": (1.5, 3), "carla": (2, 1), "dmitri": (1, None)}
        for sid, (auto, manual) in scores.items():
            gb.add_submission("quiz1", sid)
            code = gb.find_grade("q01", "quiz1", "quiz1", sid)
            code.auto_score, code.needs_manual_grade = auto, False
            written = gb.find_grade("q07", "quiz1", "quiz1", sid)
            if manual is not None:
                written.manual_score, written.needs_manual_grade = manual, False
        gb.find_submission_notebook("quiz1", "quiz1", "carla").late_submission_penalty = 1.0
        gb.db.commit()


@pytest.fixture(scope="session")
def course_dir(tmp_path_factory: pytest.TempPathFactory, blank_gradebook: Path) -> Path:
    course = tmp_path_factory.mktemp("course")
    with warnings.catch_warnings():
        # nbgrader's add_submission trips a SQLAlchemy warning about its own session use (reading does not)
        warnings.simplefilter("ignore")
        _build(course, blank_gradebook)
    return course
