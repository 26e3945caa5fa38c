"""The batch engine against nbgrader's stock Autograde converter, on the same class.

One quiz (every question type and a written answer), collected submissions for
twenty students (honest, blank, tampered, deleted and retyped cells, a
deleted test cell that nbgrader adds back, a student file, a late hand-in
with a late penalty, a notebook that is not JSON, one that breaks the
notebook format, a misnamed file, a broken timestamp, corrupted and deleted
grading metadata, pasted cells, a student who is not yet in the gradebook), then
three copies of the course graded three ways:

- ``engine="nbgrader"``: nbgrader's own ``Autograde`` converter, once per
  student, with the static preprocessors (the reference);
- ``engine="batch"`` with one process, and with two worker processes.

Every gradebook row and every file under ``autograded/`` must be the same,
before and after the instructor marks a written answer and everyone is graded
again; ``nbgrader generate_feedback`` and ``nbgrader export`` must give the
same files from both. All of it runs twice: with nbgrader's SQLite gradebook,
and with the gradebook on a PostgreSQL server (``CourseDirectory.db_url``,
psycopg 3), as a school with several graders has it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import grade_in_fresh_process
from nmt_course import quiz
from nmt_course.course_dir import CourseFolder
from nmt_course.quiz.build import answer_key, render_quiz, write_quiz

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "an-upper-trap-nerve",  # q01 single
    "an-multi-cn-xi",  # q02 multiple
    "sf-order-first-visit",  # q03 ordering
    "an-match-shoulder-actions",  # q04 matching
    "ci-pregnancy-supine-weeks",  # q05 numeric
    "an-hot-ql-lower-attachment",  # q06 hotspot
    "an-written-trap-scm",  # q07 written, marked by hand
]
# the quiz names its cells and grades after the answer variables (q01, q01-a), never the bank questions
GRADE_IDS = [f"q{n:02d}" for n in range(1, len(QUESTIONS) + 1)]
DUE = datetime.datetime(2026, 3, 1, 12, 0, 0)
ON_TIME = "2026-03-01 09:30:00.000000 UTC"
LATE = "2026-03-02 08:00:00.000000 UTC"


def _keys() -> dict[str, str]:
    bank = quiz.load_bank()
    keys = {}
    for n, qid in enumerate(QUESTIONS[:6], start=1):
        q = bank[qid]
        value = q.answer.value if q.type == "numeric" else q.answer
        keys[f"q{n:02d}"] = repr(value[0] if q.type == "hotspot" else value)
    return keys


def _submission(released: dict, student: str) -> str | dict:
    """The notebook a student hands in (a dict), or raw text for the one that is not JSON."""
    if student == "ivy":
        return '{"cells": [ this is not a notebook'
    nb = json.loads(json.dumps(released))
    cells = {c["id"]: c for c in nb["cells"]}
    answer = {var: cells[f"{var}-a"] for var in GRADE_IDS[:6]}
    keys = _keys()
    if student in {"ann", "jon", "kim", "nia"}:  # everything right
        for var, cell in answer.items():
            cell["source"] = f"{var} = {keys[var]}"
    elif student == "ben":  # well formed and wrong
        for var, cell in answer.items():
            cell["source"] = f"{var} = {keys[var]}" if var == "q05" else f"{var} = 'Z'"
    elif student == "dan":  # some right, one computed, one raising
        answer["q01"]["source"] = f"q01 = {keys['q01']}"
        answer["q02"]["source"] = "q02 = sorted(['A', 'B'])"
        answer["q03"]["source"] = "q03 = 1 / 0"
    elif student == "eve":  # right answers, but edits a locked test cell and the points of another
        for var, cell in answer.items():
            cell["source"] = f"{var} = {keys[var]}"
        cells[GRADE_IDS[0]]["source"] = "print('all good')\n1.0"
        cells[GRADE_IDS[1]]["metadata"]["nbgrader"]["points"] = 100
    elif student == "fay":  # deletes an answer cell
        answer["q02"]["source"] = f"q02 = {keys['q02']}"
        nb["cells"].remove(answer["q01"])
    elif student == "gus":  # turns an answer cell into Markdown
        answer["q01"]["cell_type"] = "markdown"
        answer["q01"].pop("outputs", None)
        answer["q01"].pop("execution_count", None)
        answer["q01"]["source"] = f"q01 = {keys['q01']}"
    elif student == "hal":  # a written answer for the instructor
        cells[GRADE_IDS[6]]["source"] = "Both are supplied by the spinal accessory nerve (CN XI)."
    elif student == "lee":  # grading metadata that does not validate
        cells[GRADE_IDS[0]]["metadata"]["nbgrader"]["points"] = "lots"
    elif student == "oli":  # right answers, but deletes a hidden test cell (nbgrader is set to add it back)
        for var, cell in answer.items():
            cell["source"] = f"{var} = {keys[var]}"
        nb["cells"].remove(cells[GRADE_IDS[2]])
    elif student == "pam":  # notebook metadata that breaks the notebook format
        nb["metadata"]["language_info"] = {"name": 5}
    elif student == "sam":  # copies and pastes cells: an answer cell (then edits the copy), a test cell, a question
        for var, cell in answer.items():
            cell["source"] = f"{var} = {keys[var]}"
        first = answer["q01"]
        first["source"] = "q01 = 'Z'"
        pasted = json.loads(json.dumps(first))
        pasted["id"], pasted["source"] = "pasted-answer", f"q01 = {keys['q01']}"  # the last copy is the right answer
        nb["cells"].insert(nb["cells"].index(first) + 1, pasted)
        test = json.loads(json.dumps(cells[GRADE_IDS[1]]))
        test["id"] = "pasted-test"
        nb["cells"].insert(nb["cells"].index(cells[GRADE_IDS[1]]) + 1, test)
        question = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and c["metadata"].get("nbgrader", {}).get("locked"))
        copy = json.loads(json.dumps(question))
        copy["id"] = "pasted-question"
        nb["cells"].insert(0, copy)
    elif student == "tia":  # right answers; deletes the grading metadata of a test cell
        for var, cell in answer.items():
            cell["source"] = f"{var} = {keys[var]}"
        del cells[GRADE_IDS[3]]["metadata"]["nbgrader"]
    return nb  # cat, max, quin and rex hand the released notebook back untouched


STUDENTS = ["ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lee", "max", "nia", "oli", "pam", "quin", "rex", "sam", "tia"]
# not JSON; not a valid notebook; a misnamed file; a timestamp that is not one
FAILING = {"ivy", "pam", "quin", "rex"}


def _nbgrader(args: list[str], course: Path, env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("batch-env")
    base = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    return {
        **base, "NMT_COURSE_ID": "nmt-batch", "NMT_COURSE_EXCHANGE": str(tmp / "exchange"), "PYTHONWARNINGS": "ignore", "HOME": str(tmp),
        "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"), "JUPYTER_RUNTIME_DIR": str(tmp / "jrt"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), base.get("PATH", "")]),
    }


def _url(course: Path) -> str:
    """The course's gradebook, as its nbgrader_config.py sets it."""
    return CourseFolder(course, "test").gradebook_url()


def _use_database(course: Path, url: str) -> None:
    with open(course / "nbgrader_config.py", "a") as f:
        f.write(f"\nc.CourseDirectory.db_url = {url!r}\n")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> object | None:
    """Where the gradebook lives: nbgrader's SQLite file, or the run's throwaway PostgreSQL server."""
    return request.getfixturevalue("postgres") if request.param == "postgresql" else None


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str], backend: object | None) -> Path:
    """A course with the quiz generated, a due date, a late-penalty rule and every submission collected."""
    from nbgrader.api import Gradebook

    course = tmp_path_factory.mktemp("batch") / "course"
    course.mkdir()
    config = (ROOT / "quizzes" / "nbgrader_config.py").read_text()
    extra = '\nc.LateSubmissionPlugin.penalty_method = "zero"\nc.OverwriteCells.add_missing_cells = True\n'
    (course / "nbgrader_config.py").write_text(config + extra)
    if backend is not None:
        _use_database(course, backend.create_database("batch_collected"))
    bank = quiz.load_bank()
    questions = [bank[q] for q in QUESTIONS]
    write_quiz(render_quiz(questions, name="quiz1", title="Batch quiz", seed=3), course, "quiz1", key=answer_key(questions, name="quiz1"))
    (course / "source" / "quiz1" / "reading.txt").write_text("the instructor's copy\n")
    _nbgrader(["generate_assignment", "quiz1", "--force"], course, env)
    with Gradebook(_url(course), "nmt-batch") as gb:
        gb.update_or_create_assignment("quiz1", duedate=DUE)
        for student in STUDENTS:
            if student != "max":  # max is not on the roster yet: grading adds him
                gb.update_or_create_student(student, first_name=student.title(), last_name="Test")
    released = json.loads((course / "release" / "quiz1" / "quiz1.ipynb").read_text())
    for student in STUDENTS:
        folder = course / "submitted" / student / "quiz1"
        folder.mkdir(parents=True)
        nb = _submission(released, student)
        name = "quiz1 (1).ipynb" if student == "quin" else "quiz1.ipynb"  # a browser's download copy
        (folder / name).write_text(nb if isinstance(nb, str) else json.dumps(nb))
        (folder / "timestamp.txt").write_text({"jon": LATE, "rex": "yesterday"}.get(student, ON_TIME))
        if student == "kim":
            (folder / "notes.txt").write_text("my own notes\n")
            (folder / "reading.txt").write_text("a student's edited copy\n")
    return course


def _content(path: Path, released: set[str]) -> bytes:
    """A file's bytes, except that a cell nbgrader added back gets a random new id, which is set aside."""
    data = path.read_bytes()
    if path.suffix == ".html":  # the feedback page names each cell by its id
        return re.sub(rb'id="cell-id=([^"]+)"', lambda m: m.group(0) if m.group(1).decode() in released else b'id="cell-id=<new id>"', data)
    if path.suffix != ".ipynb":
        return data
    try:
        nb = json.loads(data)
    except ValueError:
        return data
    for cell in nb.get("cells", []):
        if cell.get("id") not in released and "It was added back by nbgrader." in "".join(cell.get("source", "")):
            cell["id"] = "<new id>"
    return json.dumps(nb, sort_keys=True).encode()


def _digest(folder: Path) -> dict[str, tuple[str, int]]:
    release = folder.parent / "release" / "quiz1" / "quiz1.ipynb"
    released = {c["id"] for c in json.loads(release.read_text())["cells"]} if release.exists() else set()
    return {
        str(p.relative_to(folder)): (hashlib.sha256(_content(p, released)).hexdigest(), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


GRADEBOOK_QUERIES = {
    "student": "SELECT id, first_name, last_name, email, lms_user_id FROM student",
    "submission": (
        "SELECT a.name, sa.student_id, sa.timestamp, sa.extension FROM submitted_assignment sa JOIN assignment a ON a.id = sa.assignment_id"
    ),
    "notebook": (
        "SELECT sa.student_id, n.name, sn.flagged, sn.late_submission_penalty FROM submitted_notebook sn "
        "JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN notebook n ON n.id = sn.notebook_id"
    ),
    "grade": (
        "SELECT sa.student_id, n.name, c.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade FROM grade g "
        "JOIN base_cell c ON c.id = g.cell_id JOIN submitted_notebook sn ON sn.id = g.notebook_id "
        "JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN notebook n ON n.id = sn.notebook_id"
    ),
    "comment": (
        "SELECT sa.student_id, n.name, c.name, m.auto_comment, m.manual_comment FROM comment m "
        "JOIN base_cell c ON c.id = m.cell_id JOIN submitted_notebook sn ON sn.id = m.notebook_id "
        "JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN notebook n ON n.id = sn.notebook_id"
    ),
}


def _gradebook(course: Path) -> dict[str, list[tuple]]:
    """Every row that grading writes, keyed by names instead of nbgrader's random ids, plus each table's size."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(_url(course))
    try:
        with engine.connect() as db:
            dump = {name: sorted((tuple(r) for r in db.execute(text(sql))), key=repr) for name, sql in GRADEBOOK_QUERIES.items()}
            tables = inspect(db).get_table_names()
            dump["sizes"] = sorted((t, db.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar()) for t in tables)
    finally:
        engine.dispose()
    return dump


def _question_cell(course: Path) -> str:
    released = json.loads((course / "release" / "quiz1" / "quiz1.ipynb").read_text())
    return next(c["metadata"]["nbgrader"]["grade_id"] for c in released["cells"] if c["cell_type"] == "markdown" and c["metadata"].get("nbgrader", {}).get("locked"))


def _mark_written_answer(course: Path) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(_url(course), "nmt-batch") as gb:
        grade = gb.find_grade(GRADE_IDS[6], "quiz1", "quiz1", "hal")
        grade.manual_score = 3
        gb.db.commit()


@pytest.fixture(scope="module")
def graded(collected: Path, env: dict[str, str], backend: object | None) -> dict[str, dict]:
    """Three copies of the collected course, each graded twice (with a manual mark in between)."""
    ways = {"nbgrader": {"engine": "nbgrader"}, "batch-1": {"engine": "batch", "workers": 1}, "batch-2": {"engine": "batch", "workers": 2}}
    submitted = _digest(collected / "submitted")
    out: dict[str, dict] = {}
    for name, options in ways.items():
        course = collected.parent / name
        shutil.copytree(collected, course)
        if backend is not None:  # the gradebook is not in the folder: copy the database too
            _use_database(course, backend.create_database(f"batch_{name.replace('-', '_')}", template="batch_collected"))
        # in a fresh process: this one may have threads from other tests, and a threaded process is not forked
        first, _ = grade_in_fresh_process(course, **options)
        after_first = {"gradebook": _gradebook(course), "files": _digest(course / "autograded")}
        _mark_written_answer(course)
        second, _ = grade_in_fresh_process(course, **options)
        _nbgrader(["generate_feedback", "quiz1", "--force"], course, env)
        _nbgrader(["export", "--to", str(course / "grades.csv")], course, env)
        out[name] = {
            "course": course, "first": first, "second": second, "after_first": after_first,
            "gradebook": _gradebook(course), "files": _digest(course / "autograded"),
            "feedback": _digest(course / "feedback"), "grades": (course / "grades.csv").read_text(),
            "submitted_unchanged": _digest(course / "submitted") == submitted,
        }
    return out


def _outcomes(results: list) -> list[tuple[str, bool, float | None]]:
    return [(r.student, r.ok, r.score) for r in results]


@pytest.mark.parametrize("way", ["batch-1", "batch-2"])
def test_same_gradebook_as_nbgrader(graded: dict, way: str) -> None:
    reference, batch = graded["nbgrader"], graded[way]
    assert batch["after_first"]["gradebook"] == reference["after_first"]["gradebook"]  # first grading
    assert batch["gradebook"] == reference["gradebook"]  # after a manual mark and grading again


@pytest.mark.parametrize("way", ["batch-1", "batch-2"])
def test_same_autograded_files_as_nbgrader(graded: dict, way: str) -> None:
    reference, batch = graded["nbgrader"], graded[way]
    assert batch["after_first"]["files"] == reference["after_first"]["files"]
    assert batch["files"] == reference["files"]


@pytest.mark.parametrize("way", ["batch-1", "batch-2"])
def test_same_feedback_and_export_as_nbgrader(graded: dict, way: str) -> None:
    reference, batch = graded["nbgrader"], graded[way]
    assert batch["feedback"] == reference["feedback"]
    assert batch["grades"] == reference["grades"]


@pytest.mark.parametrize("way", ["nbgrader", "batch-1", "batch-2"])
def test_same_students_graded_and_failed(graded: dict, way: str) -> None:
    for run in ("first", "second"):
        outcomes = _outcomes(graded[way][run])
        assert [s for s, ok, _ in outcomes] == STUDENTS  # reported in roster order, whatever finished first
        assert {s for s, ok, _ in outcomes if not ok} == FAILING
        assert outcomes == _outcomes(graded["nbgrader"][run])
    assert graded[way]["submitted_unchanged"]


def test_what_the_class_was_given(graded: dict) -> None:
    """The cases above do what they are meant to: checked on the batch result with two workers."""
    batch = graded["batch-2"]
    scores = {r.student: r.score for r in batch["second"] if r.ok}
    assert scores["ann"] == scores["kim"] == scores["nia"] == 6  # six 1-point questions right
    assert scores["eve"] == 6  # the edited test cell is restored; the points stay 1
    assert scores["fay"] == 1  # q01 deleted, q02 right
    assert scores["oli"] == 6  # the deleted test cell was added back and graded
    assert scores["cat"] == scores["max"] == 0
    assert scores["hal"] == 3  # the instructor's mark on the written answer
    grades = {(row[0], row[2]): row for row in batch["gradebook"]["grade"]}
    assert grades[("hal", GRADE_IDS[6])][4] == 3  # manual score kept through grading again
    penalties = {row[0]: row[3] for row in batch["gradebook"]["notebook"]}
    assert penalties["jon"] == 6 and penalties["ann"] is None  # late: the "zero" rule takes every point
    assert ("max", None, None, None, None) in batch["gradebook"]["student"]  # added by grading
    files = batch["files"]
    assert "kim/quiz1/notes.txt" in files  # the student's own file is kept...
    reading = (batch["course"] / "autograded" / "kim" / "quiz1" / "reading.txt").read_text()
    assert reading == "the instructor's copy\n"  # ...the instructor's file wins over the student's copy
    assert not any(path.startswith(("ivy/", "pam/")) for path in files)  # no half-written output for failures
    assert scores["sam"] == 6 and scores["tia"] == 6 and scores["lee"] == 0  # pasted cells and damaged metadata put right
    notes = {r.student: r.notes for r in batch["first"]}
    assert notes["eve"] == (f"locked cell {GRADE_IDS[0]} was edited; the original was restored", f"the points of {GRADE_IDS[1]} were changed to 100; restored to 1")
    assert notes["gus"] == (f"cell {GRADE_IDS[0]}-a was turned into a markdown cell; restored to code",)
    assert notes["jon"] == ("quiz1 was handed in 20 h late; late penalty 6 points",)
    assert notes["ann"] == notes["cat"] == ()  # nothing to say about an ordinary submission
    assert notes["lee"] == (f"the grading metadata of cell {GRADE_IDS[0]} had been deleted or damaged; put back from the release",)
    assert notes["tia"] == (f"the grading metadata of cell {GRADE_IDS[3]} had been deleted or damaged; put back from the release",)
    assert notes["sam"] == (
        f"pasted copies of locked cells {_question_cell(batch['course'])}, {GRADE_IDS[1]} were removed; the cell as released is graded",
        f"answer cell {GRADE_IDS[0]}-a appeared more than once (pasted); the last copy above its test cell was graded",
    )
    invalid = {r.student: r.invalid for r in batch["first"]}
    assert [v for v, _ in invalid["ben"]] == ["q01", "q02", "q03", "q04", "q06"]  # q05, a number, is well formed
    assert dict(invalid["ben"])["q01"].startswith('"Z" is not one of the options; choose from A, B')
    assert dict(invalid["dan"]) == {"q02": "q02 is set by code, not written as a plain answer", "q03": "q03 is set by code, not written as a plain answer"}
    assert invalid["ann"] == invalid["cat"] == ()  # right answers, and blanks, are not "not a valid answer"
    problems = {r.student: r.problem for r in batch["second"] if not r.ok}
    assert problems["ivy"].startswith("quiz1.ipynb is not a readable notebook") and "submit it again" in problems["ivy"]
    assert problems["pam"].startswith("quiz1.ipynb is not a valid notebook")
    assert problems["quin"] == "the notebook handed in (quiz1 (1).ipynb) is not part of quiz1; expected quiz1.ipynb: rename the file"
    assert problems["rex"].startswith("timestamp.txt in ") and "'yesterday', not a date and time" in problems["rex"]
