"""Practice quick checks in real JupyterLab and Notebook 7: long options keep their button, keys work, two tries."""

from __future__ import annotations

import pytest

from nmt_course import quiz

from .conftest import SHOTS, Server
from .test_lab import ALL_RAN, _start_run

UIS = {"lab": "/lab/tree/{path}?reset", "notebook7": "/notebooks/{path}"}
LONG = "tp-disc-sciatica-claim"  # its right answer is by far its longest option
ACTIVE_CELL = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
ROWS = """() => [...document.querySelectorAll('.nmt-choice')].map(r => {
    const box = r.getBoundingClientRect(), input = r.querySelector('input').getBoundingClientRect(),
          text = r.querySelector('.nmt-choice-text').getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, inputRight: input.right, inputTop: input.top, textLeft: text.left, textTop: text.top,
            inputShown: input.width > 8 && input.height > 8, right: box.right};
})"""


def _open(page, lab: Server, ui: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"from nmt_course.practice import quick_check\nquick_check({LONG!r})"),
                nbformat.v4.new_code_cell("print('after')")]
    for i, c in enumerate(nb.cells):
        c["id"] = f"qc-{ui}-{i}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(lab.root / f"quick-check-{ui}.ipynb"))
    page.goto(lab.url(UIS[ui].format(path=f"quick-check-{ui}.ipynb")))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    if ui == "lab":
        page.wait_for_function("() => document.body.innerText.includes('| Idle')", timeout=120_000)
    _start_run(page, tries=4)
    page.wait_for_function(ALL_RAN, timeout=180_000)
    page.wait_for_selector(".nmt-choice input", timeout=60_000)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("ui", list(UIS))
def test_long_options_keep_their_button_and_never_overlap(page, lab: Server, ui: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, lab, ui)
    if ui == "lab" and width < 600:
        current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()
        page.wait_for_timeout(500)
    rows = page.evaluate(ROWS)
    assert len(rows) == len(quiz.load_bank()[LONG].options)
    for row, below in zip(rows, rows[1:]):
        assert row["bottom"] <= below["top"] + 0.5, "an option runs into the next one"
    for row in rows:
        assert row["inputShown"] and row["inputRight"] < row["textLeft"], "the button sits left of its text"
        assert abs(row["inputTop"] - row["textTop"]) < 12, "the button stays at the top of its option"
        assert row["right"] <= width
    heights = [r["bottom"] - r["top"] for r in rows]
    assert max(heights) > min(heights)  # the long option wraps onto more lines, in its own row
    card = page.locator(".nmt-question").first
    card.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(SHOTS / f"quick-check-{ui}-{width}.png"))


@pytest.mark.parametrize("ui", list(UIS))
def test_keys_choose_and_a_miss_gets_a_second_try(page, lab: Server, ui: str) -> None:
    q = quiz.load_bank()[LONG]
    _open(page, lab, ui)
    radios = page.locator(".nmt-choice input[type=radio]")
    radios.first.focus()
    before = page.evaluate(ACTIVE_CELL)
    page.keyboard.press("Space")  # A
    page.keyboard.press("ArrowDown")  # B
    assert radios.nth(1).is_checked() and page.evaluate(ACTIVE_CELL) == before  # the choice moved, the notebook did not
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    wrong = next(i for i, o in enumerate(q.options) if o.id != q.answer)
    radios.nth(wrong).check()
    page.locator(".nmt-question").get_by_role("button", name="Check").click()
    feedback = page.locator(".nmt-feedback")
    feedback.wait_for()
    assert "Try again: 1 more try before the answer is shown." in feedback.inner_text()
    assert q.option(q.answer).text not in feedback.inner_text()  # the key is not given away
    radios.nth([o.id for o in q.options].index(q.answer)).check()
    page.locator(".nmt-question").get_by_role("button", name="Check").click()
    page.wait_for_function("() => document.querySelector('.nmt-feedback').innerText.includes('Correct')")
    assert "Explanation:" in page.locator(".nmt-feedback").inner_text()
