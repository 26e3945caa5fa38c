"""One quiz's questions as GIFT or QTI, and the LMS id map for grade exports."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from nmt_course.errors import NmtCourseError
from nmt_course.exports import export_grades
from nmt_course.exports.commands import export_quiz

from .conftest import STUDENTS
from .readers import read_gift, read_qti

SCHOOL = Path(__file__).parents[1] / "quiz" / "school_bank"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A course with one quiz of 6 questions, 3 of them from a private bank."""
    course = tmp_path_factory.mktemp("export-quiz")
    result = run_cli("quiz", "build", "week-3", "--topics", "school-clinic,trigger-points", "--count", "6", "--seed", "5", "--bank", str(SCHOOL), "--course-dir", str(course))
    assert result.returncode == 0, result.stderr
    key = json.loads((course / "answer-keys" / "week-3.json").read_text())
    ids = [e["id"] for e in sorted(key["questions"].values(), key=lambda e: e["number"])]
    return course, ids


@pytest.mark.parametrize("fmt", ["gift", "qti"])
def test_export_quiz_writes_that_quiz_and_nothing_else(built: tuple[Path, list[str]], tmp_path: Path, fmt: str) -> None:
    course, ids = built
    out = tmp_path / ("q.gift.txt" if fmt == "gift" else "q.zip")
    result = run_cli("export", fmt, "--quiz", "week-3", "--course-dir", str(course), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "the questions of week-3" in result.stdout
    if fmt == "gift":
        exported = [q["title"] for q in read_gift(out.read_text(encoding="utf-8"))]
    else:
        exported = list(read_qti(out.read_bytes())["items"])
    assert exported == ids  # the quiz's questions, in quiz order, private ones included
    assert len(ids) == 6


def test_export_quiz_of_an_unbuilt_quiz_says_so(tmp_path: Path) -> None:
    with pytest.raises(NmtCourseError, match="there is no answer key for the quiz 'nope'"):
        export_quiz("nope", course_dir=tmp_path, fmt="gift", out=tmp_path / "x")


def test_quiz_and_topics_do_not_mix(built: tuple[Path, list[str]]) -> None:
    result = run_cli("export", "gift", "--quiz", "week-3", "--topics", "anatomy", "--course-dir", str(built[0]))
    assert result.returncode == 2 and "leave out --topics" in result.stderr


def _map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ids.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_id_map_puts_the_lms_ids_in(course_dir: Path, tmp_path: Path) -> None:
    ids = _map(tmp_path, "nbgrader_id,lms_id\n" + "".join(f"{s},S-{n:04d}\n" for n, s in enumerate(STUDENTS, start=1)))
    out = export_grades("quiz1", course_dir=course_dir, fmt="canvas", out=tmp_path / "c.csv", allow_ungraded=True, id_map=ids)
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert sorted(r[3] for r in rows[2:]) == ["S-0001", "S-0002", "S-0003", "S-0004"]
    alice = next(r for r in rows[2:] if r[3] == "S-0001")
    assert alice[-1] == "4.5"  # alice's grade under her LMS id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("student,login\nalice,a1\n", "must start with the header line: nbgrader_id,lms_id"),  # wrong header
        ("nbgrader_id,lms_id\nalice,a1\nbob,b1\ncarla,c1\n", "has no LMS id for dmitri"),  # a student left out
        ("nbgrader_id,lms_id\nalice,a1\nalice,a2\n", "line 3: alice is already mapped"),
        ("nbgrader_id,lms_id\nalice,a1\nbob,a1\n", "line 3: a1 is already the LMS id of another student (line 2)"),
        ("nbgrader_id,lms_id\nalice,\n", "line 2: give both ids"),
    ],
)
def test_a_bad_id_map_is_explained(course_dir: Path, tmp_path: Path, text: str, message: str) -> None:
    out = tmp_path / "m.csv"
    with pytest.raises(NmtCourseError, match=re.escape(message)):
        export_grades("quiz1", course_dir=course_dir, fmt="moodle", out=out, allow_ungraded=True, id_map=_map(tmp_path, text))
    assert not out.exists()


def test_export_help_says_ids_must_match_the_lms() -> None:
    result = run_cli("export", "--help")
    text = " ".join(result.stdout.split())
    assert "must be the student's LMS login or SIS id" in text and "--map CSV" in text and "nbgrader_id,lms_id" in text
