"""Answer forms in real JupyterLab and Notebook 7: a released quiz answered by mouse and by keyboard only.

Each test fetches its own student copy of a quiz with every question type
(generated and released by the real nbgrader CLI), answers it in Chromium,
saves, and checks the saved answer cells hold the right literals; the
answering tests then submit it and grade it with ``nmt-course grade`` and with
``nbgrader autograde``: both give full marks. Screenshots of every form, at
1280 and 390 px, go to ``test-output/browser/forms/``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nmt_course import quiz

from .conftest import SHOTS, Server
from .quizforms import (
    QUESTIONS,
    TYPED,
    WRITTEN_ANSWER,
    Course,
    fetch,
    keys,
    make_course,
    nbgrader,
    scores,
    submit_and_collect,
    wait_saved,
)
from .test_lab import ALL_RAN, STDERR, _start_run

UIS = {"lab": "/lab/tree/{path}?reset", "notebook7": "/notebooks/{path}"}
FORMS = SHOTS / "forms"
ACTIVE_CELL = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
FOCUSED = ("() => { const e = document.activeElement; if (!e) return '';"
           " return (e.labels && e.labels[0] && e.labels[0].innerText) || e.getAttribute('aria-label') || e.innerText || e.tagName; }")


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return make_course(tmp_path_factory.mktemp("forms-course"))


def _open(page, lab: Server, rel: str, ui: str) -> None:
    page.goto(lab.url(UIS[ui].format(path=rel)))
    page.wait_for_function("() => document.querySelectorAll('.nmt-answer-form').length === 7", timeout=120_000)
    if ui == "lab":
        page.wait_for_function("() => document.body.innerText.includes('| Idle')", timeout=120_000)
    _start_run(page, tries=4)  # the set-up cell installs the typed-mistake guard
    page.wait_for_function(ALL_RAN, timeout=180_000)


def _student(course: Course, lab: Server, name: str) -> tuple[Path, str]:
    home = lab.root / "students" / name
    path = fetch(course, home, name)
    return path, path.relative_to(lab.root).as_posix()


def _form(page, n: int):
    return page.locator(".nmt-answer-form").nth(n - 1)


def _options(qid: str) -> dict[str, str]:
    return {o.id: o.text for o in quiz.load_bank()[qid].options}


def _answer_by_clicking(page, key: dict) -> None:
    bank = quiz.load_bank()
    opts = _options(QUESTIONS[0])
    _form(page, 1).get_by_role("radio", name=opts[key["q01"]]).click()  # the accessible name holds the option's text
    opts = _options(QUESTIONS[1])
    for letter in key["q02"]:
        _form(page, 2).get_by_role("checkbox", name=opts[letter]).check()
    opts, order = _options(QUESTIONS[2]), list(_options(QUESTIONS[2]))
    for target, letter in enumerate(key["q03"]):
        for _ in range(order.index(letter) - target):
            _form(page, 3).get_by_role("button", name=f"Move up: {opts[letter]}").click()
        order.remove(letter)
        order.insert(target, letter)
    matching = bank[QUESTIONS[3]]
    for o in matching.options:
        _form(page, 4).get_by_role("combobox", name=o.text).select_option(value=key["q04"][o.id])
    _form(page, 5).get_by_role("spinbutton", name="Your number").fill(str(key["q05"]))
    _form(page, 6).get_by_role("searchbox", name="Find a body region").fill("iliac")
    _form(page, 6).get_by_role("group", name="Body regions").get_by_role("radio", name=key["q06"]).check()
    _form(page, 7).get_by_role("textbox", name="Your written answer").fill(WRITTEN_ANSWER)


def _tab_to(page, text: str, *, limit: int = 40) -> None:
    """Press Tab until the focused element's name contains ``text``."""
    for _ in range(limit):
        if text in page.evaluate(FOCUSED):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {text!r}; focus is on {page.evaluate(FOCUSED)!r}")


def _into_form(page, n: int) -> None:
    """From command mode, walk the cells with ↓ to the one holding form n, then Tab into the form."""
    page.keyboard.press("Escape")
    for _ in range(60):
        if page.evaluate(f"() => !!document.querySelector('.jp-Cell.jp-mod-active .nmt-answer-form[aria-labelledby]') && "
                         f"document.querySelector('.jp-Cell.jp-mod-active .nmt-af-title').textContent.endsWith(' {n}')"):
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError(f"the arrow keys never reached form {n}")
    page.keyboard.press("Tab")


def _press_in_form(page, key: str, times: int = 1) -> None:
    """Keys inside a form change the answer, never the notebook's active cell."""
    before = page.evaluate(ACTIVE_CELL)
    for _ in range(times):
        page.keyboard.press(key)
    assert page.evaluate(ACTIVE_CELL) == before, f"{key} moved the notebook to another cell"


def _answer_by_keyboard(page, key: dict) -> None:
    bank = quiz.load_bank()
    page.locator(".jp-Notebook .jp-Cell").first.click()  # the one click: put the page's focus on the notebook
    _into_form(page, 1)  # single: ↓ moves the radio choice
    letters = list(_options(QUESTIONS[0]))
    _press_in_form(page, "Space")
    _press_in_form(page, "ArrowDown", letters.index(key["q01"]))
    _into_form(page, 2)  # multiple: Space ticks, Tab moves on
    opts = _options(QUESTIONS[1])
    for letter in key["q02"]:
        _tab_to(page, opts[letter])
        _press_in_form(page, "Space")
    _into_form(page, 3)  # ordering: Alt + ↑ moves the focused item
    opts, order = _options(QUESTIONS[2]), list(_options(QUESTIONS[2]))
    for target, letter in enumerate(key["q03"]):  # the focus stays on a moved item; the next one is below it
        _tab_to(page, f": {letter}. {opts[letter]}")
        _press_in_form(page, "Alt+ArrowUp", order.index(letter) - target)
        order.remove(letter)
        order.insert(target, letter)
    _into_form(page, 4)  # matching: ↓ on a drop-down picks the next choice
    for o in bank[QUESTIONS[3]].options:
        _tab_to(page, o.text)
        _press_in_form(page, "ArrowDown", int(key["q04"][o.id]))
    _into_form(page, 5)  # numeric: type the number
    page.keyboard.type(str(key["q05"]))
    _into_form(page, 6)  # hotspot: type to search, ↓ into the list, ↓ to the region
    page.keyboard.type("pelvis")
    matches = page.evaluate("() => [...document.querySelectorAll('.nmt-answer-form')[5].querySelectorAll('.nmt-af-region:not([hidden]) input')].map(i => i.value)")
    _press_in_form(page, "ArrowDown", 1 + matches.index(key["q06"]))
    _into_form(page, 7)  # written: type
    page.keyboard.type(WRITTEN_ANSWER)


def _shots(page, ui: str, width: int, tag: str) -> list[Path]:
    FORMS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    if ui == "lab" and width < 600:  # on a phone the file browser would fill the screen: close it
        current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()
    page.wait_for_timeout(500)
    kinds = [quiz.load_bank()[q].type for q in QUESTIONS]
    out = []
    for n, kind in enumerate(kinds, start=1):
        form = _form(page, n)
        form.scroll_into_view_if_needed()
        box = form.bounding_box()
        assert box is not None and box["width"] <= width, f"form {n} is wider than the screen"
        path = FORMS / f"{ui}-{width}-{tag}-q{n:02d}-{kind}.png"
        form.screenshot(path=str(path))
        out.append(path)
    return out


def _grade_both(course: Course, student: str, tmp: Path) -> tuple[dict, dict]:
    """The same collected submission graded by `nmt-course grade` and by `nbgrader autograde`."""
    static, kernel = tmp / "static", tmp / "kernel"
    shutil.copytree(course.dir, static)
    shutil.copytree(course.dir, kernel)
    done = subprocess.run([sys.executable, "-m", "nmt_course", "grade", "quiz1", "--course-dir", str(static), "--student", student],
                          capture_output=True, text=True, env=course.env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    nbgrader(["autograde", "quiz1", "--force", f"--student={student}"], kernel, course.env)
    return scores(static, student), scores(kernel, student)


@pytest.mark.parametrize("how", ["click", "keyboard"])
@pytest.mark.parametrize("ui", list(UIS))
def test_every_type_answered_in_the_form_saves_literals_and_grades_full_marks(page, lab: Server, course: Course, tmp_path: Path,
                                                                             ui: str, how: str) -> None:
    student = f"{ui}-{how}"
    path, rel = _student(course, lab, student)
    _open(page, lab, rel, ui)
    key = keys()
    (_answer_by_clicking if how == "click" else _answer_by_keyboard)(page, key)
    page.wait_for_timeout(300)
    for n, var in enumerate(TYPED, start=1):  # every form says what it wrote
        assert "Written into the answer cell" in _form(page, n).locator(".nmt-af-status").text_content(), var
    page.keyboard.press("Control+s")
    saved = wait_saved(path, {**key, "written": WRITTEN_ANSWER})
    assert {k: saved.get(k) for k in [*TYPED, "written"]} == {**key, "written": WRITTEN_ANSWER}
    if how == "click":
        for width in (1280, 390):
            _shots(page, ui, width, "answered")
    assert page.locator(STDERR).count() == 0
    submit_and_collect(course, path.parent.parent, student)
    static, kernel = _grade_both(course, student, tmp_path)
    full = {var: quiz.load_bank()[qid].points for var, qid in zip(TYPED, QUESTIONS, strict=False)}
    assert static == full and kernel == full


@pytest.mark.parametrize("ui", list(UIS))
def test_blank_forms_look_right_at_both_widths(page, lab: Server, course: Course, ui: str) -> None:
    _, rel = _student(course, lab, f"{ui}-blank")
    _open(page, lab, rel, ui)
    for width in (1280, 390):
        shots = _shots(page, ui, width, "blank")
        assert all(p.stat().st_size > 2000 for p in shots)
    assert "Not answered yet." in _form(page, 1).text_content()


@pytest.mark.parametrize("ui", list(UIS))
def test_a_typed_mistake_shows_one_line_and_run_all_reaches_check_my_answers(page, lab: Server, course: Course, ui: str) -> None:
    _path, rel = _student(course, lab, f"{ui}-typed")
    _open(page, lab, rel, ui)
    cell = page.locator(".jp-CodeCell.nmt-answer-cell").first
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("q01 = b")
    status = _form(page, 1).locator(".nmt-af-status")
    page.wait_for_function("() => document.querySelector('.nmt-answer-form').dataset.state === 'unreadable'")
    assert "cannot show" in status.inner_text() and "q01 = b" in status.inner_text()
    _start_run(page, tries=2)
    page.wait_for_function("() => document.body.innerText.includes('to fix before you submit')", timeout=180_000)
    assert cell.locator(".jp-OutputArea-output").inner_text().strip() == '⚠️ Put the letter in quotes: q01 = "b"'
    report = page.locator(".jp-OutputArea-output", has_text="to fix before you submit").inner_text()
    assert '✖ q01: not a valid answer: put the letter in quotes, like this: q01 = "b"' in report
    assert "has not been run" not in report
    assert page.locator(".jp-OutputArea-output", has_text="Traceback").count() == 0 and page.locator(STDERR).count() == 0
    # the student fixes it by typing; the form follows what was typed
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type('q01 = "b"')
    page.wait_for_function("() => document.querySelector('.nmt-answer-form input[value=\"B\"]').checked")
    assert "Written into the answer cell" in status.inner_text()


@pytest.mark.parametrize("ui", list(UIS))
def test_arrow_keys_in_ipywidgets_change_the_widget_not_the_cell(page, lab: Server, ui: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (
        "import ipywidgets as w\nradio = w.RadioButtons(options=['one', 'two', 'three'])\nradio",
        "pick = w.Select(options=['soleus', 'scalenes', 'masseter'])\npick",
        "print('after')",
    )]
    for i, c in enumerate(nb.cells):
        c["id"] = f"keys-{ui}-{i}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(lab.root / f"keys-{ui}.ipynb"))
    page.goto(lab.url(UIS[ui].format(path=f"keys-{ui}.ipynb")))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    if ui == "lab":
        page.wait_for_function("() => document.body.innerText.includes('| Idle')", timeout=120_000)
    _start_run(page, tries=4)
    page.wait_for_function(ALL_RAN, timeout=180_000)
    radios = page.locator(".widget-radio-box input[type=radio]")
    radios.first.click()
    before = page.evaluate(ACTIVE_CELL)
    page.keyboard.press("ArrowDown")
    assert radios.nth(1).is_checked() and page.evaluate(ACTIVE_CELL) == before
    select = page.locator(".widget-select select")
    select.focus()
    select.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE_CELL) == before + 1 or page.evaluate(ACTIVE_CELL) == before  # focusing the list may select its cell
    assert select.evaluate("s => s.value") in {"scalenes", "masseter"}
    at = page.evaluate(ACTIVE_CELL)
    for key in ("ArrowUp", "ArrowDown", "b", "d"):  # "b" would insert a cell, "d d" delete one, in command mode
        page.keyboard.press(key)
    assert page.evaluate(ACTIVE_CELL) == at and page.locator(".jp-Notebook .jp-Cell").count() == 3
    outline = radios.first.evaluate("e => { e.focus(); return getComputedStyle(e).outlineStyle; }")
    assert outline != "none"  # a focused control shows its focus ring
