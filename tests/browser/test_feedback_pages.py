"""Feedback pages in Chromium, at 1280 px and at a phone's 390 px: nothing clipped, short enough to read.

The golden pages (``tests/integrations/goldens/feedback/``) and a page made
now for the shipped 20-question trigger-points quiz are opened from disk.
Each is screenshotted to ``test-output/browser/feedback-*.png``. Nothing may
stick out sideways or be cut off in a scrolling box, and the 20-question page
must take under three screens per five questions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from feedback_course import ROOT, answers_for, feedback_pages

from .conftest import SHOTS

GOLDENS = ROOT / "tests" / "integrations" / "goldens" / "feedback"
SCREENS = {"desktop": (1280, 800), "phone": (390, 844)}

# no element is wider than the window, and no box hides part of what it holds
_CLIPPED = """() => {
  const wide = document.documentElement.scrollWidth > window.innerWidth;
  const cut = [...document.querySelectorAll('main *')].filter(e => {
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const hides = ['hidden', 'clip', 'auto', 'scroll'].includes(s.overflowX);
    return r.right > window.innerWidth + 1 || (hides && e.scrollWidth > e.clientWidth + 1);
  }).map(e => e.className || e.tagName);
  return {wide, cut};
}"""


@pytest.fixture(scope="module")
def shipped_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped trigger-points quiz (20 questions), one student right on every other question and wrong or partly right on the rest."""
    tmp = tmp_path_factory.mktemp("feedback-20")
    build = ["--topics", "trigger-points,referral", "--count", "20", "--seed", "2026", "--title", "Quiz: trigger points and referred pain"]

    def student(key: dict) -> dict[str, dict[str, str]]:
        return {"ann": {**answers_for(key, "wrong"), **answers_for(key, "right", pick=lambda n: n % 2 == 0)}}

    course, _ = feedback_pages(tmp, build=build, students=student, name="trigger-points")
    return course / "feedback" / "ann" / "trigger-points" / "trigger-points.html"


@pytest.fixture
def screen(browser, request: pytest.FixtureRequest) -> Iterator:
    width, height = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page(), request.param, height
    finally:
        context.close()


def _open(page, path: Path, shot: str) -> dict:
    page.goto(path.resolve().as_uri())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    return {"height": page.evaluate("document.documentElement.scrollHeight"), **page.evaluate(_CLIPPED)}


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
@pytest.mark.parametrize("golden", sorted(p.name for p in GOLDENS.glob("*.html")))
def test_golden_pages_are_never_clipped(screen, golden: str) -> None:
    page, name, _ = screen
    seen = _open(page, GOLDENS / golden, f"feedback-{Path(golden).stem}-{name}")
    assert not seen["wide"] and seen["cut"] == [], seen
    assert page.locator(".nmt-card").count() == 7
    assert page.get_by_text("Your score:").is_visible()


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
def test_twenty_questions_take_under_three_screens_per_five(screen, shipped_page: Path) -> None:
    page, name, height = screen
    seen = _open(page, shipped_page, f"feedback-trigger-points-20-{name}")
    assert not seen["wide"] and seen["cut"] == [], seen
    assert page.locator(".nmt-card").count() == 20
    per_five = seen["height"] / height / 4
    print(f"{name}: {seen['height']} px, {per_five:.2f} screens per 5 questions")
    assert per_five < 3, f"{per_five:.2f} screens per 5 questions at {name} size"
