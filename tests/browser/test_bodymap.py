"""The body-map apps in Chromium: drawn, redrawn, clicked, re-run, and on a phone-width screen.

Every check waits for the plot's ``data-nmt-revision`` (set after the
browser has drawn a figure), so "the map shows it" means it was painted, not
just sent. Screenshots go to ``test-output/browser/`` like the other browser
tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest

from .conftest import SHOTS, Server
from .test_lab import ALL_RAN, _run_all, open_and_run_all

REVISION = "() => { const e = document.querySelector('.nmt-plot-view'); return e ? e.dataset.nmtRevision || null : null; }"
LEGEND = "() => [...document.querySelectorAll('.nmt-plot-view .legendtext')].map(t => t.textContent.replace(/\\u00a0/g, ' '))"
TITLES = "() => [...document.querySelectorAll('.nmt-plot-view .annotation-text')].map(t => t.textContent)"


def _drawn(page, *, before: str | None = None, timeout: float = 60_000) -> str:
    """Wait until the map has been (re)drawn; the new revision."""
    page.wait_for_function(f"(r) => {{ const v = ({REVISION})(); return v !== null && v !== r; }}", arg=before, timeout=timeout)
    return page.evaluate(REVISION)


def _choose(page, app: str, label: str) -> None:
    before = page.evaluate(REVISION)
    page.locator(f"{app} .widget-select select").first.select_option(label=label)
    _drawn(page, before=before)


@pytest.fixture
def phone(browser, request: pytest.FixtureRequest) -> Iterator:
    """A page 390 px wide (a phone held upright), screenshot kept like the ``page`` fixture's."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        yield pg
    finally:
        SHOTS.mkdir(parents=True, exist_ok=True)
        try:
            pg.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
        finally:
            context.close()


OURS = ("nmt", "plotly", "anywidget", "IndexError", "Traceback")
#: another extension that failed to load (a lab extension asking for a package the page does not share):
#: start-up noise that is not the map's to judge; anything else is counted
NOT_OURS = ("doesn't exist in shared scope",)


def _errors(page) -> list[str]:
    """Uncaught page errors, and console errors from the map's code, as they happen."""
    found: list[str] = []

    def keep(text: str) -> None:
        if not any(n in text for n in NOT_OURS):
            found.append(text)

    page.on("pageerror", lambda e: keep(str(e)))
    page.on("console", lambda m: keep(m.text) if m.type == "error" and any(w in m.text for w in OURS) else None)
    return found


LOG_STATUS = "() => { const e = document.querySelector('.jp-LogConsoleStatusItem'); return e ? e.textContent.trim() : ''; }"


def test_explorer_draws_the_muscle_on_the_views_its_chart_uses(page, lab: Server) -> None:
    errors = _errors(page)
    open_and_run_all(page, lab, "apps/explorer.ipynb")
    _drawn(page)
    _choose(page, ".nmt-muscle-explorer", "Temporalis")
    assert "Temporalis: muscle" in page.evaluate(LEGEND)
    titles = page.evaluate(TITLES)
    assert any("Side" in t for t in titles) and not any(t == "Front" for t in titles)  # the side view only
    _choose(page, ".nmt-muscle-explorer", "Infraspinatus")
    titles = page.evaluate(TITLES)
    assert "Front" in titles and "Back" in titles and "Infraspinatus: muscle" in page.evaluate(LEGEND)
    assert "Infraspinatus" in page.locator(".nmt-muscle-explorer .nmt-figure-description").inner_text()
    assert not errors, errors


def test_explorer_rerun_in_a_used_kernel_still_draws(page, lab: Server) -> None:
    # the fresh-clone failure: run the app again in a kernel that already ran it, in the same page and after a reload
    open_and_run_all(page, lab, "apps/explorer.ipynb")
    _drawn(page)
    for attempt in range(2):
        if attempt == 0:
            _run_all(page)  # the same page
        else:
            open_and_run_all(page, lab, "apps/explorer.ipynb")  # a new page, the same kernel session
        page.wait_for_function(ALL_RAN, timeout=180_000)
        _drawn(page)
        _choose(page, ".nmt-muscle-explorer", "Soleus")
        assert "Soleus: muscle" in page.evaluate(LEGEND)
        assert page.locator(".nmt-plot-view .scatterlayer .trace").count() > 5  # not empty axes


def _click_map(page, view_title: str, fx: float, fy: float) -> None:
    """Click a point of a view, given as fractions of that view's drawing area (Playwright scrolls it into sight)."""
    point = page.evaluate(
        """([title, fx, fy]) => {
            const gd = document.querySelector('.nmt-plot-view .js-plotly-plot');
            const full = gd._fullLayout, views = full.meta.views;
            const i = views.findIndex(v => title.toLowerCase().startsWith(v));
            const xa = full[i === 0 ? 'xaxis' : 'xaxis' + (i + 1)], ya = full[i === 0 ? 'yaxis' : 'yaxis' + (i + 1)];
            return {x: xa._offset + fx * xa._length, y: ya._offset + fy * ya._length};
        }""",
        [view_title, fx, fy],
    )
    page.locator(".nmt-plot-view .js-plotly-plot").first.click(position=point)


# whole-body views: front and back span x -2..122, the side x 36..84; all span y -2..202
CLICKS = [  # (view, x and y as fractions of the view, the region's label)
    ("side", (59.5 - 36) / 48, (202 - 182.4) / 204, "Temple"),  # the temple, on the side view
    ("back", (68 + 2) / 124, (202 - 3) / 204, "Heel (back and sole)"),
    ("front", 0.5, (202 - 184) / 204, "Forehead"),
    ("side", (57.5 - 36) / 48, (202 - 72) / 204, "Outer thigh"),
]


def _click_through(page) -> None:
    """Untick the zoom (so the whole body stays), then click each point and check the region it selects."""
    before = page.evaluate(REVISION)
    page.get_by_text("Zoom in on the pattern").click()
    before = _drawn(page, before=before)
    regions = page.locator(".nmt-where-it-hurts .widget-dropdown select").first
    for view, fx, fy, expected in CLICKS:
        _click_map(page, view, fx, fy)
        before = _drawn(page, before=before)
        assert regions.locator("option:checked").inner_text().replace("\xa0", " ") == expected, (view, expected)


@pytest.mark.parametrize("width", [1280, 390])
def test_where_it_hurts_clicks_select_regions_without_errors(browser, voila_factory, width: int) -> None:
    server = voila_factory("where-it-hurts")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors = _errors(page)
    try:
        page.goto(server.url("/"), timeout=180_000)
        _drawn(page, timeout=180_000)
        assert page.evaluate("() => document.querySelector('.nmt-plot-view').dataset.nmtLayout") == ("wide" if width > 600 else "stacked")
        _click_through(page)
        assert not errors, errors
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"where-it-hurts-clicks-{width}.png"), full_page=True)
    finally:
        context.close()


def test_map_clicks_in_jupyterlab_log_no_error(page, lab: Server) -> None:
    # the old map logged "IndexError: tuple index out of range" in 2 of 4 clicks (a red badge in the status bar)
    errors = _errors(page)
    open_and_run_all(page, lab, "apps/where-it-hurts.ipynb")
    _drawn(page)
    _click_through(page)
    page.wait_for_timeout(1500)  # give a kernel-side error time to reach the log console
    assert page.evaluate(LOG_STATUS) in ("", "0"), page.evaluate(LOG_STATUS)
    assert not errors, errors


@pytest.mark.parametrize("app", ["explorer", "where-it-hurts"])
def test_apps_fit_a_phone(phone, voila_factory, app: str) -> None:
    server = voila_factory(app)
    for width in (390, 360):  # a common phone, and the narrowest the apps promise
        phone.set_viewport_size({"width": width, "height": 844})
        phone.goto(server.url("/"), timeout=180_000)
        _drawn(phone, timeout=180_000)
        if app == "explorer":
            _choose(phone, ".nmt-muscle-explorer", "Infraspinatus")  # a front-and-back pattern
        else:
            before = phone.evaluate(REVISION)
            phone.locator(".nmt-where-it-hurts .widget-dropdown select").first.select_option(label="Temple")
            _drawn(phone, before=before)
        assert phone.evaluate("() => document.querySelector('.nmt-plot-view').dataset.nmtLayout") == "stacked"
        # nothing runs off the screen: no sideways scrolling, every control inside the screen
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= width + 1
        rights = phone.evaluate("() => [...document.querySelectorAll('.nmt-control, .nmt-plot-view, .legend')].map(e => e.getBoundingClientRect().right)")
        assert rights and max(rights) <= width + 1, (width, rights)
        # the views are one above the other
        views = phone.evaluate("() => [...document.querySelectorAll('.nmt-plot-view .nsewdrag')].map(e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; })")
        assert all(a[1] <= b[0] + 1 for a, b in pairwise(views)), (width, views)
