"""Course notebooks in a real JupyterLab, run in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import ROOT, Server

NOTEBOOKS = sorted(p.relative_to(ROOT / "notebooks").as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


ALL_RAN = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
ANY_RAN = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].some(p => /\\[(\\d+|\\*)\\]/.test(p.textContent))"""


def _run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()


def _start_run(page, *, tries: int) -> None:
    """Run All, asking again while the kernel is still settling (a request sent too early is lost)."""
    for attempt in range(tries):
        _run_all(page)
        try:
            page.wait_for_function(ANY_RAN, timeout=30_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def accept_kernel_choice(page) -> None:
    """Notebook 7 asks which kernel to use when the notebook already has a session (an earlier test ran it): take Python 3."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return
    dialog.get_by_role("button", name="Select", exact=True).click()
    dialog.wait_for(state="detached", timeout=30_000)


def open_and_run_all(page, lab: Server, notebook: str) -> None:
    page.goto(lab.url(f"/lab/tree/{notebook}?reset"))  # a fresh workspace: only this notebook open
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    # the kernel must be connected before "Run All", or the request is dropped
    page.wait_for_function("() => document.body.innerText.includes('| Idle')", timeout=120_000)
    _start_run(page, tries=2)
    # every code cell gets an execution count once it has run
    page.wait_for_function(ALL_RAN, timeout=180_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached", timeout=120_000)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_notebook_runs_clean_with_widgets_rendered(page, lab: Server, notebook: str) -> None:
    open_and_run_all(page, lab, notebook)
    assert page.locator(STDERR).count() == 0, page.locator(STDERR).all_text_contents()
    assert page.locator(".jp-OutputArea-output", has_text="Traceback").count() == 0
    widget_outputs = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')
    for i in range(widget_outputs.count()):
        out = widget_outputs.nth(i)
        out.locator(".jupyter-widgets").first.wait_for(timeout=60_000)
        assert "Error displaying widget" not in out.inner_text()
    plots = page.locator(".js-plotly-plot")
    for fig in plots.all():
        assert fig.is_visible()
    # accessibility: every figure in the page has a text description beside it
    assert page.locator(".nmt-figure-description").count() >= plots.count()


def test_welcome_notebook_shows_a_card_and_a_widget(page, lab: Server) -> None:
    open_and_run_all(page, lab, "00-welcome.ipynb")
    assert page.locator(".jp-OutputArea-output", has_text="Refers pain mainly to").count() >= 1
    assert page.locator(".jp-OutputArea-output", has_text="Did you mean").count() == 1  # the typo cell
    lookup = page.locator(".nmt-muscle-lookup")
    lookup.locator("input").fill("Soleus")
    lookup.locator("input").press("Enter")
    page.wait_for_function("() => document.querySelector('.nmt-muscle-lookup').innerText.includes('heel')")


def test_explorer_choose_a_muscle_and_the_plot_shows_it(page, lab: Server) -> None:
    open_and_run_all(page, lab, "apps/explorer.ipynb")
    explorer = page.locator(".nmt-muscle-explorer")
    explorer.locator(".widget-select select").select_option(label="Soleus")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nmt-muscle-explorer .legendtext')].some(t => t.textContent.replace(/\u00a0/g, ' ') === 'Soleus: muscle')",
        timeout=60_000,
    )
    assert "Soleus" in explorer.locator(".nmt-card h3").inner_text()
    assert "What the map shows" in explorer.locator(".nmt-figure-description").inner_text()


def _scratch_notebook(lab: Server, name: str, *sources: str) -> str:
    """A notebook written into the server's (temporary) folder for one test."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name}-{i}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(lab.root / f"{name}.ipynb"))
    return f"{name}.ipynb"


def test_sequencer_add_and_reorder_gives_feedback(page, lab: Server) -> None:
    name = _scratch_notebook(lab, "sequencer-check", "from nmt_course.widgets import SessionSequencer\nSessionSequencer()")
    open_and_run_all(page, lab, name)
    seq = page.locator(".nmt-sequencer")
    for step in ("Intake and health history", "Contraindication screening"):
        seq.locator(".widget-dropdown select").first.select_option(label=step)
        seq.get_by_role("button", name="Add").click()
        page.wait_for_function(f"() => document.querySelector('.nmt-sequencer').innerText.includes({step!r})")
    text = seq.inner_text()
    assert "1. Intake and health history" in text and "2. Contraindication screening" in text
    page.wait_for_function("() => document.querySelectorAll('.nmt-sequencer button[title^=\"Move step 2 up\"]').length === 1")
    seq.locator('button[title="Move step 2 up"]').click()  # move screening above intake
    page.wait_for_function(
        "() => { const t = document.querySelector('.nmt-sequencer').innerText;"
        " return t.indexOf('1. Contraindication screening') >= 0; }"
    )
    feedback = seq.inner_text()
    assert "Error" in feedback or "Warning" in feedback  # screening before the health history is flagged


def test_graded_quiz_check_format_message(page, lab: Server, tmp_path: Path) -> None:
    """The released quiz (made by the real nbgrader), answered in the browser, checked with check_format()."""
    import os
    import shutil
    import subprocess
    import sys

    from nmt_course.quiz.commands import COURSE_DIR

    course = tmp_path / "course"
    shutil.copytree(COURSE_DIR / "source" / "session-flow", course / "source" / "session-flow")
    shutil.copy(COURSE_DIR / "nbgrader_config.py", course / "nbgrader_config.py")
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]), NMT_COURSE_EXCHANGE=str(tmp_path / "x"))
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "session-flow", "--force"], cwd=course, env=env, check=True, capture_output=True)
    target = lab.root / "quiz-check"
    target.mkdir(exist_ok=True)
    shutil.copy(course / "release" / "session-flow" / "session-flow.ipynb", target / "session-flow.ipynb")
    page.goto(lab.url("/lab/tree/quiz-check/session-flow.ipynb?reset"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_function("() => document.body.innerText.includes('| Idle')", timeout=120_000)
    # type an answer into the first answer cell, as a student would
    first = page.locator(".jp-CodeCell").filter(has_text="q01 = None").first
    first.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type('q01 = "maybe"')
    _start_run(page, tries=3)
    page.wait_for_function("() => document.body.innerText.includes('to fix before you submit')", timeout=180_000)
    report = page.locator(".jp-OutputArea-output", has_text="to fix before you submit").inner_text()
    assert "✖ q01: Not a valid answer" in report and "Write your answer like this" in report
    assert "says nothing about which answers are right" in report


def test_explorer_in_notebook_7(page, lab: Server) -> None:
    """The same server also serves the classic-style Notebook 7 interface."""
    page.goto(lab.url("/notebooks/apps/explorer.ipynb"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    accept_kernel_choice(page)
    _start_run(page, tries=4)  # Notebook 7 shows no kernel status to wait for
    page.wait_for_function(ALL_RAN, timeout=180_000)
    explorer = page.locator(".nmt-muscle-explorer")
    explorer.locator(".widget-select select").select_option(label="Masseter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nmt-muscle-explorer .legendtext')].some(t => t.textContent.replace(/\\u00a0/g, ' ') === 'Masseter: muscle')",
        timeout=60_000,
    )
    assert "What the map shows" in explorer.locator(".nmt-figure-description").inner_text()
