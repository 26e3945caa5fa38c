"""The export workflow functions: real gradebook and bank in, files out, read back."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nmt_course import quiz
from nmt_course.errors import NmtCourseError
from nmt_course.exports import export_bank, export_grades, select_bank_questions

from .conftest import STUDENTS
from .readers import read_gift, read_qti


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_grades_wait_for_hand_marking(course_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "canvas.csv"
    with pytest.raises(NmtCourseError, match=r"1 submission\(s\) of quiz1 still need marking by hand \(dmitri\)"):
        export_grades("quiz1", course_dir=course_dir, fmt="canvas", out=out)
    assert not out.exists()


def test_a_submission_never_graded_is_named_as_such(course_dir: Path, tmp_path: Path) -> None:
    import shutil
    import warnings

    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(course_dir, course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's own session notice on add_submission
        gb.add_submission("quiz1", "bob")  # handed in, but autograding failed: rows with no score at all
    with pytest.raises(NmtCourseError) as caught:
        export_grades("quiz1", course_dir=course, fmt="canvas", out=tmp_path / "canvas.csv")
    message = str(caught.value)
    assert "1 submission(s) of quiz1 were never graded (bob): `nmt-course grade quiz1` says why" in message
    assert "still need marking by hand (dmitri)" in message  # not "bob" there: he needs grading, not marking
    assert "--allow-ungraded" in message and "allow_ungraded" not in message.replace("--allow-ungraded", "")
    assert "0 for one never graded" in message


def test_canvas_export_from_the_gradebook(course_dir: Path, tmp_path: Path) -> None:
    out = export_grades("quiz1", course_dir=course_dir, fmt="canvas", out=tmp_path / "canvas.csv", allow_ungraded=True,
                        canvas_assignment_id=77, item_name="Quiz 1")
    rows = _csv(out)
    assert rows[0][-1] == "Quiz 1 (77)"
    assert rows[1] == ["    Points Possible", "", "", "", "", "6"]
    by_login = {r[3]: r for r in rows[2:]}
    assert set(by_login) == set(STUDENTS)
    assert by_login["alice"] == ["O'Brien, Jr., Zoë", "101", "", "alice", "", "4.5"]
    assert by_login["carla"][0] == 'Núñez, Carla "CJ"' and by_login["carla"][-1] == "2"
    assert by_login["bob"][-1] == "" and by_login["dmitri"][-1] == "1"


def test_moodle_export_from_the_gradebook(course_dir: Path, tmp_path: Path) -> None:
    out = export_grades("quiz1", course_dir=course_dir, fmt="moodle", out=tmp_path / "moodle.csv", allow_ungraded=True,
                        identify_by="idnumber", missing_as_zero=True)
    rows = _csv(out)
    assert rows[0] == ["ID number", "First name", "Last name", "Email address", "quiz1"]
    assert {r[0]: r[-1] for r in rows[1:]} == {"alice": "4.5", "bob": "0", "carla": "2", "dmitri": "1"}


def test_grade_format_is_checked(course_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(NmtCourseError, match="'canvas' or 'moodle'"):
        export_grades("quiz1", course_dir=course_dir, fmt="blackboard", out=tmp_path / "x.csv")  # type: ignore[arg-type]


def test_bank_as_gift_and_qti(tmp_path: Path) -> None:
    bank = quiz.load_bank()
    gift = export_bank(fmt="gift", out=tmp_path / "bank.gift.txt")
    qti = export_bank(fmt="qti", out=tmp_path / "bank.zip")
    assert [q["title"] for q in read_gift(gift.read_text(encoding="utf-8"))] == [q.id for q in bank]
    assert list(read_qti(qti.read_bytes())["items"]) == [q.id for q in bank]


def test_bank_export_is_byte_identical(tmp_path: Path) -> None:
    for fmt in ("gift", "qti"):
        first = export_bank(fmt=fmt, out=tmp_path / f"a.{fmt}").read_bytes()
        assert export_bank(fmt=fmt, out=tmp_path / f"b.{fmt}").read_bytes() == first


@pytest.mark.parametrize(
    "topics",
    [
        ("anatomy",),  # a bank file's topic
        ("referral",),  # a tag on questions in several files
        ("kinesiology", "ethics"),  # any of two tags
    ],
)
def test_bank_topics(topics: tuple[str, ...], tmp_path: Path) -> None:
    bank = quiz.load_bank()
    expected = [q.id for q in bank if set(topics) & {*q.topics, bank.topic_of_file[bank.file_of[q.id]]}]
    assert expected and len(expected) < len(bank)
    gift = read_gift(export_bank(fmt="gift", out=tmp_path / "t.txt", topics=topics).read_text(encoding="utf-8"))
    assert [q["title"] for q in gift] == expected
    qti = read_qti(export_bank(fmt="qti", out=tmp_path / "t.zip", topics=topics).read_bytes())
    assert list(qti["items"]) == expected
    assert qti["assessment"].find("assessment").get("title") == f"nmt-course question bank: {', '.join(topics)}"


def test_unknown_topic_lists_the_topics() -> None:
    with pytest.raises(NmtCourseError, match=r"no question has the topic 'massage-history'; the topics are: .*anatomy"):
        select_bank_questions(quiz.load_bank(), ["massage-history"])


def test_bank_format_is_checked(tmp_path: Path) -> None:
    with pytest.raises(NmtCourseError, match="'gift' \\(Moodle\\) or 'qti' \\(Canvas\\)"):
        export_bank(fmt="xml", out=tmp_path / "x")  # type: ignore[arg-type]
