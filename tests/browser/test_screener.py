"""The screener form in a real JupyterLab: an unread name holds the decision, combined risks say consult."""

from __future__ import annotations

import pytest

from .conftest import SHOTS, Server
from .test_lab import ALL_RAN, _scratch_notebook, _start_run, accept_kernel_choice, open_and_run_all


@pytest.mark.parametrize("width", [1280, 390])
def test_screener_never_says_proceed_for_an_unread_name_and_explains_combined_risks(page, lab: Server, width: int) -> None:
    """At laptop width in JupyterLab; at phone width in Notebook 7 (JupyterLab's side panels leave a phone no room)."""
    page.set_viewport_size({"width": width, "height": 1000})
    name = _scratch_notebook(lab, f"screener-{width}", "from nmt_course.widgets import Screener\nScreener()")
    if width >= 600:
        open_and_run_all(page, lab, name)
    else:
        page.goto(lab.url(f"/notebooks/{name}"))
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        accept_kernel_choice(page)
        _start_run(page, tries=4)
        page.wait_for_function(ALL_RAN, timeout=180_000)
    form = page.locator(".nmt-screener")
    form.locator("textarea").first.fill("deep vein thrombosys in right calf, feaver")
    form.get_by_role("button", name="Screen").click()
    page.wait_for_function("() => document.querySelector('.nmt-screener').innerText.includes('cannot decide yet: check 2 names')")
    text = form.inner_text()
    assert "proceed" not in text.split("Decision:")[1].split("\n")[0]
    # the map is redrawn after the text (the kernel sends it last): wait for its new title before looking
    page.wait_for_function("() => (document.querySelector('.nmt-screener .gtitle') || {}).textContent === 'Areas to avoid: none marked'")
    assert "Did you mean" in text and "Deep vein thrombosis" in text
    # the form fits the screen: nothing wider than the page
    overflow = page.evaluate("() => [...document.querySelectorAll('.nmt-screener .nmt-control')].some(e => e.getBoundingClientRect().right > window.innerWidth + 1)")
    assert not overflow
    SHOTS.mkdir(parents=True, exist_ok=True)
    form.screenshot(path=str(SHOTS / f"screener-unread-{width}.png"))

    form.locator("textarea").first.fill("pregnant 30 weeks, varicose veins on the left calf")
    form.locator("textarea").nth(1).fill("enoxaparin")
    form.get_by_role("button", name="Screen").click()
    page.wait_for_function("() => document.querySelector('.nmt-screener').innerText.includes('ask and consult')")
    page.wait_for_function("() => (document.querySelector('.nmt-screener .gtitle') || {}).textContent === 'Areas to avoid: calf'")
    page.wait_for_function("() => document.querySelector('.nmt-screener .nmt-figure-description').innerText.includes('calf')")
    text = form.inner_text()
    assert "Together:" in text and "Ask why it was prescribed" in text
    form.screenshot(path=str(SHOTS / f"screener-consult-{width}.png"))
