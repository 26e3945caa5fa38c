"""Reading one assignment's totals from a real nbgrader gradebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmt_course.errors import NmtCourseError
from nmt_course.exports import StudentGrade, read_grades

from .conftest import EXPECTED, STUDENTS


def test_every_student_with_their_total(course_dir: Path) -> None:
    grades = read_grades("quiz1", course_dir=course_dir)
    assert [g.student_id for g in grades] == sorted(STUDENTS)
    for g in grades:
        first, last, email, lms = STUDENTS[g.student_id]
        assert (g.first_name, g.last_name, g.email, g.lms_user_id) == (first or "", last or "", email or "", lms or "")
        assert (g.score, g.needs_manual_grade) == EXPECTED[g.student_id]
        assert g.max_score == 6


def test_missing_submissions_can_count_as_zero(course_dir: Path) -> None:
    grades = {g.student_id: g.score for g in read_grades("quiz1", course_dir=course_dir, missing_as_zero=True)}
    assert grades["bob"] == 0


def test_a_database_url_works_too(course_dir: Path) -> None:
    grades = read_grades("quiz1", db_url=f"sqlite:///{course_dir / 'gradebook.db'}")
    assert len(grades) == len(STUDENTS)


def test_unknown_assignment_names_the_known_ones(course_dir: Path) -> None:
    with pytest.raises(NmtCourseError, match=r"no assignment 'quiz9' \(assignments: quiz1, quiz2\)"):
        read_grades("quiz9", course_dir=course_dir)


def test_missing_gradebook_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(NmtCourseError, match="there is no gradebook at"):
        read_grades("quiz1", course_dir=tmp_path)
    assert not (tmp_path / "gradebook.db").exists()


@pytest.mark.parametrize(
    ("first", "last", "sortable"),
    [
        ("Zoë", "O'Brien", "O'Brien, Zoë"),  # Canvas's "Last, First"
        ("", "Núñez", "Núñez"),  # only a last name
        ("Ana", "", "Ana"),  # only a first name
        ("", "", "s123"),  # no name: the student id
    ],
)
def test_sortable_name(first: str, last: str, sortable: str) -> None:
    assert StudentGrade("s123", 1.0, 2.0, first_name=first, last_name=last).sortable_name == sortable
