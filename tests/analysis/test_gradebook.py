"""Reading a real nbgrader gradebook (SQLite) and autograded notebooks; report_quiz end to end."""

from __future__ import annotations

import csv
import json
import sqlite3
import warnings
from pathlib import Path

import pytest
from conftest import new_gradebook

from nmt_course import quiz
from nmt_course.analysis import read_quiz_responses, report_quiz
from nmt_course.errors import NmtCourseError
from nmt_course.quiz.build import render_quiz, write_quiz

SINGLE, MULTI, ORDER, WRITTEN = "an-upper-trap-nerve", "an-multi-cn-xi", "sf-order-first-visit", "an-written-trap-scm"
QUESTIONS = [SINGLE, MULTI, ORDER, WRITTEN]  # q01..q03 and the written one (4 points)

# What each student earned, in points (None: still waiting for a manual grade), as nbgrader stored it.
POINTS = {
    "ann": [1, 1, 1, 3],  # all right; the written answer marked 3 of 4
    "ben": [1, 0, 0.9, None],  # written answer not marked yet: left out, not 0
    "cat": [0, 1 / 3, 0.5, 0],  # plus 1 point of extra credit on q01, which the analysis ignores
    "dan": [0, 0, 0, 0],
    "eve": [1, 0, 1, 4],  # has grades but no autograded notebook on disk
}
# The answer cells in the autograded notebooks (None: the cell was deleted).
CELLS = {
    "ann": {"q01": 'q01 = "B"', "q02": 'q02 = ["A", "C", "E"]'},
    "ben": {"q01": 'q01 = None  # your answer\nq01 = "b)"', "q02": 'q02 = "A, B"'},
    "cat": {"q01": 'import os; os.system("touch {marker}"); q01 = "C"', "q02": 'q02 = ["A"]'},
    "dan": {"q01": "q01 = pick()", "q02": None},
}


def _autograded(course: Path, source_nb: dict, student: str, cells: dict[str, str | None], marker: Path) -> None:
    nb = json.loads(json.dumps(source_nb))
    for var, source in cells.items():
        qid = QUESTIONS[int(var[1:]) - 1]
        index = next(i for i, c in enumerate(nb["cells"]) if c["id"] == f"{qid}-a")
        if source is None:
            del nb["cells"][index]
        else:
            nb["cells"][index]["source"] = source.format(marker=marker)
    target = course / "autograded" / student / "quiz1" / "quiz1.ipynb"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(nb))


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory, blank_gradebook: Path) -> Path:
    """A course folder with a real gradebook and autograded notebooks (built once per module)."""
    from nbgrader.api import Gradebook

    tmp_path = tmp_path_factory.mktemp("analysis")
    course = tmp_path / "course"
    bank = quiz.load_bank()
    path = write_quiz(render_quiz([bank[q] for q in QUESTIONS], name="quiz1", title="Quiz 1", seed=1), course, "quiz1")
    source_nb = json.loads(path.read_text())
    with Gradebook(new_gradebook(blank_gradebook, course)) as gb:
        gb.add_assignment("quiz1")
        gb.add_notebook("quiz1", "quiz1")
        for qid in QUESTIONS:
            kind = "markdown" if qid == WRITTEN else "code"
            gb.add_grade_cell(qid, "quiz1", "quiz1", max_score=bank[qid].points, cell_type=kind)
        gb.add_grade_cell("not-a-bank-question", "quiz1", "quiz1", max_score=2, cell_type="code")
        for student, row in POINTS.items():
            gb.add_student(student)
            with warnings.catch_warnings():  # nbgrader's own add_submission trips a SQLAlchemy autoflush warning
                warnings.filterwarnings("ignore", message="Object of type <Submitted.*> not in session")
                gb.add_submission("quiz1", student)
            for qid, points in zip(QUESTIONS, row):
                grade = gb.find_grade(qid, "quiz1", "quiz1", student)
                if points is None:
                    grade.needs_manual_grade = True
                elif qid == WRITTEN:
                    grade.manual_score, grade.needs_manual_grade = points, False
                else:
                    grade.auto_score, grade.needs_manual_grade = points, False
            other = gb.find_grade("not-a-bank-question", "quiz1", "quiz1", student)
            other.auto_score, other.needs_manual_grade = 2, False
        gb.find_grade(SINGLE, "quiz1", "quiz1", "cat").extra_credit = 1
        gb.db.commit()
    for student, cells in CELLS.items():
        _autograded(course, source_nb, student, cells, tmp_path / "ran")
    return course


def test_scores_are_fractions_of_each_question(course: Path) -> None:
    r = read_quiz_responses("quiz1", course_dir=course, questions=quiz.load_bank().questions)
    assert r.item_ids == tuple(QUESTIONS)  # quiz order, the non-bank cell left out
    assert r.max_points == {SINGLE: 1, MULTI: 1, ORDER: 1, WRITTEN: 4}
    assert r.scores == {
        "ann": {SINGLE: 1, MULTI: 1, ORDER: 1, WRITTEN: 0.75},
        "ben": {SINGLE: 1, MULTI: 0, ORDER: 0.9},  # the unmarked written answer is absent
        "cat": {SINGLE: 0, MULTI: pytest.approx(1 / 3), ORDER: 0.5, WRITTEN: 0},  # extra credit ignored
        "dan": {SINGLE: 0, MULTI: 0, ORDER: 0, WRITTEN: 0},
        "eve": {SINGLE: 1, MULTI: 0, ORDER: 1, WRITTEN: 1},
    }
    assert r.notes == ("1 answer still waiting for a manual grade was left out.",)


def test_answers_are_read_from_the_autograded_notebooks(course: Path) -> None:
    r = read_quiz_responses("quiz1", course_dir=course, questions=quiz.load_bank().questions)
    assert r.answers == {
        "ann": {SINGLE: ("B",), MULTI: ("A", "C", "E")},
        "ben": {SINGLE: ("B",), MULTI: ("A", "B")},  # last assignment; forgiving letters
        "cat": {SINGLE: ("C",), MULTI: ("A",)},  # the os.system call is not run
        "dan": {SINGLE: None, MULTI: None},  # a call is not a valid answer; a deleted cell has none
        "eve": {SINGLE: None, MULTI: None},  # no notebook on disk
    }
    assert not (course.parent / "ran").exists()


def test_reading_adds_nothing_to_the_gradebook(course: Path) -> None:
    read_quiz_responses("quiz1", course_dir=course, questions=quiz.load_bank().questions)
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("select id from course").fetchall() == [("default_course",)]


def test_report_quiz_writes_html_and_csv(course: Path, tmp_path: Path) -> None:
    html_path, csv_path = report_quiz("quiz1", course_dir=course)
    assert html_path == course / "reports" / "quiz1-item-analysis.html"
    assert csv_path == course / "reports" / "quiz1-item-analysis.csv"
    with csv_path.open(newline="") as f:
        rows = {r["question_id"]: r for r in csv.DictReader(f)}
    assert list(rows) == QUESTIONS
    single = rows[SINGLE]
    # q01: 3 of 5 right -> 0.6; options: B twice (ann, ben), C once (cat), two unreadable (dan, eve)
    assert (single["n"], single["difficulty"], single["no_answer"]) == ("5", "0.6000", "2")
    assert [single[f"option_{x}"] for x in "ABCD"] == ["0", "2", "1", "0"]
    assert single["flags"].split(";") == ["unchosen-option:A", "unchosen-option:D"]
    assert rows[WRITTEN]["n"] == "4" and rows[WRITTEN]["option_A"] == ""
    html = html_path.read_text()
    assert "Item analysis: quiz1" in html and "waiting for a manual grade" in html
    again = report_quiz("quiz1", course_dir=course, out_dir=tmp_path / "elsewhere")
    assert again[0].parent == tmp_path / "elsewhere" and again[0].read_text() == html  # same input, same page


def test_missing_gradebook(tmp_path: Path) -> None:
    with pytest.raises(NmtCourseError, match="no gradebook"):
        report_quiz("quiz1", course_dir=tmp_path)
    assert not (tmp_path / "gradebook.db").exists()  # looking did not create one


def test_unknown_quiz(course: Path) -> None:
    with pytest.raises(NmtCourseError, match="no quiz called 'quiz9'"):
        report_quiz("quiz9", course_dir=course)


def test_quiz_with_no_grades_yet(tmp_path: Path, blank_gradebook: Path) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(new_gradebook(blank_gradebook, tmp_path)) as gb:
        gb.add_assignment("quiz1")
        gb.add_notebook("quiz1", "quiz1")
        gb.add_grade_cell(SINGLE, "quiz1", "quiz1", max_score=1, cell_type="code")
    with pytest.raises(NmtCourseError, match="nobody's answers"):
        report_quiz("quiz1", course_dir=tmp_path)


def test_edited_or_broken_notebooks_are_read_without_crashing(tmp_path: Path) -> None:
    from nmt_course.analysis.gradebook import read_answers

    bank = quiz.load_bank()
    path = write_quiz(render_quiz([bank[SINGLE]], name="quiz1", title="Quiz 1", seed=1), tmp_path, "quiz1")
    nb = json.loads(path.read_text())
    nb["metadata"]["nmt_course"] = "edited by a student"  # the source copy's mapping is used instead
    nb["cells"] += [{"cell_type": "code", "metadata": ["odd"], "source": "x = 1"}, {"cell_type": "code", "metadata": {"nbgrader": 3}, "source": ""}]
    answer = next(c for c in nb["cells"] if c.get("id") == f"{SINGLE}-a")
    answer["source"] = ['q01 = None\n', 'q01 = "B"']  # source stored as a list of lines
    files = {"edited": json.dumps(nb), "not-json": "{oops", "a-list": "[1, 2]"}
    for student, text in files.items():
        target = tmp_path / "autograded" / student / "quiz1" / "quiz1.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text)
    answers = read_answers(tmp_path, "quiz1", ["quiz1"], [*files, "absent"], {SINGLE: bank[SINGLE]})
    assert answers == {"edited": {SINGLE: ("B",)}, "not-json": {SINGLE: None}, "a-list": {SINGLE: None}, "absent": {SINGLE: None}}
