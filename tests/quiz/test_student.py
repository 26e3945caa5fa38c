"""What runs inside a quiz: the hidden-test grader and the students' check_format()."""

from __future__ import annotations

import pytest

from nmt_course import quiz
from nmt_course.quiz.build import answer_key
from nmt_course.quiz.keys import write_key
from nmt_course.quiz.student import check_format, format_spec, grade_cell


@pytest.fixture(scope="module")
def formats() -> dict:
    bank = quiz.load_bank()
    return {
        "q01": format_spec(bank["an-upper-trap-nerve"]),
        "q02": format_spec(bank["an-multi-cn-xi"]),
        "q03": format_spec(bank["ci-pregnancy-supine-weeks"]),
        "q04": format_spec(bank["an-hot-ql-lower-attachment"]),
    }


def test_grade_cell_with_the_question_inline_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    """Quizzes built before answer keys moved out of the notebook keep grading."""
    q = quiz.load_bank()["an-upper-trap-nerve"]
    spec = q.model_dump(mode="json")
    assert grade_cell(spec, q.answer) == q.points
    out, err = capsys.readouterr()
    assert out.startswith("Question: Right, 1 of 1 point.") and err == ""
    assert grade_cell(spec, 12345) == 0
    out, err = capsys.readouterr()
    assert "Not a valid answer" in out and err == ""


def test_grade_cell_finds_its_key_in_the_course_folder(tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    bank = quiz.load_bank()
    questions = [bank["an-upper-trap-nerve"], bank["an-multi-cn-xi"]]
    key = answer_key(questions, name="week-3")
    write_key(tmp_path, key)
    graded = tmp_path / "autograded" / "ann" / "week-3"  # where nbgrader's kernel runs the hidden tests
    graded.mkdir(parents=True)
    monkeypatch.chdir(graded)
    monkeypatch.delenv("NMT_COURSE_DIR", raising=False)
    cell = f"points = grade_cell('q02', quiz='week-3', version={key['questions']['q02']['version']!r})"
    namespace = {"grade_cell": grade_cell, "q02": ["A", "C"]}  # two of the three right options
    exec(cell, namespace)
    assert namespace["points"] == pytest.approx(round(2 / 3, 4))
    out, err = capsys.readouterr()
    assert out.startswith("Question 2: Partly right, 0.67 of 1 point.") and err == ""


def test_check_format_reports_without_revealing(formats: dict, capsys: pytest.CaptureFixture[str]) -> None:
    bank = quiz.load_bank()
    wrong = "A" if bank["an-upper-trap-nerve"].answer != "A" else "B"
    namespace = {"QUIZ_FORMATS": formats, "q01": wrong, "q02": ["A", "A"], "q03": "ninety", "check_format": check_format}
    # q04 missing: its cell was not run
    exec("ok = check_format()", namespace)
    out = capsys.readouterr().out
    assert namespace["ok"] is False
    assert "✔ q01: well formed." in out  # a wrong but well-formed answer is not flagged
    assert "✖ q02:" in out and "same option twice" in out
    assert "✖ q03:" in out and "not a number" in out
    assert "✖ q04: its cell has not been run" in out
    assert "3 answers to fix" in out and "says nothing about which answers are right" in out


def test_check_format_all_good(formats: dict, capsys: pytest.CaptureFixture[str]) -> None:
    namespace = {"QUIZ_FORMATS": formats, "q01": "b", "q02": "a, c", "q03": "20 weeks", "q04": "Along the top of the pelvis (iliac crest)", "check_format": check_format}
    exec("ok = check_format()", namespace)
    assert namespace["ok"] is True
    assert "Every answer is well formed." in capsys.readouterr().out


def test_check_format_without_setup_cell(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = {"check_format": check_format}
    exec("ok = check_format()", namespace)
    assert namespace["ok"] is False and "Run the first code cell" in capsys.readouterr().out
