"""Two instructors grade at once on the PostgreSQL gradebook, and nothing is lost or overwritten.

Instructor A runs ``nmt-course grade`` again for a whole class (late
hand-ins came in) from a terminal in the course service; while it runs,
instructor B marks every written answer in formgrader: the first in
formgrader's page in Chromium, the rest through the API that page uses.
Afterwards every mark B gave is in the gradebook, every automatic score is
what the answers earn, and grading a third time keeps the marks.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from nmt_course import quiz

from .conftest import MARKING, QUESTIONS, note_timing, screenshot
from .hubctl import ClassHub
from .people import formgrader
from .terminal import Terminal

pytestmark = pytest.mark.slow

CLASS_SIZE = 60
WRITTEN = QUESTIONS[3]


def _hand_ins(hub: ClassHub) -> dict[str, float]:
    """A class's collected submissions (as ``nbgrader collect`` leaves them); what each earns automatically."""
    bank = quiz.load_bank()
    released = json.loads((hub.course_dir / "release" / MARKING / f"{MARKING}.ipynb").read_text())
    first = bank[QUESTIONS[0]]
    earned = {}
    for n in range(CLASS_SIZE):
        student = f"m{n:03d}"
        nb = json.loads(json.dumps(released))
        cells = {c["id"]: c for c in nb["cells"]}
        if n % 2 == 0:  # half the class gets the first question right
            cells[f"{QUESTIONS[0]}-a"]["source"] = f"q01 = {first.answer!r}"
        cells[WRITTEN]["source"] = f"Written answer of {student}: the spinal accessory nerve."
        folder = hub.course_dir / "submitted" / student / MARKING
        folder.mkdir(parents=True)
        (folder / f"{MARKING}.ipynb").write_text(json.dumps(nb))
        (folder / "timestamp.txt").write_text("2026-03-01 09:30:00.000000 UTC")
        earned[student] = float(first.points if n % 2 == 0 else 0)
    subprocess.run(["chown", "-R", f"{hub.grader.name}:{hub.grader.name}", str(hub.course_dir / "submitted")], check=True)
    return earned


def _gradebook(postgres, hub: ClassHub) -> dict[str, dict[str, tuple]]:
    rows = postgres.sql(
        "SELECT sa.student_id, c.name, g.auto_score, g.manual_score FROM grade g JOIN base_cell c ON c.id = g.cell_id "
        "JOIN submitted_notebook sn ON sn.id = g.notebook_id JOIN submitted_assignment sa ON sa.id = sn.assignment_id "
        f"JOIN assignment a ON a.id = sa.assignment_id WHERE a.name = '{MARKING}'",
        database=f"hub_{hub.run_id}",
    )
    out: dict[str, dict[str, tuple]] = {}
    for student, cell, auto, manual in rows:
        out.setdefault(student, {})[cell] = (auto, manual)
    return out


def _login(browser, hub: ClassHub, who):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", who.name)
    page.fill("#password_input", who.password)
    page.click("#login_submit")
    page.wait_for_load_state()
    return context, page


def test_two_instructors_grade_at_once(class_hub: ClassHub, browser, postgres) -> None:
    hub = class_hub
    a, b = hub.instructors
    service = hub.url + hub.service_ready(a)
    term = Terminal(service, a.token)
    context = None
    try:
        term.run(f"nmt-course quiz release {MARKING}")
        earned = _hand_ins(hub)
        term.run(f"nmt-course grade {MARKING}")  # the first grading: every written answer now waits for a mark
        # instructor B's side: the class in formgrader, each written answer's grade
        submissions = formgrader(hub, b, "GET", f"submitted_notebooks/{MARKING}/{MARKING}")
        assert len(submissions) == CLASS_SIZE
        grade_of = {}
        for sub in submissions:
            grades = formgrader(hub, b, "GET", "grades", params={"submission_id": sub["id"]})
            grade_of[sub["student"]] = (sub["id"], next(g["id"] for g in grades if g["name"] == WRITTEN))
        max_points = quiz.load_bank()[WRITTEN].points
        marks = {s: float(1 + n % int(max_points)) for n, s in enumerate(sorted(grade_of))}
        context, page = _login(browser, hub, b)
        first = sorted(grade_of)[0]
        page.goto(f"{service}formgrader/submissions/{grade_of[first][0]}/")
        score = page.locator(f"input.score[id='{WRITTEN}']")
        score.wait_for()
        # A grades the whole class again; B marks while it runs
        marker = term.start(f"nmt-course grade {MARKING} --workers 2")
        progress = re.compile(rf"\] (\d+)/{CLASS_SIZE} ")
        term_seen = ""
        while not progress.search(term_seen):
            term_seen = term.output_so_far()
        seen_at_mark = []
        with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT") as saved:
            score.fill(str(int(marks[first])))
            score.press("Tab")  # formgrader saves when the field changes
        assert saved.value.ok, saved.value.status
        screenshot(page, "formgrader-manual-mark")
        seen_at_mark.append(len(progress.findall(term.output_so_far())))
        for student in sorted(grade_of)[1:]:
            formgrader(hub, b, "PUT", f"grade/{grade_of[student][1]}", json={"manual_score": marks[student], "extra_credit": None})
            seen_at_mark.append(len(progress.findall(term.output_so_far())))
        code, text = term.wait(marker, timeout=600)
        assert code == 0, text[-3000:]
        assert f"Graded {CLASS_SIZE} of {CLASS_SIZE} submissions of {MARKING}" in text
        during = [n for n in seen_at_mark if n < CLASS_SIZE]
        note_timing(f"two graders: {len(during)} of {len(seen_at_mark)} marks saved while nmt-course grade was running", 0)
        assert during, f"every mark came after grading had finished ({seen_at_mark}): nothing was tested at the same time"
        book = _gradebook(postgres, hub)
        assert {s: cells[WRITTEN][1] for s, cells in book.items()} == marks  # every one of B's marks is kept
        autos = {s: sum(v[0] or 0 for c, v in cells.items() if c != WRITTEN) for s, cells in book.items()}
        assert autos == earned  # and every automatic score is what the answers earn
        # grading once more, alone, keeps every mark (nbgrader only flags them for review)
        term.run(f"nmt-course grade {MARKING}")
        assert {s: cells[WRITTEN][1] for s, cells in _gradebook(postgres, hub).items()} == marks
    finally:
        term.close()
        if context is not None:
            context.close()
