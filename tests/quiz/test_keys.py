"""Answer keys in the course folder: written private, found from where the graders run, never from a student's files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from nmt_course import quiz
from nmt_course.quiz.build import answer_key
from nmt_course.quiz.keys import (
    AnswerKeyError,
    GradeCall,
    find_key_file,
    hidden_test_source,
    key_path,
    lookup,
    read_grade_call,
    read_key,
    retire,
    write_key,
)

QUIZ = "week-3"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("NMT_COURSE_DIR", raising=False)
    bank = quiz.load_bank()
    write_key(tmp_path, answer_key([bank["an-upper-trap-nerve"], bank["an-multi-cn-xi"]], name=QUIZ))
    return tmp_path


def test_the_key_is_readable_by_its_owner_only(course: Path) -> None:
    old = os.umask(0)  # even with a permissive umask
    try:
        write_key(course, json.loads(key_path(course, QUIZ).read_text()))
    finally:
        os.umask(old)
    assert stat.S_IMODE(key_path(course, QUIZ).stat().st_mode) == 0o600
    assert stat.S_IMODE(key_path(course, QUIZ).parent.stat().st_mode) == 0o700
    assert [p.name for p in key_path(course, QUIZ).parent.iterdir()] == [f"{QUIZ}.json"]  # no temporary file left


@pytest.mark.parametrize(
    "where",
    [
        "source/week-3",  # the instructor runs or validates the source notebook
        "release/week-3",  # nbgrader validate on the release copy
        "autograded/ann/week-3",  # nbgrader's kernel autograde
        "submitted/ann/week-3",  # nmt-course grade reads the submission in place
    ],
)
def test_the_key_is_found_above_the_quiz_folder(course: Path, where: str) -> None:
    folder = course / where
    folder.mkdir(parents=True)
    assert find_key_file(QUIZ, start=folder) == key_path(course, QUIZ)


@pytest.mark.parametrize(
    "planted",
    [
        "autograded/ann/week-3/answer-keys/week-3.json",  # handed in next to the notebook
        "autograded/ann/week-3/extra/answer-keys/week-3.json",  # in a folder of the submission
    ],
)
def test_a_key_inside_a_submission_is_never_used(course: Path, planted: str) -> None:
    fake = course / planted
    fake.parent.mkdir(parents=True)
    fake.write_text(json.dumps({"schema_version": 1, "quiz": QUIZ, "questions": {}}))
    start = course / "autograded" / "ann" / "week-3"
    assert find_key_file(QUIZ, start=start) == key_path(course, QUIZ)
    key_path(course, QUIZ).unlink()
    with pytest.raises(AnswerKeyError, match="no answer key for the quiz 'week-3'"):
        find_key_file(QUIZ, start=start)


def test_nmt_course_dir_is_looked_at_first(course: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path_factory.mktemp("copied-notebook")  # not in a folder named after the quiz
    with pytest.raises(AnswerKeyError, match="NMT_COURSE_DIR"):
        find_key_file(QUIZ, start=elsewhere)
    monkeypatch.setenv("NMT_COURSE_DIR", str(course))
    assert find_key_file(QUIZ, start=elsewhere) == key_path(course, QUIZ)


def test_a_key_others_can_change_is_refused(course: Path) -> None:
    path = key_path(course, QUIZ)
    os.chmod(path, 0o620)
    with pytest.raises(AnswerKeyError, match="other accounts can change this answer key"):
        read_key(path)
    os.chmod(path, 0o600)
    assert read_key(path)["quiz"] == QUIZ


def test_lookup_finds_the_version_the_test_cell_names(course: Path) -> None:
    key = read_key(key_path(course, QUIZ))
    version = key["questions"]["q02"]["version"]
    found = lookup(GradeCall("q02", quiz=QUIZ, version=version), start=course / "source" / QUIZ)
    assert (found.question.id, found.number, found.reveal_answers, found.points) == ("an-multi-cn-xi", 2, True, 1.0)
    with pytest.raises(AnswerKeyError, match="has no version 000000000000 of q02: the quiz was rebuilt"):
        lookup(GradeCall("q02", quiz=QUIZ, version="000000000000"), start=course / "source" / QUIZ)


def test_a_retired_version_still_grades(course: Path) -> None:
    key = read_key(key_path(course, QUIZ))
    old = key["questions"]["q02"]
    replacement = answer_key([quiz.load_bank()["an-upper-trap-nerve"], quiz.load_bank()["ci-pregnancy-supine-weeks"]], name=QUIZ)
    replacement["retired"] = retire(read_key(key_path(course, QUIZ)), replacement)
    write_key(course, replacement)
    found = lookup(GradeCall("q02", quiz=QUIZ, version=old["version"]), start=course / "source" / QUIZ)
    assert found.question.id == "an-multi-cn-xi"  # what the released copy asked, not the rebuilt question


@pytest.mark.parametrize(
    ("source", "call"),
    [
        (hidden_test_source("q07", quiz="week-3", version="0123456789ab"), GradeCall("q07", quiz="week-3", version="0123456789ab")),  # as built
        ("grade_cell('q07', quiz='w', version='v')\n", GradeCall("q07", quiz="w", version="v")),  # just the call
        ("grade_cell({'id': 'x', 'type': 'single'}, globals().get('q07'))", GradeCall("q07", spec={"id": "x", "type": "single"})),  # before keys
        ("grade_cell('q07', quiz='w')", None),  # no version
        ("grade_cell('q07', quiz='w', version='v', extra='x')", None),  # an argument quiz build never writes
        ("grade_cell(q07, quiz='w', version='v')", None),  # the variable must be named, not passed
        ("grade_cell(quiz='w', version='v')", None),  # no variable
        ("print('all good')\n1.0", None),  # a tampered cell
        ("grade_cell(", None),  # does not parse
    ],
)
def test_reading_the_grade_call(source: str, call: GradeCall | None) -> None:
    assert read_grade_call(source) == call


def test_a_key_that_is_not_json_is_named(course: Path) -> None:
    key_path(course, QUIZ).write_text("{not json")
    with pytest.raises(AnswerKeyError, match="not valid JSON"):
        read_key(key_path(course, QUIZ))
