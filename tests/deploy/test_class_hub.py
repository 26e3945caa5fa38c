"""A class on the shipped hub, from release to feedback, with real accounts, a real exchange and PostgreSQL.

The instructor releases a quiz from a terminal in the course service; three
students' servers start; one student fetches and hands in with the
Assignment List in Chromium, two through the same extension's API; the
instructor collects, grades with ``nmt-course grade`` and releases feedback;
each student fetches their own feedback. Then every student tries, from a
terminal in their own server, to read what is not theirs: classmates' homes,
submissions and feedback, the instructor's course folder (quiz sources,
submissions, grading output, and any answer-key file kept there), the hub's
state, and the gradebook database.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from nmt_course import quiz

from .conftest import QUESTIONS, QUIZ, QUIZ_TITLE, screenshot
from .hubctl import COURSE_ID, ClassHub
from .people import answer, assignment_action, list_files, read_notebook, read_text, write_notebook, write_text
from .terminal import Terminal

pytestmark = pytest.mark.slow

NOTEBOOK = f"{COURSE_ID}/{QUIZ}/{QUIZ}.ipynb"  # where nbgrader puts a fetched quiz (the path includes the course)
PROBE = Path(__file__).with_name("probe.py")


WRITTEN_CELL = "q04"  # quiz cells are named after the answer variable (q01-a, q04), never the bank question


def _keys() -> dict[str, str]:
    bank = quiz.load_bank()
    out = {}
    for n, qid in enumerate(QUESTIONS[:3], start=1):
        q = bank[qid]
        out[f"q{n:02d}-a"] = f"q{n:02d} = {(q.answer.value if q.type == 'numeric' else q.answer)!r}"
    return out


def _answers() -> dict[int, dict[str, str]]:
    """Student 0 gets everything right; student 1 one answer and a written one; student 2 hands in a blank quiz."""
    right = _keys()
    first = next(iter(right))
    return {
        0: {**right, WRITTEN_CELL: "Both are innervated by the spinal accessory nerve (CN XI)."},
        1: {first: right[first], WRITTEN_CELL: "I think it is the phrenic nerve."},
        2: {},
    }


def _expected_scores() -> dict[int, float]:
    bank = quiz.load_bank()
    points = [bank[q].points for q in QUESTIONS[:3]]
    return {0: float(sum(points)), 1: float(points[0]), 2: 0.0}


def _browser_fetch_and_submit(hub: ClassHub, browser, who) -> dict:
    """Log in with the account's password, open Nbgrader > Assignment List, fetch; answers are saved; submit."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    seen: dict = {}
    try:
        page.goto(f"{hub.url}/hub/login?next=/hub/user/{who.name}/lab")
        page.fill("#username_input", who.name)
        page.fill("#password_input", who.password)
        page.click("#login_submit")
        page.wait_for_url(f"**/user/{who.name}/lab**")
        page.wait_for_selector("#jp-main-dock-panel")
        page.get_by_role("menuitem", name="Nbgrader").click()
        seen["menu"] = [t.strip() for t in page.locator(".lm-Menu-itemLabel").all_inner_texts() if t.strip()]
        screenshot(page, "student-nbgrader-menu")
        page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
        released = page.locator("#released_assignments_list .list_item", has_text=QUIZ).first
        released.wait_for()
        screenshot(page, "student-assignment-list")
        released.locator("button", has_text="Fetch").click()
        page.locator("#fetched_assignments_list .list_item", has_text=QUIZ).first.wait_for()
        nb = read_notebook(hub, who, NOTEBOOK)
        write_notebook(hub, who, NOTEBOOK, answer(nb, _answers()[0]))
        page.locator("#fetched_assignments_list .list_item", has_text=QUIZ).first.locator("button", has_text="Submit").click()
        page.locator("#submitted_assignments_list .list_item", has_text=QUIZ).first.wait_for()
        screenshot(page, "student-assignments-submitted")
        seen["submitted"] = True
        seen["framed"] = _frame(page, f"/user/{who.name}/api/status")  # JupyterHub's own rule, kept for students
    finally:
        context.close()
    return seen


def _frame(page, src: str) -> str:
    """Put ``src`` in a frame of the current page; what the frame shows: its text, or ``blocked``."""
    page.evaluate("src => { const f = document.createElement('iframe'); f.id = 'probe-frame'; f.src = src; document.body.appendChild(f); }", src)
    page.wait_for_timeout(3000)
    frame = page.frame_locator("#probe-frame")
    handle = page.locator("#probe-frame").element_handle()
    content = handle.content_frame() if handle else None
    if content is None or content.url.startswith("chrome-error://"):
        return "blocked"
    return frame.locator("body").inner_text(timeout=10_000)


@pytest.fixture(scope="module")
def semester(class_hub: ClassHub, browser) -> dict:
    """Everything the class does, in order; each step's outcome kept for the tests below."""
    hub = class_hub
    teacher = hub.instructors[0]
    out: dict = {}
    service = hub.url + hub.service_ready(teacher)
    term = Terminal(service, teacher.token)
    try:
        out["release"] = term.run(f"nmt-course quiz release {QUIZ}")
        for student in hub.students:  # all three servers start at once, as at the start of a class
            hub.api("POST", f"/hub/api/users/{student.name}/server", token=student.token, expect=(201, 202))
        for student in hub.students:
            hub.spawn(student)
        out["browser"] = _browser_fetch_and_submit(hub, browser, hub.students[0])
        for n, student in enumerate(hub.students[1:], start=1):
            assignment_action(hub, student, "fetch", QUIZ)
            write_notebook(hub, student, NOTEBOOK, answer(read_notebook(hub, student, NOTEBOOK), _answers()[n]))
            assignment_action(hub, student, "submit", QUIZ)
        out["inbound"] = sorted(p for p in (hub.exchange / COURSE_ID / "inbound").iterdir())
        out["collect"] = term.run(f"nbgrader collect {QUIZ}")
        out["grade"] = term.run(f"nmt-course grade {QUIZ}")
        out["feedback"] = term.run(f"nbgrader generate_feedback {QUIZ} && nbgrader release_feedback {QUIZ}")
    finally:
        term.close()
    out["feedback_pages"] = {}
    for student in hub.students:
        assignment_action(hub, student, "fetch_feedback", QUIZ)
        [stamp] = list_files(hub, student, f"{COURSE_ID}/{QUIZ}/feedback")
        out["feedback_pages"][student.name] = read_text(hub, student, f"{stamp['path']}/{QUIZ}.html")
    out["probes"] = {student.name: _probe(hub, student) for student in hub.students}
    return out


def _private_paths(hub: ClassHub, student) -> list[str]:
    """Everything this student must not reach, found as root: classmates' files, the course folder, the hub's state."""
    paths = []
    for other in hub.students:
        if other.name != student.name:
            paths += [str(other.home), str(other.home / NOTEBOOK), str(other.home / ".local/share/jupyter/nbgrader_cache")]
            paths += [str(p) for p in (other.home / COURSE_ID / QUIZ / "feedback").rglob("*.html")]
    inbound = hub.exchange / COURSE_ID / "inbound"
    paths += [str(inbound), str(hub.exchange / COURSE_ID / "feedback")]
    for folder in inbound.iterdir():
        if not folder.name.startswith(student.name + "+"):
            paths += [str(folder), *(str(p) for p in folder.rglob("*") if p.is_file())]
    paths += [str(hub.grader.home), str(hub.course_dir), str(hub.state)]
    # every file in the course folder: sources with their answers, submissions, grading output, any key file kept there
    paths += [str(p) for p in hub.course_dir.rglob("*") if p.is_file()]
    return paths


def _own_paths(hub: ClassHub, student) -> list[str]:
    """What the same student must be able to read, so that a probe which cannot read anything fails."""
    return [
        str(student.home / NOTEBOOK),
        *(str(p) for p in (student.home / COURSE_ID / QUIZ / "feedback").rglob("*.html")),
        str(hub.exchange / COURSE_ID / "outbound" / QUIZ / f"{QUIZ}.ipynb"),
    ]


def _probe(hub: ClassHub, student) -> dict:
    from urllib.parse import parse_qs, urlparse

    url = urlparse(hub.database_url or "")
    spec = {
        "paths": _private_paths(hub, student) + _own_paths(hub, student),
        "socket_dir": parse_qs(url.query)["host"][0], "dbname": url.path.lstrip("/"), "db_users": [hub.grader.name, student.name],
    }
    write_text(hub, student, "probe.py", PROBE.read_text())
    write_text(hub, student, "probe.json", json.dumps(spec))
    term = Terminal(hub.url + f"/user/{student.name}/", student.token)
    try:
        _, text = term.run("python probe.py probe.json")
    finally:
        term.close()
    line = next(ln for ln in text.splitlines() if ln.startswith("PROBE "))
    return {"results": json.loads(line[len("PROBE "):]), "private": _private_paths(hub, student), "own": _own_paths(hub, student)}


def test_the_instructor_releases_from_the_course_service(semester: dict, class_hub: ClassHub) -> None:
    _, text = semester["release"]
    assert f"Course folder: {class_hub.course_dir} (from NMT_COURSE_DIR)" in text
    assert f"Released {QUIZ} to the exchange in {class_hub.exchange}" in text
    released = class_hub.exchange / COURSE_ID / "outbound" / QUIZ / f"{QUIZ}.ipynb"
    assert released.is_file() and stat.S_IMODE(released.stat().st_mode) == 0o644


def test_students_see_only_the_assignments_tab(semester: dict) -> None:
    assert semester["browser"]["menu"] == ["Assignment List"]  # no Formgrader, no Courses
    assert semester["browser"]["submitted"]


def test_students_pages_still_cannot_be_framed(semester: dict) -> None:
    assert semester["browser"]["framed"] == "blocked"


def test_formgrader_renders_inside_jupyterlab(class_hub: ClassHub, browser) -> None:
    """nbgrader issue 1870: on JupyterHub 4.1 and later formgrader's tab stays blank unless its pages may be framed."""
    teacher = class_hub.instructors[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{class_hub.url}/hub/login?next=/services/{COURSE_ID}/lab")
        page.fill("#username_input", teacher.name)
        page.fill("#password_input", teacher.password)
        page.click("#login_submit")
        page.wait_for_url(f"**/services/{COURSE_ID}/lab**")
        page.wait_for_selector("#jp-main-dock-panel")
        page.get_by_role("menuitem", name="Nbgrader").click()
        items = [t.strip() for t in page.locator(".lm-Menu-itemLabel").all_inner_texts() if t.strip()]
        page.locator(".lm-Menu-itemLabel").get_by_text("Formgrader", exact=True).click()
        inside = page.frame_locator(".jp-MainAreaWidget iframe").first
        inside.get_by_text("Manage Assignments").first.wait_for()
        inside.get_by_text(QUIZ).first.wait_for()
        screenshot(page, "formgrader-in-jupyterlab")
    finally:
        context.close()
    assert "Formgrader" in items and "Assignment List" not in items  # the course service: grading tools only
    headers = class_hub.get(f"/services/{COURSE_ID}/formgrader", token=teacher.token).headers
    assert headers["Content-Security-Policy"].startswith("frame-ancestors 'self'")


def test_each_submission_is_private_to_its_student_and_the_graders(semester: dict, class_hub: ClassHub) -> None:
    import grp

    grader_group = grp.getgrnam(class_hub.grader.name).gr_gid
    owners = {}
    for folder in semester["inbound"]:
        info = folder.stat()
        owners[folder.name.split("+")[0]] = info.st_uid
        assert stat.S_IMODE(info.st_mode) == 0o770 and info.st_gid == grader_group, folder
        files = [item for item in folder.rglob("*")]
        assert {p.name for p in files} >= {f"{QUIZ}.ipynb", "timestamp.txt", "submission_secret.txt"}
        for item in files:
            mode = stat.S_IMODE(item.stat().st_mode)
            assert mode == (0o750 if item.is_dir() else 0o640) and item.stat().st_gid == grader_group, item
    assert owners == {s.name: s.uid for s in class_hub.students}


def test_collected_and_graded_with_nmt_course(semester: dict, class_hub: ClassHub, postgres) -> None:
    _, collected = semester["collect"]
    assert "Not collected" not in collected
    for student in class_hub.students:
        assert (class_hub.course_dir / "submitted" / student.name / QUIZ / f"{QUIZ}.ipynb").is_file()
    _, graded = semester["grade"]
    assert "Gradebook: postgresql+psycopg://" in graded
    assert f"Graded 3 of 3 submissions of {QUIZ} without running student code." in graded
    rows = postgres.sql(
        "SELECT sa.student_id, sum(g.auto_score) FROM grade g JOIN submitted_notebook sn ON sn.id = g.notebook_id "
        "JOIN submitted_assignment sa ON sa.id = sn.assignment_id GROUP BY sa.student_id",
        database=f"hub_{class_hub.run_id}",
    )
    expected = _expected_scores()
    assert {s: float(v or 0) for s, v in rows} == {s.name: expected[n] for n, s in enumerate(class_hub.students)}
    assert not (class_hub.course_dir / "gradebook.db").exists()  # the gradebook is the PostgreSQL one


def test_each_student_fetches_their_own_feedback(semester: dict, class_hub: ClassHub) -> None:
    pages = semester["feedback_pages"]
    written = {n: a.get(WRITTEN_CELL) for n, a in _answers().items()}
    for n, student in enumerate(class_hub.students):
        page = pages[student.name]
        assert f"<title>{QUIZ_TITLE}: your feedback</title>" in page  # the page names the quiz as the student knows it
        for m, text in written.items():
            if text:
                assert (text in page) == (m == n), (student.name, m)  # their own written answer, nobody else's


def test_students_cannot_read_what_is_not_theirs(semester: dict) -> None:
    for student, probe in semester["probes"].items():
        results = probe["results"]
        readable = {p: results[p] for p in probe["private"] if not results[p].startswith("denied")}
        assert not readable, f"{student} could reach: {readable}"
        assert all(results[p] in ("read", "listed") for p in probe["own"]), {p: results[p] for p in probe["own"]}
        assert len(probe["own"]) == 3  # their notebook, their feedback, the released quiz
        db = {k: v for k, v in results.items() if k.startswith("postgresql")}
        assert db and all(v.startswith("denied") for v in db.values()), db


def test_homes_were_made_private(class_hub: ClassHub) -> None:
    # useradd here makes homes 0755; the hub made each one its owner's alone when the server started
    for account in [class_hub.grader, *class_hub.students]:
        assert stat.S_IMODE(os.stat(account.home).st_mode) & 0o077 == 0, account.name
