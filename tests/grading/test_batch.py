"""The batch engine's own behaviour: workers, failures, and what the instructor is told.

A small real course (nbgrader generate_assignment in a temporary folder);
the comparison with nbgrader's stock converter is in
``tests/integrations/test_batch_autograde.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GRADE_SCRIPT, grade_in_fresh_process, run_cli
from nmt_course import quiz
from nmt_course.errors import NmtCourseError
from nmt_course.grading import converter
from nmt_course.grading.autograde import grade_quiz
from nmt_course.quiz.build import answer_key, render_quiz, write_quiz

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["an-upper-trap-nerve", "an-multi-cn-xi", "ci-pregnancy-supine-weeks"]
STUDENTS = [f"s{n:02d}" for n in range(8)]


def _env(tmp: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    return {
        **base, "NMT_COURSE_ID": "nmt-unit", "NMT_COURSE_EXCHANGE": str(tmp / "exchange"), "PYTHONWARNINGS": "ignore", "HOME": str(tmp),
        "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"), "PATH": os.pathsep.join([str(Path(sys.executable).parent), base.get("PATH", "")]),
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated quiz with eight collected submissions: s00 right, the others blank."""
    tmp = tmp_path_factory.mktemp("batch-unit")
    course = tmp / "course"
    course.mkdir()
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    bank = quiz.load_bank()
    questions = [bank[q] for q in QUESTIONS]
    write_quiz(render_quiz(questions, name="quiz1", title="Unit quiz", seed=1), course, "quiz1", key=answer_key(questions, name="quiz1"))
    done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "quiz1", "--force"], cwd=course, env=_env(tmp), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    released = json.loads((course / "release" / "quiz1" / "quiz1.ipynb").read_text())
    key = bank[QUESTIONS[0]].answer
    for student in STUDENTS:
        nb = json.loads(json.dumps(released))
        if student == "s00":
            cell = next(c for c in nb["cells"] if c["id"] == "q01-a")
            cell["source"] = f"q01 = {key!r}"
        folder = course / "submitted" / student / "quiz1"
        folder.mkdir(parents=True)
        (folder / "quiz1.ipynb").write_text(json.dumps(nb))
    return course


@pytest.fixture
def course(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(template, copy)
    return copy


DIES_ONCE_IN_A_WORKER = """
import os
from pathlib import Path
from nmt_course.grading.converter import BatchAutograde
parent = os.getpid()
real = BatchAutograde.grade_student
marker = Path(options.pop("marker"))

def dies_once(self, student_id):
    if os.getpid() == parent:
        raise AssertionError("the parent only supervises")
    if student_id == "s05" and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(9)  # as if the worker were killed (out of memory, say)
    return real(self, student_id)

BatchAutograde.grade_student = dies_once
"""


def test_a_worker_that_dies_is_replaced_and_its_student_graded(course: Path, tmp_path: Path) -> None:
    results, _ = grade_in_fresh_process(course, prepare=DIES_ONCE_IN_A_WORKER, workers=2, marker=str(tmp_path / "died"))
    assert (tmp_path / "died").exists()  # it did die, grading s05
    assert [r.student for r in results] == STUDENTS
    assert all(r.ok for r in results)
    assert {r.student: r.score for r in results}["s00"] == 1
    assert (course / "autograded" / "s05" / "quiz1" / "quiz1.ipynb").exists()


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_any_number_of_workers_gives_the_same_scores(course: Path, workers: int) -> None:
    results, _ = grade_in_fresh_process(course, workers=workers)
    assert [(r.student, r.ok, r.score) for r in results] == [(s, True, 1.0 if s == "s00" else 0.0) for s in STUDENTS]


def test_a_kernel_preprocessor_is_refused(course: Path) -> None:
    from nbgrader.converters.base import NbGraderException
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import Execute

    from nmt_course.grading.autograde import _config

    config = _config(course)
    config.Autograde.autograde_preprocessors = [Execute]
    app = converter.BatchAutograde(coursedir=CourseDirectory(config=config), config=config)
    with pytest.raises(NbGraderException, match="never starts a kernel"):
        app.grade("quiz1", STUDENTS)


def test_a_damaged_gradebook_stops_with_a_message(course: Path) -> None:
    (course / "gradebook.db").write_bytes(b"this is not a database" * 100)
    done = run_cli("grade", "quiz1", "--course-dir", str(course))
    assert done.returncode == 1
    assert "error: the gradebook" in done.stderr and "nbgrader db upgrade" in done.stderr


@pytest.mark.parametrize(
    ("option", "bad", "says"),
    [
        ("--workers", "0", "whole number of 1 or more"),
        ("--workers", "two", "whole number of 1 or more"),
        ("--workers", "-1", "whole number of 1 or more"),
        ("--timeout-per-student", "soon", "number of seconds"),
        ("--timeout-per-student", "-5", "number of seconds"),
        ("--memory-per-student", "1.5GB", "whole number of megabytes"),
    ],
)
def test_grading_options_are_checked(course: Path, option: str, bad: str, says: str) -> None:
    done = run_cli("grade", "quiz1", "--course-dir", str(course), option, bad)
    assert done.returncode == 2
    assert says in done.stderr and option in done.stderr


def test_one_student_can_be_regraded_alone(course: Path) -> None:
    grade_quiz("quiz1", course_dir=course)
    (course / "submitted" / "s03" / "quiz1" / "quiz1.ipynb").write_text(
        (course / "submitted" / "s00" / "quiz1" / "quiz1.ipynb").read_text()  # s03 hands in a corrected copy
    )
    summary = grade_quiz("quiz1", course_dir=course, students=["s03"])
    assert [(r.student, r.score) for r in summary.results] == [("s03", 1.0)]


def test_a_quiz_with_no_submissions_is_explained(course: Path) -> None:
    shutil.rmtree(course / "submitted")
    with pytest.raises(NmtCourseError, match="nbgrader collect quiz1"):
        grade_quiz("quiz1", course_dir=course)


def test_excluded_students_are_left_out_entirely(course: Path) -> None:
    import sqlite3

    with (course / "nbgrader_config.py").open("a") as f:
        f.write('\nc.CourseDirectory.student_id_exclude = "s06,s07"\n')
    summary = grade_quiz("quiz1", course_dir=course, workers=1)
    problems = {r.student: r.problem for r in summary.failed}
    assert set(problems) == {"s06", "s07"}
    assert "student_id_exclude" in problems["s06"]
    with sqlite3.connect(course / "gradebook.db") as db:
        graded = {row[0] for row in db.execute("SELECT student_id FROM submitted_assignment")}
    assert graded == set(STUDENTS) - {"s06", "s07"}  # no rows at all for the excluded
    assert not (course / "autograded" / "s06").exists()


INTERRUPTED = """
import os, signal, time
from nmt_course.grading import pipeline
real = pipeline.BatchSaveAutoGrades.preprocess

def interrupted(self, nb, resources):
    if resources["nbgrader"]["student"] == "s03":
        os.kill(os.getppid(), signal.SIGINT)  # Ctrl-C in the terminal while s03's grades are being saved
        time.sleep(30)  # the parent stops this worker before it can finish
    return real(self, nb, resources)

pipeline.BatchSaveAutoGrades.preprocess = interrupted
"""


def test_an_interrupted_student_leaves_no_output_without_grades(course: Path) -> None:
    import sqlite3

    code = GRADE_SCRIPT.format(prepare=INTERRUPTED, extra="None")
    done = subprocess.run(
        [sys.executable, "-c", code, str(course), "quiz1", '{"workers": 1}'], capture_output=True, text=True, timeout=300, env=_env(course.parent),
    )
    assert done.returncode != 0 and "KeyboardInterrupt" in done.stderr  # Ctrl-C stops the run...
    assert (course / "autograded" / "s02" / "quiz1" / "quiz1.ipynb").exists()  # ...after what was graded before it
    assert not (course / "autograded" / "s03").exists()  # nothing half done is left
    with sqlite3.connect(course / "gradebook.db") as db:
        scores = db.execute(
            "SELECT g.auto_score FROM grade g JOIN submitted_notebook sn ON sn.id = g.notebook_id "
            "JOIN submitted_assignment sa ON sa.id = sn.assignment_id WHERE sa.student_id = 's03'"
        ).fetchall()
    assert scores and all(score is None for (score,) in scores)
    assert not _children_of_the_run(course)


def _children_of_the_run(course: Path) -> list[int]:
    """Processes still running whose command line is a grading run of this course (a leftover worker)."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            cmdline = stat_file.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(course) in cmdline and int(stat_file.parent.name) != os.getpid():
            found.append(int(stat_file.parent.name))
    return found


def test_a_gradebook_locked_for_a_while_is_waited_for(course: Path) -> None:
    import sqlite3
    import threading
    import time

    holder = sqlite3.connect(course / "gradebook.db", check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock for 7 s, past SQLite's usual 5 s
    release = threading.Timer(7, holder.rollback)
    release.start()
    started = time.monotonic()
    try:
        done = run_cli("grade", "quiz1", "--course-dir", str(course))
    finally:
        release.join()
        holder.close()
    assert done.returncode == 0, done.stderr[-2000:]
    assert time.monotonic() - started >= 6  # it waited rather than failing
    assert "Graded 8 of 8" in done.stdout


STALLS = """
import os, time
from nmt_course.grading import static
real = static.StaticGrade.preprocess

def stalls(self, nb, resources):
    student = resources["nbgrader"]["student"]
    if student == "s02":
        time.sleep(120)  # as if reading this submission could not finish
    if student == "s04":
        hog = bytearray(800 * 2**20)  # more than --memory-per-student 300
        del hog
    return real(self, nb, resources)

static.StaticGrade.preprocess = stalls
"""


def test_a_student_over_the_budget_is_named_and_the_class_graded(course: Path) -> None:
    import sqlite3
    import time

    started = time.monotonic()
    results, _ = grade_in_fresh_process(course, prepare=STALLS, workers=2, timeout_per_student=3, memory_per_student=300)
    assert time.monotonic() - started < 100  # the stall alone was 120 s
    by_student = {r.student: r for r in results}
    assert not by_student["s02"].ok and "more than 3 s (the limit set by --timeout-per-student)" in by_student["s02"].problem
    assert not by_student["s04"].ok and "more than 300 MB of memory (the limit set by --memory-per-student)" in by_student["s04"].problem
    assert all(r.ok for s, r in by_student.items() if s not in {"s02", "s04"})
    for student in ("s02", "s04"):
        assert not (course / "autograded" / student / "quiz1" / "quiz1.ipynb").exists()  # nothing half written is left
    with sqlite3.connect(course / "gradebook.db") as db:
        kept = db.execute(
            "SELECT COUNT(*) FROM grade g JOIN submitted_notebook sn ON sn.id = g.notebook_id "
            "JOIN submitted_assignment sa ON sa.id = sn.assignment_id WHERE sa.student_id IN ('s02', 's04') AND g.auto_score IS NOT NULL"
        ).fetchone()[0]
    assert kept == 0
    assert not _children_of_the_run(course)


PARENT_DIES = """
import os, time
from pathlib import Path
from nmt_course.grading import pipeline
real = pipeline.BatchSaveAutoGrades.preprocess
marker = Path(options.pop("marker"))

def waits(self, nb, resources):
    if resources["nbgrader"]["student"] == "s03":
        marker.write_text(str(os.getpid()))  # a worker has s03's grades in hand, not yet committed
        time.sleep(60)
    return real(self, nb, resources)

pipeline.BatchSaveAutoGrades.preprocess = waits
"""


def test_workers_die_with_the_run_and_commit_nothing_after_it(course: Path, tmp_path: Path) -> None:
    import signal
    import sqlite3
    import time

    marker = tmp_path / "worker"
    code = GRADE_SCRIPT.format(prepare=PARENT_DIES, extra="None")
    options = json.dumps({"workers": 1, "marker": str(marker)})
    run = subprocess.Popen([sys.executable, "-c", code, str(course), "quiz1", options], env=_env(course.parent), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        worker = int(marker.read_text())
    finally:
        run.send_signal(signal.SIGKILL)  # the grading run is killed outright: no cleanup of its own
        run.wait()
    deadline = time.monotonic() + 15
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)  # killed with its parent (PR_SET_PDEATHSIG), not left to finish s03
    with sqlite3.connect(course / "gradebook.db") as db:
        graded = {row[0] for row in db.execute(
            "SELECT DISTINCT sa.student_id FROM grade g JOIN submitted_notebook sn ON sn.id = g.notebook_id "
            "JOIN submitted_assignment sa ON sa.id = sn.assignment_id WHERE g.auto_score IS NOT NULL"
        )}
    assert graded == {"s00", "s01", "s02"}  # graded before the run was killed; s03 never committed


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
