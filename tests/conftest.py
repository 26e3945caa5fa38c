"""Shared fixtures: copies of the knowledge base to break, the command line in this process or a new one, a throwaway PostgreSQL server."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "nmt_course" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from the current output")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Running the course notebooks (nbval) is slow: ``-m "not slow"`` leaves them out of the quick loop."""
    for item in items:
        if Path(item.fspath).suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the knowledge-base folder that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[object]:
    """The run's one Playwright driver: a second ``sync_playwright()`` while one runs fails, so every browser fixture launches from this."""
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: run `python3 course.py test`, which installs it (Debian).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def blank_gradebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty nbgrader gradebook (SQLite) made by nbgrader for the run; copy it with ``new_gradebook``.

    nbgrader runs the ``alembic`` program each time it creates a gradebook (seconds); a copy of one it made
    is the same file, opened as an existing gradebook.
    """
    from nbgrader.api import Gradebook

    path = tmp_path_factory.mktemp("blank-gradebook") / "gradebook.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
        with Gradebook(f"sqlite:///{path}"):
            pass
    return path


def new_gradebook(blank: Path, folder: Path) -> str:
    """Copy the run's blank gradebook to ``folder/gradebook.db``; return its database URL."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(blank, folder / "gradebook.db")
    return f"sqlite:///{folder / 'gradebook.db'}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """One throwaway PostgreSQL server for the run (see ``tests/pg_server.py``), stopped however the run ends."""
    from pg_server import PostgresServer

    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``nmt-course ARGS`` in this process, from ``cwd``: exit status, stdout and stderr, as a user sees them.

    In-process is ten times quicker than a new interpreter and still goes
    through the whole command line (argparse, the error handling that turns
    an ``NmtCourseError`` into one line). An uncaught exception would fail
    the test outright. :func:`run_cli_process` starts a real process, for the
    few tests where the process itself is the point. ``env`` sets (or, with
    None, removes) environment variables for the run only.
    """
    from nmt_course import cli

    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings(),
          pytest.MonkeyPatch.context() as mp):
        warnings.simplefilter("ignore")  # as PYTHONWARNINGS=ignore does for run_cli_process
        for name, value in (env or {}).items():
            if value is None:
                mp.delenv(name, raising=False)
            else:
                mp.setenv(name, value)
        os.chdir(cwd)
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            os.chdir(here)
    return subprocess.CompletedProcess(["nmt-course", *args], code, out.getvalue(), err.getvalue())


def run_cli_process(*args: str, timeout: float = 120, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``nmt-course`` in a fresh interpreter, as a user would."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, "-m", "nmt_course", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
    )


GRADE_SCRIPT = """
import dataclasses, json, sys
from pathlib import Path
from nmt_course.grading.autograde import grade_quiz
from nmt_course.grading.workers import can_fork

options = json.loads(sys.argv[3])
if options.get("workers", 1) > 1:
    assert can_fork(), "this process cannot fork: the workers would not be used"
{prepare}
summary = grade_quiz(sys.argv[2], course_dir=Path(sys.argv[1]), **options)
print(json.dumps({{"results": [dataclasses.asdict(r) for r in summary.results], "extra": {extra}}}))
"""


def grade_in_fresh_process(course: Path, assignment: str = "quiz1", prepare: str = "", extra: str = "None", **options: object) -> tuple[list, object]:
    """``grade_quiz`` in a new single-threaded interpreter, so that its worker processes are really forked.

    A test process may have threads left by other tests (servers, browsers);
    the batch engine does not fork a threaded process and would quietly grade
    in one. ``prepare`` is code run before grading (a monkeypatch, say);
    ``extra`` an expression whose value comes back with the results.
    """
    import json

    from nmt_course.grading.results import StudentResult

    code = GRADE_SCRIPT.format(prepare=prepare, extra=extra)
    done = subprocess.run(
        [sys.executable, "-c", code, str(course), assignment, json.dumps(options)],
        capture_output=True, text=True, timeout=600, cwd=ROOT, env=dict(os.environ, PYTHONWARNINGS="ignore"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(done.stdout.strip().splitlines()[-1])
    results = [StudentResult(**{**r, "notes": tuple(r["notes"]), "invalid": tuple(tuple(i) for i in r["invalid"])}) for r in data["results"]]
    return results, data["extra"]
