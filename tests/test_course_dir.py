"""Instructor commands find the course like nbgrader does, from wherever they are run, and say which one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from nmt_course.course_dir import CourseFolder, CourseFolderError, find_course_dir, hide_password

CONFIG = (ROOT / "quizzes" / "nbgrader_config.py").read_text()


def _course(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(CONFIG + extra)
    return folder


@pytest.fixture(autouse=True)
def own_jupyter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private ~/.jupyter, so the machine's own Jupyter settings play no part."""
    jupyter = tmp_path / "home" / ".jupyter"
    jupyter.mkdir(parents=True)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(jupyter))
    for name in ("NMT_COURSE_DIR", "NMT_COURSE_EXCHANGE", "NMT_COURSE_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    return jupyter


@pytest.mark.parametrize(
    ("explicit", "env", "cwd", "expected", "how"),
    [
        ("a", "b", "c/deep", "a", "from --course-dir"),  # the command line wins over everything
        (None, "b", "c/deep", "b", "from NMT_COURSE_DIR"),  # then the environment
        (None, None, "c", "c", "nbgrader_config.py found in the current folder"),  # then the folder itself
        (None, None, "c/deep", "c", "nbgrader_config.py found above the current folder"),  # or a folder above it
        (None, "  ", "c/deep", "c", "nbgrader_config.py found above the current folder"),  # a blank variable is not set
    ],
)
def test_the_order_of_the_rules(tmp_path: Path, explicit: str | None, env: str | None, cwd: str, expected: str, how: str) -> None:
    _course(tmp_path / "c")
    (tmp_path / "c" / "deep").mkdir()
    environ = {"NMT_COURSE_DIR": str(tmp_path / env) if env and env.strip() else (env or "")}
    found = find_course_dir(str(tmp_path / explicit) if explicit else None, cwd=tmp_path / cwd, environ=environ)
    assert found.path == (tmp_path / expected).resolve()
    assert how in found.how
    assert found.describe() == f"Course folder: {found.path} ({found.how})"


def test_a_relative_course_dir_is_read_from_the_current_folder(tmp_path: Path) -> None:
    assert find_course_dir("sub/course", cwd=tmp_path, environ={}).path == (tmp_path / "sub" / "course").resolve()


def test_a_config_that_names_another_root_points_there(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.root = {str(tmp_path / 'elsewhere')!r}\n")
    found = find_course_dir(cwd=tmp_path / "work", environ={})
    assert found.path == (tmp_path / "elsewhere").resolve() and "CourseDirectory.root in" in found.how


def test_the_graders_jupyter_config_names_the_course(tmp_path: Path, own_jupyter: Path) -> None:
    # nbgrader's JupyterHub guide: ~/.jupyter/nbgrader_config.py of the grader account sets CourseDirectory.root
    course = _course(tmp_path / "course101")
    (own_jupyter / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n")
    (tmp_path / "somewhere").mkdir()
    found = find_course_dir(cwd=tmp_path / "somewhere", environ={})
    assert found.path == course.resolve() and str(own_jupyter) in found.how


def test_no_course_anywhere_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CourseFolderError) as caught:
        find_course_dir(cwd=tmp_path / "empty", environ={})
    message = str(caught.value)
    assert "--course-dir" in message and "NMT_COURSE_DIR" in message and "nbgrader_config.py" in message


def test_a_broken_config_is_named(tmp_path: Path) -> None:
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.root = undefined_name\n")
    with pytest.raises(CourseFolderError, match=r"nbgrader_config\.py could not be read"):
        find_course_dir(cwd=tmp_path, environ={})


@pytest.mark.parametrize(
    ("env", "extra", "expected"),
    [
        ({}, "", "sqlite:///{course}/gradebook.db"),  # nbgrader's default: SQLite in the course folder
        ({"NMT_COURSE_DB_URL": "postgresql+psycopg://grader@/gradebook?host=/run/pg"}, "", "postgresql+psycopg://grader@/gradebook?host=/run/pg"),
        ({}, "\nc.CourseDirectory.db_url = 'sqlite:////srv/other.db'\n", "sqlite:////srv/other.db"),  # set in the file itself
    ],
)
def test_the_gradebook_comes_from_nbgrader_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], extra: str, expected: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    course = _course(tmp_path / "course", extra)
    assert CourseFolder(course, "test").gradebook_url() == expected.format(course=course)


def test_a_missing_sqlite_gradebook_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    course = _course(tmp_path / "course")
    with pytest.raises(Exception, match="there is no gradebook at"):
        CourseFolder(course, "test").gradebook_url(must_exist=True)
    assert not (course / "gradebook.db").exists()


def test_the_exchange_must_be_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_jupyter: Path) -> None:
    course = _course(tmp_path / "course")
    with pytest.raises(CourseFolderError) as caught:
        CourseFolder(course, "test").exchange()
    assert "NMT_COURSE_EXCHANGE" in str(caught.value) and "Exchange.root" in str(caught.value)
    monkeypatch.setenv("NMT_COURSE_EXCHANGE", str(tmp_path / "exchange"))
    assert CourseFolder(course, "test").exchange() == str(tmp_path / "exchange")
    # a global nbgrader_config.py (as on a JupyterHub) counts too
    monkeypatch.delenv("NMT_COURSE_EXCHANGE")
    (own_jupyter / "nbgrader_config.py").write_text("c = get_config()\nc.Exchange.root = '/srv/nbgrader/exchange'\n")
    assert CourseFolder(course, "test").exchange() == "/srv/nbgrader/exchange"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://grader:s3cret@db.school/grades", "postgresql+psycopg://grader:***@db.school/grades"),  # password hidden
        ("postgresql+psycopg://grader@/grades?host=/run/pg", "postgresql+psycopg://grader@/grades?host=/run/pg"),  # nothing to hide
        ("sqlite:////srv/course/gradebook.db", "sqlite:////srv/course/gradebook.db"),
    ],
)
def test_database_passwords_are_never_printed(url: str, shown: str) -> None:
    assert hide_password(url) == shown


def _cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NMT_COURSE", "JUPYTER"))}
    return subprocess.run(
        [sys.executable, "-m", "nmt_course", *args], cwd=cwd, capture_output=True, text=True, timeout=180,
        env={**base, "PYTHONWARNINGS": "ignore", "PYTHONPATH": str(ROOT), "JUPYTER_CONFIG_DIR": str(cwd / ".jupyter-none"), **env},
    )


@pytest.mark.slow
def test_commands_work_from_inside_the_course_folder(tmp_path: Path) -> None:
    course = _course(tmp_path / "course")
    deep = course / "source"
    built = _cli(["quiz", "build", "week-3", "--topics", "anatomy", "--count", "3", "--seed", "2"], cwd=course)
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[0] == f"Course folder: {course.resolve()} (nbgrader_config.py found in the current folder)"
    assert (course / "source" / "week-3" / "week-3.ipynb").is_file()
    # one level down, the same course; no exchange configured: nothing is released, and the message says how to set one
    released = _cli(["quiz", "release", "week-3"], cwd=deep)
    assert released.returncode == 2, released.stdout + released.stderr
    assert released.stdout.splitlines()[0] == f"Course folder: {course.resolve()} (nbgrader_config.py found above the current folder)"
    assert "NMT_COURSE_EXCHANGE" in released.stderr and "Exchange.root" in released.stderr and "Traceback" not in released.stderr
    assert not (course / "release").exists()
    # with the exchange set, it is released there
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    ok = _cli(["quiz", "release", "week-3"], cwd=deep, NMT_COURSE_EXCHANGE=str(exchange))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (exchange / "nmt-course" / "outbound" / "week-3" / "week-3.ipynb").is_file()
    assert f"to the exchange in {exchange}" in ok.stdout
    # the gradebook (made by generate_assignment) is said, and a report before grading is one plain error
    report = _cli(["report", "week-3"], cwd=deep)
    assert report.stdout.splitlines()[:2] == [f"Course folder: {course.resolve()} (nbgrader_config.py found above the current folder)", f"Gradebook: sqlite:///{course.resolve()}/gradebook.db"]
    assert report.returncode == 1 and "nobody's answers to 'week-3' have been graded yet" in report.stderr, report.stderr


@pytest.mark.parametrize("args", [["grade", "quiz1"], ["report", "quiz1"], ["export", "canvas", "--quiz", "quiz1"], ["quiz", "release", "quiz1"], ["quiz", "build", "x"]])
def test_outside_any_course_the_command_says_how_to_name_one(tmp_path: Path, args: list[str]) -> None:
    unset: dict[str, str | None] = {name: None for name in os.environ if name.startswith(("NMT_COURSE", "JUPYTER"))}
    result = run_cli(*args, cwd=tmp_path, env={**unset, "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter-none")})
    assert result.returncode == 2
    assert "no course folder found" in result.stderr and "--course-dir" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_gradebook_server_is_named_without_its_password(tmp_path: Path) -> None:
    from nmt_course.errors import NmtCourseError
    from nmt_course.grading.autograde import grade_quiz

    url = f"postgresql+psycopg://grader:s3cret@/gradebook?host={tmp_path / 'no-server-here'}"
    course = _course(tmp_path / "course", f"\nc.CourseDirectory.db_url = {url!r}\n")
    (course / "source" / "quiz1").mkdir(parents=True)
    (course / "submitted" / "ann" / "quiz1").mkdir(parents=True)
    with pytest.raises(NmtCourseError) as caught:
        grade_quiz("quiz1", course_dir=course, workers=1)
    message = str(caught.value)
    assert "s3cret" not in message and "grader:***@" in message
    assert "database server is running" in message and "nbgrader db upgrade" not in message
