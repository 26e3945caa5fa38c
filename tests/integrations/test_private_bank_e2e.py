"""A school's private bank through the real nbgrader exchange, both graders, the feedback, and a search for leaks.

The instructor builds a quiz from a private bank folder with ``nmt-course quiz
build --bank``, releases it with ``nmt-course quiz release`` to a real
exchange; three students fetch it, answer and submit with nbgrader's CLI; the
instructor collects, grades once with nbgrader's kernel (``nbgrader
autograde``) and once statically (``nmt-course grade``). Both must give every
student the same score on every question, and the same feedback pages. Then
every file a student receives (the exchange's copy, the fetched folder) and
the package a student's kernel imports are searched for every string of the
key: option feedback, explanations, the solutions, model answers, question
ids and key versions. None may be there. The key itself must be unreadable
by another account.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import nmt_course
from nmt_course.quiz.banks import load_banks
from nmt_course.quiz.build.questions import _solution

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCHOOL = ROOT / "tests" / "quiz" / "school_bank"
QUIZ, COURSE_ID = "clinic", "riverside"


def _run(args: list[str], cwd: Path, env: dict[str, str], user: str = "instructor") -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env={**env, "USER": user, "LOGNAME": user}, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(args[2:])} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _nbgrader(*args: str) -> list[str]:
    return [sys.executable, "-m", "nbgrader", *args]


def _nmt(*args: str) -> list[str]:
    return [sys.executable, "-m", "nmt_course", *args]


def _answers(key: dict) -> dict[str, dict[str, str]]:
    """What each student types in each answer cell (a literal, as the answer forms write it)."""
    from nmt_course.quiz.models import QUESTION_ADAPTER

    rows: dict[str, dict[str, str]] = {"ria": {}, "sam": {}, "tom": {}}
    for var, entry in key["questions"].items():
        q = QUESTION_ADAPTER.validate_python(entry["question"])
        if q.type == "written":
            continue
        rows["ria"][var] = repr(_solution(q))  # everything right
        wrong = {  # sam: wrong or partly right on every type
            "single": lambda q=q: repr(next(o.id for o in q.options if o.id != q.answer)),
            "multiple": lambda q=q: repr(list(q.answer)[:1]),  # one of two right picks: 1/2
            "ordering": lambda q=q: repr([q.answer[1], q.answer[0], *q.answer[2:]]),  # first two swapped: 2 of 3 pairs
            "matching": lambda q=q: repr({k: ("3" if k != "A" else v) for k, v in q.answer.items()}),  # A right of 2
            "numeric": lambda q=q: repr("75 min"),  # right, with its unit
            "hotspot": lambda q=q: repr("achilles"),  # a tempting wrong region
        }
        rows["sam"][var] = wrong[q.type]()
        rows["tom"][var] = {"single": "a", "multiple": '["A", "C"'}.get(q.type, "")  # typed slips; the rest left blank
    return rows


EXPECTED = {
    # type: (ria, sam, tom); tom's slips cannot run or be read, so they score 0 in both graders
    "single": (1, 0, 0),
    "multiple": (1, 0.5, 0),
    "ordering": (1, 0.6667, 0),
    "matching": (1, 0.5, 0),
    "numeric": (1, 1, 0),
    "hotspot": (1, 0, 0),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="nmt-private-bank-"))  # under /tmp, so another account can be tried below
    try:
        course_dir, exchange, school = tmp / "course", tmp / "exchange", tmp / "school-bank"
        course_dir.mkdir()
        exchange.mkdir()
        shutil.copytree(SCHOOL, school)
        shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course_dir / "nbgrader_config.py")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "NMT_COURSE"))}
        env.update({
            "NMT_COURSE_ID": COURSE_ID, "NMT_COURSE_EXCHANGE": str(exchange), "PYTHONWARNINGS": "ignore", "HOME": str(tmp),
            "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"), "JUPYTER_RUNTIME_DIR": str(tmp / "jrt"), "NMT_COURSE_CELL_TIMEOUT": "20",
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        })
        built = _run(_nmt("quiz", "build", QUIZ, "--topics", "school-clinic", "--count", "7", "--bank", str(school), "--course-dir", str(course_dir)), tmp, env)
        _run(_nmt("quiz", "release", QUIZ, "--course-dir", str(course_dir)), tmp, env)
        key = json.loads((course_dir / "answer-keys" / f"{QUIZ}.json").read_text())
        answers = _answers(key)
        for student, cells in answers.items():
            home = tmp / "students" / student
            home.mkdir(parents=True)
            _run(_nbgrader("fetch_assignment", QUIZ, "--course", COURSE_ID, f"--Exchange.root={exchange}"), home, env, user=student)
            path = home / QUIZ / f"{QUIZ}.ipynb"
            nb = json.loads(path.read_text())
            for cell in nb["cells"]:
                var = cell["id"][:-2] if cell["id"].endswith("-a") else None
                if cells.get(var):
                    cell["source"] = f"{var} = {cells[var]}"
                if student == "ria" and cell["metadata"].get("nmt_course", {}).get("cell") == "written":
                    cell["source"] = "The front of the neck is an endangerment site, and consent can be taken back at any time."
            path.write_text(json.dumps(nb))
            _run(_nbgrader("submit", QUIZ, "--course", COURSE_ID, f"--Exchange.root={exchange}", f"--student={student}"), home, env, user=student)
        _run(_nbgrader("collect", QUIZ), course_dir, env)
        static_dir = tmp / "static-course"
        shutil.copytree(course_dir, static_dir)
        _run(_nbgrader("autograde", QUIZ, "--force"), course_dir, env)
        _run(_nbgrader("generate_feedback", QUIZ, "--force"), course_dir, env)
        graded = _run(_nmt("grade", QUIZ, "--course-dir", str(static_dir)), static_dir, env)
        _run(_nbgrader("generate_feedback", QUIZ, "--force"), static_dir, env)
        yield {"tmp": tmp, "dir": course_dir, "static": static_dir, "exchange": exchange, "school": school, "env": env, "key": key,
               "built": built.stdout, "graded": graded.stdout}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _scores(course_dir: Path) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        return {
            s.student.id: {g.name: round(g.score, 4) for nb in s.notebooks for g in nb.grades if not g.needs_manual_grade}
            for s in gb.find_assignment(QUIZ).submissions
        }


def test_the_quiz_came_from_the_private_bank(course: dict) -> None:
    assert "7 questions, 8 points, 7 from your own banks" in course["built"]
    assert {e["bank"] for e in course["key"]["questions"].values()} == {str(course["school"])}


def test_kernel_and_static_grading_give_the_same_scores(course: dict) -> None:
    kernel, static = _scores(course["dir"]), _scores(course["static"])
    types = {var: e["question"]["type"] for var, e in course["key"]["questions"].items()}
    expected = {
        student: {var: float(EXPECTED[kind][i]) for var, kind in types.items() if kind != "written"}
        for i, student in enumerate(("ria", "sam", "tom"))
    }
    for student in ("sam", "tom"):  # an untouched written answer scores 0 and waits for no mark
        expected[student].update({v: 0.0 for v, k in types.items() if k == "written"})
    assert static == expected
    assert kernel == static
    assert "Graded 3 of 3 submissions of clinic without running student code" in course["graded"]


def _cards(page: str) -> list[tuple[str, str]]:
    """Each automatically graded card's verdict and points."""
    return re.findall(r'class="nmt-fb nmt-fb-(\w+)".*?<span class="nmt-fb-points">([^<]*)</span>', page)


def test_both_graders_give_the_same_feedback_pages(course: dict) -> None:
    for student in ("ria", "sam", "tom"):
        kernel = (course["dir"] / "feedback" / student / QUIZ / f"{QUIZ}.html").read_text()
        static = (course["static"] / "feedback" / student / QUIZ / f"{QUIZ}.html").read_text()
        assert kernel == static, student  # typed slips too: the static grader gives the advice the notebook's guard gave
        assert len(_cards(static)) == 6
    tom = (course["static"] / "feedback" / "tom" / QUIZ / f"{QUIZ}.html").read_text()
    assert [state for state, _ in _cards(tom)].count("invalid") == 2  # the two slips: typed, not blank
    assert "put the letter in quotes, like this: q0" in tom and "close the brackets, like this: q0" in tom
    sam = (course["static"] / "feedback" / "sam" / QUIZ / f"{QUIZ}.html").read_text()
    assert "Partly right" in sam and "grade_cell" not in sam and "QUIZ_FORMATS" not in sam and "import nmt_course" not in sam


def _secrets(key: dict) -> list[str]:
    """Every string of the key that a student must not find before feedback."""
    from nmt_course.quiz.models import QUESTION_ADAPTER

    found = []
    for var, entry in key["questions"].items():
        q = QUESTION_ADAPTER.validate_python(entry["question"])
        found += [q.id, entry["version"], q.explanation]
        found += [o.feedback for o in getattr(q, "options", [])]
        found += list(getattr(q, "region_feedback", {}).values())
        if q.type == "written":
            found.append(q.model_answer)
        else:
            found.append(f"{var} = {_solution(q)!r}")  # the solution line of the source notebook
    return found


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_nothing_a_student_receives_holds_the_key(course: dict) -> None:
    secrets = _secrets(course["key"])
    assert len(secrets) > 25
    received = _files(course["exchange"] / COURSE_ID / "outbound") + _files(course["tmp"] / "students" / "tom" / QUIZ)
    assert received
    for path in received:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = [s for s in secrets if s in text]
        assert not leaked, (path, leaked)
    nb = json.loads((course["exchange"] / COURSE_ID / "outbound" / QUIZ / f"{QUIZ}.ipynb").read_text())
    assert nb["metadata"]["nmt_course"] == {"quiz": QUIZ, "title": "Quiz: clinic", "questions": 7, "points": 8.0}


def test_the_package_a_student_imports_holds_no_private_question(course: dict) -> None:
    secrets = _secrets(course["key"])
    package = Path(nmt_course.__file__).resolve().parent
    files = [p for p in package.rglob("*") if p.is_file() and p.suffix not in {".pyc"}]
    assert len(files) > 50
    for path in files:
        data = path.read_bytes()
        leaked = [s for s in secrets if s.encode("utf-8") in data]
        assert not leaked, (path, leaked)
    # and a student's kernel, in the student's folder, finds neither the questions nor the key
    code = (
        "from nmt_course import quiz\n"
        "from nmt_course.quiz.student import grade_cell\n"
        "print(len([q for q in quiz.load_bank() if q.id.startswith('rv-')]))\n"
        "try:\n"
        f"    grade_cell('q01', quiz={QUIZ!r}, version={course['key']['questions']['q01']['version']!r})\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    home = course["tmp"] / "students" / "tom" / QUIZ
    done = subprocess.run([sys.executable, "-c", code], cwd=home, env={**course["env"], "NMT_COURSE_BANKS": str(course["school"])}, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "AnswerKeyError"]
    assert {q.id for q in load_banks([course["school"]])} >= {e["id"] for e in course["key"]["questions"].values()}  # the instructor's view


def test_the_key_and_the_source_are_the_instructors_alone(course: dict) -> None:
    course_dir = course["dir"]
    modes = {p: p.stat().st_mode & 0o777 for p in (course_dir / "answer-keys", course_dir / "answer-keys" / f"{QUIZ}.json", course_dir / "source" / QUIZ / f"{QUIZ}.ipynb")}
    assert list(modes.values()) == [0o700, 0o600, 0o600]
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        return  # another account cannot be tried without root; the modes above are what protects the key
    # a careless course folder, readable by everyone: the key and the source still are not
    for folder in (course["tmp"], course_dir, course_dir / "release", course_dir / "release" / QUIZ):
        os.chmod(folder, 0o755)
    as_other = lambda *cmd: subprocess.run(["runuser", "-u", "nobody", "--", *cmd], capture_output=True, text=True)  # noqa: E731
    assert as_other("cat", str(course_dir / "release" / QUIZ / f"{QUIZ}.ipynb")).returncode == 0  # the release is readable...
    for secret in (course_dir / "answer-keys" / f"{QUIZ}.json", course_dir / "source" / QUIZ / f"{QUIZ}.ipynb"):
        denied = as_other("cat", str(secret))
        assert denied.returncode != 0 and "Permission denied" in denied.stderr, secret  # ...the key and the source are not
    assert as_other("ls", str(course_dir / "answer-keys")).returncode != 0


def test_report_and_export_use_the_private_questions(course: dict, tmp_path: Path) -> None:
    static = course["static"]
    _run(_nmt("report", QUIZ, "--course-dir", str(static), "--out-dir", str(tmp_path)), static, course["env"])
    csv_text = (tmp_path / f"{QUIZ}-item-analysis.csv").read_text()
    assert all(e["id"] in csv_text for e in course["key"]["questions"].values())
    out = tmp_path / "clinic.gift.txt"
    done = _run(_nmt("export", "gift", "--quiz", QUIZ, "--course-dir", str(static), "--out", str(out)), static, course["env"])
    assert "note:" not in done.stderr  # the gradebook's quiz is the build in the folder
    assert out.read_text().count("::rv-") == 7


def test_a_forced_rebuild_after_grading_keeps_grading_and_reporting_honest(course: dict, tmp_path: Path) -> None:
    static, env = course["static"], course["env"]
    build = _nmt("quiz", "build", QUIZ, "--topics", "school-clinic,trigger-points", "--count", "7", "--seed", "9", "--bank", str(course["school"]), "--course-dir", str(static))
    refused = subprocess.run(build, cwd=static, env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and "clinic has already been released, collected from 3 students" in refused.stderr
    before = _scores(static)
    forced = _run([*build, "--force"], static, env)
    assert "This invalidates:" in forced.stdout
    _run(_nmt("grade", QUIZ, "--course-dir", str(static)), static, env)  # the gradebook still has the released test cells
    assert _scores(static) == before  # graded with the released questions' keys, kept as retired versions
    report = subprocess.run(_nmt("report", QUIZ, "--course-dir", str(static), "--out-dir", str(tmp_path)), cwd=static, env=env, capture_output=True, text=True, timeout=300)
    assert report.returncode == 0, report.stderr
    assert "has changed since it was released and graded" in (tmp_path / f"{QUIZ}-item-analysis.html").read_text()
    exported = subprocess.run(_nmt("export", "canvas", "--quiz", QUIZ, "--course-dir", str(static), "--out", str(tmp_path / "c.csv"), "--allow-ungraded"), cwd=static, env=env, capture_output=True, text=True, timeout=300)
    assert exported.returncode == 0 and "note: The answer key of clinic has changed since it was released" in exported.stderr
