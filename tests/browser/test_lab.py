"""Course notebooks in a real JupyterLab, run in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, Server

NOTEBOOKS = sorted(p.relative_to(ROOT / "notebooks").as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def open_and_run_all(page, lab: Server, notebook: str) -> None:
    page.goto(lab.url(f"/lab/tree/{notebook}?reset"))  # a fresh workspace: only this notebook open
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    # every code cell gets an execution count once it has run
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=180_000,
    )
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
    for fig in page.locator(".js-plotly-plot").all():
        assert fig.is_visible()


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
        "() => [...document.querySelectorAll('.nmt-muscle-explorer .legendtext')].some(t => t.textContent.replace(/\u00a0/g, ' ').includes('Soleus: trigger point (X)'))",
        timeout=60_000,
    )
    assert "Soleus" in explorer.locator(".nmt-card h3").inner_text()
    assert "What the map shows" in explorer.locator(".nmt-figure-description").inner_text()
