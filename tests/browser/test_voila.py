"""The apps served by Voila: no code showing, widgets respond, keyboard works."""

from __future__ import annotations

from .conftest import Server


def _load(page, server: Server) -> None:
    page.goto(server.url("/"), timeout=180_000)
    page.wait_for_selector(".js-plotly-plot", timeout=180_000)


def _no_code(page) -> None:
    assert page.locator(".cm-editor, .CodeMirror").count() == 0
    assert "import" not in page.locator("body").inner_text()


def test_where_it_hurts_region_updates_candidates(page, voila_factory) -> None:
    server = voila_factory("where-it-hurts")
    _load(page, server)
    _no_code(page)
    app = page.locator(".nmt-where-it-hurts")
    app.locator(".widget-dropdown select").first.select_option(label="Temple")
    candidates = app.locator(".widget-select select")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nmt-where-it-hurts .widget-select option')].some(o => o.textContent.replace(/\u00a0/g, ' ').includes('(essential zone)'))",
        timeout=60_000,
    )
    options = [o.replace("\xa0", " ") for o in candidates.locator("option").all_text_contents()]
    assert any(o.startswith("Temporalis") for o in options) and any(o.startswith("Upper trapezius") for o in options)
    assert "through their essential zone" in app.inner_text()
    assert "What the map shows" in app.locator(".nmt-figure-description").inner_text()


def test_where_it_hurts_symptom_search(page, voila_factory) -> None:
    server = voila_factory("where-it-hurts")
    _load(page, server)
    app = page.locator(".nmt-where-it-hurts")
    box = app.locator(".widget-text input").last
    box.fill("can't reach back pocket")
    box.press("Enter")
    page.wait_for_function("() => document.querySelector('.nmt-where-it-hurts').innerText.includes('Infraspinatus')", timeout=60_000)


def test_explorer_works_by_keyboard_alone(page, voila_factory) -> None:
    server = voila_factory("explorer")
    _load(page, server)
    _no_code(page)
    search = page.locator(".nmt-muscle-explorer .widget-text input").first  # ipywidgets draws a Combobox as a text box
    search.focus()
    page.keyboard.type("soleus")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nmt-muscle-explorer .legendtext')].some(t => t.textContent.replace(/\u00a0/g, ' ') === 'Soleus: muscle')",
        timeout=60_000,
    )
    # Tab moves on to the body-area filter, then the muscle list; arrow keys choose
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement && document.activeElement.tagName")
    assert focused == "SELECT"
    page.keyboard.press("Home")
    page.wait_for_function(
        "() => !document.querySelector('.nmt-muscle-explorer .nmt-card h3').innerText.includes('Soleus')",
        timeout=60_000,
    )
    assert "What the map shows" in page.locator(".nmt-figure-description").inner_text()
