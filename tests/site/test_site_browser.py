"""The built site in Chromium, with every request to another host refused and counted.

A student's day in the site: open the trigger point chapter, wait for Python
(the note says so), run it, see the body map and the where-does-it-hurt app,
answer a quick check; practise, reload the page, and find the progress kept.
"""

# ruff: noqa: F811  (the fixtures are imported from site_fixtures by name: see its docstring)

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lite_page import (
    NOTES_LOG,
    answer_first_question,
    errors,
    mark_cell,
    notes_seen,
    open_notebook,
    outputs,
    practice_counts,
    practice_status,
    run_all,
    run_cell,
    scroll_to,
    wait_for_python,
)
from site_fixtures import ROOT, Gate, Served, built_site, gate, open_context, shot, site_browser, site_server  # noqa: F401

pytestmark = pytest.mark.slow

CHAPTER = "03-trigger-points-and-referred-pain.ipynb"


@pytest.fixture
def context(site_browser, site_server: Served, gate: Gate) -> Iterator:
    ctx = open_context(site_browser, site_server, gate)
    ctx.add_init_script(NOTES_LOG)
    try:
        yield ctx
    finally:
        ctx.close()


def test_trigger_point_chapter_runs_with_its_map_widget_and_quick_check(context, site_server: Served, gate: Gate) -> None:
    page = context.new_page()
    open_notebook(page, site_server.base, CHAPTER)
    seconds = wait_for_python(page)
    notes = notes_seen(page)
    shot(page, "chapter-03-python-ready")
    assert any("Starting Python in your browser" in n and "the first time" in n for n in notes), notes
    assert any("Python is ready" in n for n in notes), notes
    assert seconds > 0

    run_all(page)
    cells = outputs(page)
    assert errors(cells) == []

    # the body map: plotly's figure drawn from its MIME bundle, with its text description
    index = scroll_to(page, 'body_map(muscles=["upper-trapezius"]')
    cell = mark_cell(page, index, "map")
    page.wait_for_selector(f"{cell} .js-plotly-plot .scatterlayer .trace", state="attached")
    assert page.locator(f"{cell} .nmt-figure-description").inner_text().startswith("What the figure shows:")
    assert "Upper trapezius" in page.locator(f"{cell} .nmt-figure-description").inner_text()
    shot(page, "chapter-03-body-map")

    # where does it hurt: an ipywidgets app whose map is a plotly FigureWidget
    index = scroll_to(page, "WhereDoesItHurt()")
    cell = mark_cell(page, index, "app")
    page.wait_for_selector(f"{cell} select", state="visible")
    assert page.locator(f"{cell} select").first.input_value().lower() == "temple"
    page.wait_for_selector(f"{cell} .js-plotly-plot .scatterlayer .trace", state="attached", timeout=180_000)
    assert "Temporalis" in page.locator(cell).inner_text()
    page.locator(f"{cell} .js-plotly-plot").scroll_into_view_if_needed()
    shot(page, "chapter-03-where-does-it-hurt")

    # a quick check: choose the right answer, press Check, read the feedback
    index = scroll_to(page, 'quick_check("tp-definition"')
    cell = mark_cell(page, index, "quick")
    card = page.locator(f"{cell} .nmt-question").first
    card.get_by_text("hyperirritable spot", exact=False).first.click()
    card.get_by_role("button", name="Check").click()
    page.wait_for_function(f"() => document.querySelector('{cell} .nmt-question').innerText.includes('Correct')")
    shot(page, "chapter-03-quick-check")
    assert gate.attempts == []


def test_practice_progress_is_kept_across_a_reload(context, site_server: Served, gate: Gate) -> None:
    page = context.new_page()
    open_notebook(page, site_server.base, "practice.ipynb", app="notebooks")
    wait_for_python(page)
    run_cell(page, "Practice()")
    cell = mark_cell(page, scroll_to(page, "Practice()"), "practice")
    page.wait_for_selector(f"{cell} .nmt-practice .nmt-question")
    before = practice_counts(page, cell)
    assert "new:" in before, before
    answer_first_question(page, f"{cell} .nmt-practice .nmt-question")
    page.wait_for_function(f"() => /Correct|Partly right|Not right/.test(document.querySelector('{cell} .nmt-practice').innerText)")
    page.wait_for_function("([cell, line]) => !document.querySelector(cell + ' .nmt-practice').innerText.includes(line)",
                           arg=[cell, practice_status(before)])  # the counts move once the answer is saved
    after = practice_counts(page, cell)
    shot(page, "practice-answered")
    saved = page.evaluate("async () => { const m = await window.jupyterapp.serviceManager.contents.get("
                          "'my-progress/practice.sqlite', {content: true}); return [m.format, atob(m.content).slice(0, 15)]; }")
    assert saved == ["base64", "SQLite format 3"], saved  # a whole SQLite file, kept as binary in the browser

    page.reload()
    open_notebook(page, site_server.base, "practice.ipynb", app="notebooks")
    wait_for_python(page)
    run_cell(page, "Practice()")
    cell = mark_cell(page, scroll_to(page, "Practice()"), "practice")
    page.wait_for_selector(f"{cell} .nmt-practice .nmt-question")
    again = practice_counts(page, cell)
    shot(page, "practice-after-reload")
    assert practice_status(again) == practice_status(after), (after, again)
    assert practice_status(again) != practice_status(before)
    assert gate.attempts == []


PLOT_REVISION = "() => { const e = document.querySelector('.nmt-plot-view'); return e ? e.dataset.nmtRevision || null : null; }"
PLOT_LEGEND = "() => [...document.querySelectorAll('.nmt-plot-view .legendtext')].map(t => t.textContent.replace(/\\u00a0/g, ' '))"


def _choose_muscle(page, label: str) -> None:
    """Choose a muscle in the explorer's list and wait until the map is painted again."""
    before = page.evaluate(PLOT_REVISION)
    page.locator(".nmt-muscle-explorer .widget-select select").first.select_option(label=label)
    page.wait_for_function(f"(r) => {{ const v = ({PLOT_REVISION})(); return v !== null && v !== r; }}", arg=before,
                           timeout=180_000)
    assert f"{label}: muscle" in page.evaluate(PLOT_LEGEND)
    assert label in page.locator(".nmt-muscle-explorer .nmt-figure-description").inner_text()


def test_explorer_redraws_its_map_in_the_site_and_after_a_rerun(context, site_server: Served, gate: Gate) -> None:
    """In Pyodide too the map follows the choice, and running the cell again in the same kernel still draws it."""
    page = context.new_page()
    open_notebook(page, site_server.base, "apps/explorer.ipynb")
    wait_for_python(page)
    for label, run in (("Soleus", 1), ("Masseter", 2)):
        run_all(page)
        assert errors(outputs(page)) == []
        page.wait_for_selector(".nmt-muscle-explorer .nmt-plot-view .scatterlayer .trace", state="attached",
                               timeout=180_000)
        assert page.locator(".nmt-muscle-explorer").count() == 1  # the re-run replaced the first app
        _choose_muscle(page, label)
        assert page.locator(".nmt-plot-view .scatterlayer .trace").count() > 5, run  # not empty axes
        shot(page, f"explorer-run-{run}")
    assert gate.attempts == []


ALL_NOTEBOOKS = sorted(p.relative_to(ROOT / "notebooks").as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")) + [
    "practice.ipynb"]


@pytest.fixture(scope="module")
def warm_context(site_browser, site_server: Served, gate: Gate) -> Iterator:
    """One profile for many notebooks: Python is downloaded once, as for a student going through the course."""
    ctx = open_context(site_browser, site_server, gate)
    ctx.add_init_script(NOTES_LOG)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.mark.parametrize("notebook", ALL_NOTEBOOKS)
def test_every_notebook_runs_in_the_site_without_an_error(warm_context, site_server: Served, gate: Gate,
                                                           notebook: str) -> None:
    page = warm_context.new_page()
    try:
        open_notebook(page, site_server.base, notebook, app="notebooks")  # one notebook a page: no tabs restored
        wait_for_python(page)
        run_all(page)
        cells = outputs(page)
        assert errors(cells) == []
        assert all(c["outputs"] for c in cells if c["source"].strip().splitlines()[-1:] and
                   c["source"].strip().splitlines()[-1].startswith(("quick_check(", "Practice(", "MockExam(", "body_map(")))
        shot(page, "notebook-" + notebook.replace("/", "-").removesuffix(".ipynb"))
    finally:
        page.close()
    assert gate.attempts == []


@pytest.mark.parametrize(("width", "height", "app"), [(768, 1024, "notebooks"), (390, 844, "notebooks")])
def test_tablet_and_phone_widths(site_browser, site_server: Served, gate: Gate, width: int, height: int, app: str) -> None:
    ctx = open_context(site_browser, site_server, gate, width=width, height=height)
    ctx.add_init_script(NOTES_LOG)
    try:
        page = ctx.new_page()
        page.goto(site_server.base + "/index.html")
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
        shot(page, f"welcome-{width}", full_page=True)
        open_notebook(page, site_server.base, CHAPTER, app=app)
        page.wait_for_selector("#nmt-kernel-status", state="visible")
        box = page.locator("#nmt-kernel-status").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box  # the note fits the screen
        shot(page, f"chapter-03-starting-{width}")
        wait_for_python(page)
        run_all(page)
        index = scroll_to(page, 'body_map(muscles=["upper-trapezius"]')
        cell = mark_cell(page, index, "map")
        page.wait_for_selector(f"{cell} .js-plotly-plot .scatterlayer .trace", state="attached")
        plot = page.locator(f"{cell} .js-plotly-plot").bounding_box()
        shot(page, f"chapter-03-body-map-{width}")
        assert plot and plot["width"] <= width, plot
    finally:
        ctx.close()
    assert gate.attempts == []
