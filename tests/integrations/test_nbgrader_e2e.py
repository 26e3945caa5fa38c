"""A quiz through the real nbgrader CLI: generate, release, fetch, submit, collect,
autograde, feedback, export, in a temporary course and exchange.

Eight students cover every case the issue names; the test asserts the exact
score of every student on every question, that the batch finishes, and that
no submission was changed by grading.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nmt_course import quiz
from nmt_course.quiz.build import answer_key, render_quiz, write_quiz

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "an-upper-trap-nerve",  # q01 single
    "an-multi-cn-xi",  # q02 multiple, 3 right of 6
    "sf-order-first-visit",  # q03 ordering, 5 items
    "an-match-shoulder-actions",  # q04 matching, 4 prompts
    "ci-pregnancy-supine-weeks",  # q05 numeric, 22 +- 2 weeks
    "an-hot-ql-lower-attachment",  # q06 hotspot
    "an-written-trap-scm",  # q07 written, graded by hand (4 points)
]
AUTO = ["q01", "q02", "q03", "q04", "q05", "q06"]
# the quiz names its cells and grades after the answer variables (q01, q01-a), never the bank questions
GRADE_IDS = [f"q{n:02d}" for n in range(1, len(QUESTIONS) + 1)]


def _keys() -> dict[str, object]:
    bank = quiz.load_bank()
    qs = [bank[i] for i in QUESTIONS]
    return {f"q{n:02d}": (q.answer.value if q.type == "numeric" else q.answer) for n, q in enumerate(qs[:6], start=1)}


def _wrong_single(key: str) -> str:
    return "A" if key != "A" else "B"


def _answers() -> dict[str, dict[str, str]]:
    """Each student's answer-cell sources (None = leave the released template)."""
    k = _keys()
    multi, order, match = k["q02"], k["q03"], k["q04"]
    wrong_multi = [x for x in "ABCDEF" if x not in multi]
    swapped = [order[1], order[0], *order[2:]]  # one neighbour swap: 9 of 10 pairs right
    half = dict(match)
    prompts = sorted(half)
    half[prompts[0]], half[prompts[1]] = half[prompts[1]], half[prompts[0]]  # two of four pairs wrong
    full = {
        "q01": repr(k["q01"]), "q02": repr(multi), "q03": repr(order), "q04": repr(match),
        "q05": repr(k["q05"]), "q06": repr(k["q06"][0]),
    }
    return {
        "alice": full,  # everything right
        "bob": {  # everything wrong but well formed
            "q01": repr(_wrong_single(k["q01"])), "q02": repr(wrong_multi), "q03": repr(list(reversed(order))),
            "q04": repr({p: ("2" if v != "2" else "3") for p, v in match.items()}), "q05": "40", "q06": repr("heel"),
        },
        "carol": {  # partial credit on every partial type, numeric on the edge of tolerance
            **full, "q02": repr([multi[0], multi[1], wrong_multi[0]]), "q03": repr(swapped), "q04": repr(half), "q05": repr("24 weeks"),
        },
        "dave": {},  # blank: submits the released notebook untouched
        "erin": {  # wrong types everywhere
            "q01": "2", "q02": "{'A': 1}", "q03": repr("maybe"), "q04": repr(["A"]), "q05": repr("ninety"), "q06": "5",
        },
        "frank": {**full, "q01": None},  # deletes the q01 answer cell and edits a test cell (below)
        "gina": {**full, "q03": "1 / 0"},  # code that raises
        "hank": {**full, "q04": "while True:\n    pass"},  # an endless loop
        # tampering (static grading must see through all of it; the kernel does not)
        "mallory": {  # wrong answers, and replaces the scorer so every test passes
            "q01": RAW + "import nmt_course.quiz.student as s\ns.grade_cell = lambda *args, **kwargs: 1.0\n"
            + f"q01 = {_wrong_single(k['q01'])!r}",
            "q02": repr(wrong_multi), "q03": repr(list(reversed(order))), "q04": "{}", "q05": "40", "q06": repr("heel"),
        },
        "oscar": {  # an answer object that equals everything
            **full, "q01": RAW + "class Always:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\nq01 = Always()",
        },
        "trent": {  # runs a shell command while answering correctly
            **full, "q02": RAW + f"import os\nos.system('touch {MARKER}')\nq02 = {multi!r}",
        },
    }


RAW = "#raw\n"  # the rest is the whole cell source
MARKER = "/tmp/nmt-course-e2e-marker-{tag}"

EXPECTED = {
    # student: scores of q01..q06 (hand-worked from the documented rules)
    "alice": [1, 1, 1, 1, 1, 1],
    "bob": [0, 0, 0, 0, 0, 0],
    "carol": [1, round(1 / 3, 4), 0.9, 0.5, 1, 1],  # (2 right - 1 wrong)/3; 9/10 pairs; 2/4 pairs
    "dave": [0, 0, 0, 0, 0, 0],
    "erin": [0, 0, 0, 0, 0, 0],
    "frank": [0, 1, 1, 1, 1, 1],  # the deleted answer scores 0; the edited test cell is restored
    "gina": [1, 1, 0, 1, 1, 1],
    "hank": [1, 1, 1, 0, 1, 1],
    "mallory": [0, 0, 0, 0, 0, 0],  # what the answers earn (the kernel is fooled, see KERNEL_FOOLED)
    "oscar": [0, 1, 1, 1, 1, 1],  # an object is not an answer
    "trent": [1, 1, 1, 1, 1, 1],  # right answers; the shell command must not run when grading statically
}
# The kernel runs the student's code before the hidden tests, so a replaced scorer wins there.
KERNEL_FOOLED = {"mallory": [1, 1, 1, 1, 1, 1]}


def _run(args: list[str], cwd: Path, env: dict[str, str], user: str = "instructor") -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env={**env, "USER": user, "LOGNAME": user}, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.ipynb"))}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("nbgrader")
    course_dir, exchange = tmp / "course", tmp / "exchange"
    course_dir.mkdir()
    exchange.mkdir()
    (course_dir / "nbgrader_config.py").write_text((ROOT / "quizzes" / "nbgrader_config.py").read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update({
        "NMT_COURSE_ID": "nmt-test", "NMT_COURSE_EXCHANGE": str(exchange), "NMT_COURSE_CELL_TIMEOUT": "8",
        "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"), "JUPYTER_RUNTIME_DIR": str(tmp / "jrt"), "PYTHONWARNINGS": "ignore",
        "HOME": str(tmp),
        # nbgrader runs the `alembic` command when it creates a gradebook: it must be on PATH
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    })
    bank = quiz.load_bank()
    questions = [bank[i] for i in QUESTIONS]
    nb = render_quiz(questions, name="quiz1", title="End-to-end quiz", seed=1)
    write_quiz(nb, course_dir, "quiz1", key=answer_key(questions, name="quiz1"))
    _run(["generate_assignment", "quiz1", "--force"], course_dir, env)
    _run(["release_assignment", "quiz1", "--force"], course_dir, env)

    answers = _answers()
    tag = tmp.name
    for student, cells in answers.items():
        home = tmp / "students" / student
        home.mkdir(parents=True)
        _run(["fetch_assignment", "quiz1", "--course", "nmt-test", f"--Exchange.root={exchange}"], home, env, user=student)
        path = home / "quiz1" / "quiz1.ipynb"
        data = json.loads(path.read_text())
        for var, source in cells.items():
            index = next(i for i, c in enumerate(data["cells"]) if c["id"] == f"{var}-a")
            if source is None:
                del data["cells"][index]
            elif source.startswith(RAW):
                data["cells"][index]["source"] = source[len(RAW):].replace("{tag}", tag)
            else:
                data["cells"][index]["source"] = f"{var} = {source}" if not source.startswith("while") else source
        if student == "alice":  # a written answer for the instructor to mark
            written = next(c for c in data["cells"] if c["id"] == GRADE_IDS[6])
            written["source"] = "Both muscles are supplied by the spinal accessory nerve (CN XI)."
        if student == "frank":  # tamper with a hidden test cell: claim full marks
            test = next(c for c in data["cells"] if c["id"] == GRADE_IDS[1])
            test["source"] = "print('all good')\n1.0"
        path.write_text(json.dumps(data))
        # one machine, one OS account: each student is named explicitly, as JupyterHub's users would be
        _run(["submit", "quiz1", "--course", "nmt-test", f"--Exchange.root={exchange}", f"--student={student}"], home, env, user=student)

    _run(["collect", "quiz1"], course_dir, env)
    import shutil

    static_dir = tmp / "static-course"  # the same collected submissions, graded statically
    shutil.copytree(course_dir, static_dir)
    submitted = _digest(course_dir / "submitted")
    inbound = _digest(exchange)
    auto = _run(["autograde", "quiz1", "--force"], course_dir, env)
    kernel_ran_shell = Path(MARKER.replace("{tag}", tag)).exists()
    auto_again = _run(["autograde", "quiz1", "--force"], course_dir, env)
    _run(["generate_feedback", "quiz1", "--force"], course_dir, env)
    _run(["export", "--to", str(tmp / "grades.csv")], course_dir, env)
    return {
        "dir": course_dir, "tmp": tmp, "static_dir": static_dir, "env": env, "marker": Path(MARKER.replace("{tag}", tag)), "submitted": submitted, "inbound": inbound, "exchange": exchange,
        "kernel_ran_shell": kernel_ran_shell,
        "autograde_log": auto.stdout + auto.stderr + auto_again.stdout,
    }


def _scores(course_dir: Path) -> dict[str, list[float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        return {
            student: [round(gb.find_grade(v, "quiz1", "quiz1", student).score, 4) for v in AUTO]
            for student in EXPECTED
        }


def test_every_student_and_question_scores_exactly(course: dict) -> None:
    expected = {**EXPECTED, **KERNEL_FOOLED}
    assert _scores(course["dir"]) == {s: [float(x) for x in row] for s, row in expected.items()}


def test_written_answers_wait_for_the_instructor(course: dict) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course['dir'] / 'gradebook.db'}") as gb:
        grade = gb.find_grade(GRADE_IDS[6], "quiz1", "quiz1", "alice")
        assert grade.needs_manual_grade and grade.max_score == 4
        untouched = gb.find_grade(GRADE_IDS[6], "quiz1", "quiz1", "dave")
        assert not untouched.needs_manual_grade and untouched.score == 0  # the template left as is


def test_export_lists_every_student(course: dict) -> None:
    with (course["tmp"] / "grades.csv").open() as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert set(rows) == set(EXPECTED)
    for student, row in {**EXPECTED, **KERNEL_FOOLED}.items():
        assert float(rows[student]["raw_score"]) == pytest.approx(sum(row), abs=1e-3)
        assert float(rows[student]["max_score"]) == 10  # six 1-point questions and a 4-point written one


def test_feedback_is_generated_for_everyone(course: dict) -> None:
    for student in EXPECTED:
        html = (course["dir"] / "feedback" / student / "quiz1" / "quiz1.html").read_text()
        assert "End-to-end quiz" in html
    carol = (course["dir"] / "feedback" / "carol" / "quiz1" / "quiz1.html").read_text()
    assert "Partly right" in carol


def test_grading_changed_no_submission(course: dict) -> None:
    assert _digest(course["dir"] / "submitted") == course["submitted"]
    assert _digest(course["exchange"]) == course["inbound"]


def test_tampered_and_looping_notebooks_did_not_stop_the_batch(course: dict) -> None:
    log = course["autograde_log"]
    for student in EXPECTED:
        assert (course["dir"] / "autograded" / student / "quiz1" / "quiz1.ipynb").exists(), student
    assert "hank" in log


SHIPPED = {"trigger-points": 20, "contraindications": 20, "session-flow": 15, "mblex-mock": 50}


@pytest.fixture(scope="module")
def shipped_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four shipped quizzes, released and graded for a student who answers every
    question with the answer key and one who hands the quiz back blank."""
    import shutil

    tmp = tmp_path_factory.mktemp("shipped")
    course_dir, exchange = tmp / "course", tmp / "exchange"
    shutil.copytree(ROOT / "quizzes" / "source", course_dir / "source")
    shutil.copytree(ROOT / "quizzes" / "answer-keys", course_dir / "answer-keys")
    (course_dir / "nbgrader_config.py").write_text((ROOT / "quizzes" / "nbgrader_config.py").read_text())
    exchange.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update({
        "NMT_COURSE_ID": "nmt-shipped", "NMT_COURSE_EXCHANGE": str(exchange), "PYTHONWARNINGS": "ignore", "HOME": str(tmp),
        "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"), "JUPYTER_RUNTIME_DIR": str(tmp / "jrt"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    })
    for name in SHIPPED:
        _run(["generate_assignment", name, "--force"], course_dir, env)
        for student, source in (("key", course_dir / "source"), ("blank", course_dir / "release")):
            target = course_dir / "submitted" / student / name
            target.mkdir(parents=True)
            shutil.copy(source / name / f"{name}.ipynb", target / f"{name}.ipynb")
        _run(["autograde", name, "--force"], course_dir, env)
    return course_dir


@pytest.mark.parametrize(("name", "points"), list(SHIPPED.items()))
def test_shipped_quizzes_round_trip(shipped_course: Path, name: str, points: int) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{shipped_course / 'gradebook.db'}") as gb:
        key = gb.find_submission(name, "key")
        blank = gb.find_submission(name, "blank")
        assert key.max_score == points
        assert key.score == pytest.approx(points)  # the answer key earns every point
        assert blank.score == 0  # the released template earns none
        assert not any(g.needs_manual_grade for nb in key.notebooks for g in nb.grades)


def _key_strings(key: dict) -> list[str]:
    """Every string of a quiz's key a student must not find: ids, versions, option feedback, explanations, solution lines."""
    from nmt_course.quiz.build.questions import _solution
    from nmt_course.quiz.models import QUESTION_ADAPTER

    found = []
    for var, entry in key["questions"].items():
        q = QUESTION_ADAPTER.validate_python(entry["question"])
        found += [entry["id"], q.explanation, *(o.feedback for o in getattr(q, "options", []))]
        found += [q.model_answer] if q.type == "written" else [f"{var} = {_solution(q)!r}"]
        found += list(getattr(q, "region_feedback", {}).values())
    return found


@pytest.mark.parametrize("name", list(SHIPPED))
def test_shipped_releases_hold_no_key(shipped_course: Path, name: str) -> None:
    key = json.loads((shipped_course / "answer-keys" / f"{name}.json").read_text())
    secrets = _key_strings(key)
    assert len(secrets) > 3 * len(key["questions"])
    released = (shipped_course / "release" / name / f"{name}.ipynb").read_text()
    text = json.dumps(json.loads(released), ensure_ascii=False)  # the file's strings, unescaped as a reader would see them
    assert [s for s in secrets if s in released or s in text] == []
    assert "BEGIN SOLUTION" not in released and "BEGIN HIDDEN TESTS" not in released and "grade_cell" not in released
    bank_ids = [q.id for q in quiz.load_bank()]
    assert [i for i in bank_ids if f'"{i}"' in released or f"'{i}'" in released] == []  # no bank id, of this quiz or any other


@pytest.fixture(scope="module")
def static_course(course: dict) -> dict:
    """The same collected submissions, graded by `nmt-course grade` (no kernel), twice."""
    static_dir = course["static_dir"]
    marker = course["marker"]
    marker.unlink(missing_ok=True)  # the kernel run created it
    before = _digest(static_dir / "submitted")
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "nmt_course", "grade", "quiz1", "--course-dir", str(static_dir)],
            cwd=static_dir, env=course["env"], capture_output=True, text=True, timeout=600,
        )
        runs.append(done)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        if not runs[1:]:
            first = _scores(static_dir)
    return {"dir": static_dir, "first": first, "runs": runs, "before": before, "marker_created": marker.exists()}


def test_static_grading_scores_exactly_and_sees_through_tampering(static_course: dict) -> None:
    assert _scores(static_course["dir"]) == {s: [float(x) for x in row] for s, row in EXPECTED.items()}


def test_static_matches_kernel_on_honest_submissions(course: dict, static_course: dict) -> None:
    kernel, static = _scores(course["dir"]), _scores(static_course["dir"])
    for student in EXPECTED:
        if student not in KERNEL_FOOLED:
            assert static[student] == kernel[student], student


def test_static_grading_runs_no_student_code(course: dict, static_course: dict) -> None:
    assert course["kernel_ran_shell"]  # grading with a kernel ran trent's os.system...
    assert not static_course["marker_created"]  # ...grading statically did not


def test_static_grading_is_repeatable_and_leaves_submissions_alone(static_course: dict) -> None:
    assert _scores(static_course["dir"]) == static_course["first"]
    assert _digest(static_course["dir"] / "submitted") == static_course["before"]
    out = static_course["runs"][0].stdout
    assert "Graded 11 of 11 submissions" in out and "without running student code" in out
    assert f"frank: locked cell {GRADE_IDS[1]} was edited; the original was restored" in out  # the tampering is reported


@pytest.mark.parametrize(("fmt", "id_field", "score_field"), [("canvas", "SIS Login ID", "quiz1"), ("moodle", "Username", "quiz1")])
def test_lms_grade_exports_load_back(static_course: dict, tmp_path: Path, fmt: str, id_field: str, score_field: str) -> None:
    out = tmp_path / f"{fmt}.csv"
    done = subprocess.run(
        [sys.executable, "-m", "nmt_course", "export", fmt, "--quiz", "quiz1", "--course-dir", str(static_course["dir"]), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 1 and "still need marking by hand (alice)" in done.stderr  # alice's written answer
    done = subprocess.run(
        [sys.executable, "-m", "nmt_course", "export", fmt, "--quiz", "quiz1", "--course-dir", str(static_course["dir"]), "--out", str(out), "--allow-ungraded"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with out.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get(id_field)]
    got = {r[id_field]: float(r[score_field]) for r in rows}
    assert got == {s: pytest.approx(sum(v)) for s, v in EXPECTED.items()}


def test_item_analysis_report_of_the_graded_quiz(static_course: dict, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nmt_course", "report", "quiz1", "--course-dir", str(static_course["dir"]), "--out-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with (tmp_path / "quiz1-item-analysis.csv").open(newline="") as f:
        rows = {r["question_id"]: r for r in csv.DictReader(f)}
    assert set(rows) >= set(QUESTIONS[:6])
    # q01 difficulty: the share of full marks among the 11 students, from EXPECTED
    right = sum(1 for row in EXPECTED.values() if row[0] == 1)
    assert float(rows[QUESTIONS[0]]["difficulty"]) == pytest.approx(right / len(EXPECTED), abs=1e-3)
    html = (tmp_path / "quiz1-item-analysis.html").read_text()
    assert "plotly" in html.lower() and "KR-20" in html


def test_quiz_release_puts_the_student_version_in_the_exchange(tmp_path: Path) -> None:
    import shutil

    course, exchange = tmp_path / "course", tmp_path / "exchange"
    shutil.copytree(ROOT / "quizzes" / "source" / "session-flow", course / "source" / "session-flow")
    (course / "answer-keys").mkdir()
    shutil.copy(ROOT / "quizzes" / "answer-keys" / "session-flow.json", course / "answer-keys" / "session-flow.json")
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    exchange.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update({"NMT_COURSE_ID": "nmt-release", "NMT_COURSE_EXCHANGE": str(exchange), "HOME": str(tmp_path), "PYTHONWARNINGS": "ignore"})
    done = subprocess.run(
        [sys.executable, "-m", "nmt_course", "quiz", "release", "session-flow", "--course-dir", str(course)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    released = exchange / "nmt-release" / "outbound" / "session-flow" / "session-flow.ipynb"
    text = released.read_text()
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text  # no answers leave the course
    assert 'q01 = None  # your answer' in text and "check_format()" in text
