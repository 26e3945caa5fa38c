"""Canvas and Moodle grade CSVs, written from plain data and read back with the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from nmt_course.errors import NmtCourseError
from nmt_course.exports import StudentGrade, canvas_csv, moodle_csv, write_canvas_csv, write_moodle_csv

GRADES = [
    StudentGrade("alice", 7.333333, 10, first_name="Zoë", last_name="O'Brien, Jr.", email="zoe@example.org", lms_user_id="101"),
    StudentGrade("bob", None, 10),
    StudentGrade("carla", 10.0, 10, first_name='Carla "CJ"', last_name="Núñez", email="carla@example.org"),
]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# ----------------------------------------------------------------- Canvas


def test_canvas_header_points_row_and_students() -> None:
    text = canvas_csv(GRADES, assignment="Quiz 1: trigger points", canvas_assignment_id=4321, section="Evening, B")
    rows = _rows(text)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Quiz 1: trigger points (4321)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "10"]
    assert rows[2:] == [
        ["O'Brien, Jr., Zoë", "101", "", "alice", "Evening, B", "7.3333"],
        ["bob", "", "", "bob", "Evening, B", ""],  # no submission: blank leaves Canvas unchanged
        ['Núñez, Carla "CJ"', "", "", "carla", "Evening, B", "10"],
    ]
    assert text.count("\r\n") == 5 and "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize(
    ("canvas_id", "column"),
    [
        (None, "Quiz 1"),  # a new assignment: the plain name
        ("", "Quiz 1"),  # empty counts as none
        (987, "Quiz 1 (987)"),  # an existing assignment, by number
        ("55", "Quiz 1 (55)"),  # or by string of digits
    ],
)
def test_canvas_assignment_column(canvas_id: object, column: str) -> None:
    assert _rows(canvas_csv(GRADES, assignment="Quiz 1", canvas_assignment_id=canvas_id))[0][-1] == column


def test_canvas_assignment_id_must_be_a_number() -> None:
    with pytest.raises(NmtCourseError, match="a Canvas assignment id is a number"):
        canvas_csv(GRADES, assignment="Quiz 1", canvas_assignment_id="quiz-1")


@pytest.mark.parametrize(
    ("id_column", "alice"),
    [
        ("SIS Login ID", ["101", "", "alice"]),  # default: the school login
        ("SIS User ID", ["101", "alice", ""]),  # the SIS number
        ("ID", ["alice", "", ""]),  # Canvas's own user id (replaces lms_user_id)
    ],
)
def test_canvas_id_column(id_column: str, alice: list[str]) -> None:
    rows = _rows(canvas_csv(GRADES, assignment="Quiz 1", id_column=id_column))
    assert rows[2][1:4] == alice


def test_canvas_points_can_be_given() -> None:
    assert _rows(canvas_csv([], assignment="Quiz 1", points=12.5))[1][-1] == "12.5"


def test_canvas_file_is_utf8_without_bom(tmp_path: Path) -> None:
    out = write_canvas_csv(GRADES, tmp_path / "sub" / "canvas.csv", assignment="Quiz 1")
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "Núñez".encode() in data
    assert data == write_canvas_csv(GRADES, tmp_path / "again.csv", assignment="Quiz 1").read_bytes()


# ----------------------------------------------------------------- Moodle


@pytest.mark.parametrize(
    ("identify_by", "header", "alice_key"),
    [
        ("username", ["Username", "First name", "Last name", "Email address", "Quiz 1"], "alice"),  # default
        ("idnumber", ["ID number", "First name", "Last name", "Email address", "Quiz 1"], "alice"),  # the school's ID number
        ("email", ["Email address", "First name", "Last name", "Quiz 1"], "zoe@example.org"),  # no second email column
    ],
)
def test_moodle_identifying_column(identify_by: str, header: list[str], alice_key: str) -> None:
    grades = [g for g in GRADES if g.email]
    rows = _rows(moodle_csv(grades, assignment="Quiz 1", identify_by=identify_by))
    assert rows[0] == header
    assert rows[1][0] == alice_key
    assert rows[1][1:3] == ["Zoë", "O'Brien, Jr."]
    assert rows[1][-1] == "7.3333"


def test_moodle_rows_and_blank_grades() -> None:
    rows = _rows(moodle_csv(GRADES, assignment="Quiz 1", item_name="NMT quiz 1"))
    assert rows == [
        ["Username", "First name", "Last name", "Email address", "NMT quiz 1"],
        ["alice", "Zoë", "O'Brien, Jr.", "zoe@example.org", "7.3333"],
        ["bob", "", "", "", ""],
        ["carla", 'Carla "CJ"', "Núñez", "carla@example.org", "10"],
    ]


def test_moodle_without_emails_has_no_email_column() -> None:
    rows = _rows(moodle_csv([GRADES[1]], assignment="Quiz 1"))
    assert rows[0] == ["Username", "First name", "Last name", "Quiz 1"]


def test_moodle_by_email_needs_every_email() -> None:
    with pytest.raises(NmtCourseError, match="no email address for bob"):
        moodle_csv(GRADES, assignment="Quiz 1", identify_by="email")


@pytest.mark.parametrize(
    ("score", "cell"),
    [
        (7.0, "7"),  # whole points without a decimal part
        (0.5, "0.5"),  # a dot, never a comma
        (2 / 3, "0.6667"),  # four decimals at most
        (0.0, "0"),  # zero is a grade, not a blank
        (1234.5, "1234.5"),  # no thousands separator
    ],
)
def test_moodle_numbers(score: float, cell: str) -> None:
    rows = _rows(moodle_csv([StudentGrade("s1", score, 10)], assignment="Quiz 1"))
    assert rows[1][-1] == cell


def test_moodle_file_is_utf8(tmp_path: Path) -> None:
    out = write_moodle_csv(GRADES, tmp_path / "moodle.csv", assignment="Quiz 1")
    text = out.read_bytes().decode("utf-8")
    assert _rows(text)[3][2] == "Núñez"
