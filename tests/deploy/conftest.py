"""One real class hub for the deploy tests: PostgreSQL gradebook, JupyterHub, unix accounts, Chromium.

The hub is built once for the package (``tests/deploy/``) and taken down
however the tests end; taking it down must not have to end anything by force
(a leftover server, kernel or proxy fails the run). Screenshots go to
``test-output/deploy/``; the environment's build time and the hub's own
timings to ``test-output/deploy/timings.txt``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nmt_course import quiz
from nmt_course.quiz.build import answer_key, render_quiz, write_quiz

from .hub_env import HubEnvironment, hub_environment
from .hubctl import ClassHub

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-output" / "deploy"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
QUIZ = "hub-quiz"
QUIZ_TITLE = "Hub quiz"  # what the students see: the notebook's heading and the feedback page's title
# single, multiple, numeric, and a written answer marked by hand
QUESTIONS = ["an-upper-trap-nerve", "an-multi-cn-xi", "ci-pregnancy-supine-weeks", "an-written-trap-scm"]
MARKING = "hub-marking"  # the quiz two instructors grade at once (tests/deploy/test_two_graders.py)


def note_timing(what: str, seconds: float) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "timings.txt", "a") as f:
        f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  {what}: {seconds:.1f} s\n")


def build_quizzes(course: Path) -> None:
    """The instructor's quizzes, built from the shipped bank as ``nmt-course quiz build`` writes them."""
    bank = quiz.load_bank()
    questions = [bank[q] for q in QUESTIONS]
    write_quiz(render_quiz(questions, name=QUIZ, title=QUIZ_TITLE, seed=4), course, QUIZ, key=answer_key(questions, name=QUIZ))
    write_quiz(render_quiz(questions, name=MARKING, title="Marking together", seed=5), course, MARKING, key=answer_key(questions, name=MARKING))


@pytest.fixture(scope="session")
def hub_env() -> HubEnvironment:
    env = hub_environment()
    note_timing(f"hub environment {env.path.name} ({'built' if env.build_seconds else 'from the cache'})", env.build_seconds)
    return env


@pytest.fixture(scope="package")
def class_hub(hub_env: HubEnvironment, postgres) -> Iterator[ClassHub]:
    hub = ClassHub(hub_env, instructors=2, students=3)
    database = f"hub_{hub.run_id}"
    hub.database_url = postgres.create_database(database, owner=hub.grader.name)
    started = time.monotonic()
    forced: list[str] = []
    try:
        hub.make_accounts()
        hub.make_course(build_quizzes)
        hub.write_config()
        hub.start()
        note_timing("hub started (accounts, course folder, config, JupyterHub)", time.monotonic() - started)
        yield hub
    finally:
        stopping = time.monotonic()
        forced = hub.stop()
        postgres.sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        note_timing("hub stopped and accounts removed", time.monotonic() - stopping)
    assert not forced, f"these were still running after the hub stopped, and had to be killed: {forced}"


@pytest.fixture(scope="package")
def browser(playwright_driver) -> Iterator:
    b = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()


def screenshot(page, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
