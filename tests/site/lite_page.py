"""Driving a notebook in the JupyterLite site the way a student would, through the app's own commands.

The site exposes the app as ``window.jupyterapp`` (``exposeAppInBrowser``),
so a test can run cells with the same commands as the Run menu and read
outputs from the notebook's model (JupyterLab draws only the cells in view,
so the page's text alone would miss outputs further down).
"""

from __future__ import annotations

import time
from typing import Any

__all__ = ["NOTES_LOG", "open_notebook", "wait_for_notebook", "wait_for_python", "run_all", "outputs", "errors",
           "scroll_to", "run_cell", "notes_seen", "mark_cell", "practice_counts", "practice_status",
           "answer_first_question"]

#: installed before any page script: records every text the kernel status note shows
NOTES_LOG = """
window.__nmtNotes = [];
new MutationObserver(() => {
  const el = document.getElementById('nmt-kernel-status');
  if (el && !el.hidden) {
    const text = el.className + ' | ' + el.innerText;
    const last = window.__nmtNotes[window.__nmtNotes.length - 1];
    if (!last || last.split(' | ')[1].replace(/\\d+ s$/, '') !== text.split(' | ')[1].replace(/\\d+ s$/, '')) {
      window.__nmtNotes.push(text);
    }
  }
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""


def open_notebook(page: Any, base: str, path: str, *, app: str = "lab") -> None:
    """Open ``path`` in the site's ``lab`` or ``notebooks`` app and wait until it is the notebook on screen.

    JupyterLab restores the tabs a profile had open before; the one asked for is made the current one.
    """
    page.goto(f"{base}/{app}/index.html?path={path}")
    wait_for_notebook(page, path)


def wait_for_notebook(page: Any, path: str) -> None:
    """Wait until the page's app shows the notebook ``path`` (made the current tab if others were restored)."""
    page.wait_for_function(
        """(path) => { const a = window.jupyterapp; if (!a || !a.shell) return false;
             const widgets = typeof a.shell.widgets === 'function' ? Array.from(a.shell.widgets('main')) : [];
             const w = widgets.find(x => x.context && x.context.path === path);
             if (!w || !w.content || !w.content.model || !w.sessionContext) return false;
             if (a.shell.currentWidget !== w) { a.shell.activateById(w.id); return false; }
             return true; }""", arg=path, timeout=240_000, polling=250)


def wait_for_python(page: Any, *, timeout: float = 300) -> float:
    """Wait until the kernel status note says Python is ready; return the seconds it reported."""
    page.wait_for_selector("#nmt-kernel-status.nmt-kernel-status--ready", state="attached", timeout=timeout * 1000)
    text = page.inner_text("#nmt-kernel-status")
    digits = "".join(ch if ch.isdigit() else " " for ch in text.split("started in")[-1]).split()
    return float(digits[0]) if digits else 0.0


def notes_seen(page: Any) -> list[str]:
    return list(page.evaluate("() => window.__nmtNotes || []"))


def run_all(page: Any, *, timeout: float = 600) -> float:
    """Run every cell (Run > Run All Cells) and wait until all have run; return the seconds it took."""
    started = time.monotonic()
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        """() => { const w = window.jupyterapp.shell.currentWidget; const cells = w.content.model.cells;
                   const k = w.sessionContext.session && w.sessionContext.session.kernel;
                   for (let i = 0; i < cells.length; i++) {
                     const c = cells.get(i);
                     if (c.type === 'code' && c.sharedModel.source.trim() && c.executionCount === null) return false;
                   }
                   return k && k.status === 'idle'; }""", timeout=timeout * 1000, polling=500)
    return time.monotonic() - started


def run_cell(page: Any, needle: str, *, timeout: float = 300) -> None:
    """Run the first code cell whose source contains ``needle`` and wait for it to finish."""
    index = scroll_to(page, needle)
    page.evaluate(f"""async () => {{ const w = window.jupyterapp.shell.currentWidget;
        w.content.activeCellIndex = {index}; w.content.deselectAll();
        await window.jupyterapp.commands.execute('notebook:run-cell'); }}""")
    page.wait_for_function(f"""() => {{ const w = window.jupyterapp.shell.currentWidget;
        const k = w.sessionContext.session && w.sessionContext.session.kernel;
        return w.content.model.cells.get({index}).executionCount !== null && k && k.status === 'idle'; }}""",
                           timeout=timeout * 1000, polling=500)


def outputs(page: Any) -> list[dict]:
    """Every code cell with its source and outputs (as nbformat JSON), from the notebook's model."""
    return list(page.evaluate(
        """() => { const w = window.jupyterapp.shell.currentWidget; const cells = w.content.model.cells; const out = [];
                   for (let i = 0; i < cells.length; i++) {
                     const c = cells.get(i);
                     if (c.type !== 'code') continue;
                     const items = [];
                     for (let j = 0; j < c.outputs.length; j++) items.push(c.outputs.get(j).toJSON());
                     out.push({index: i, source: c.sharedModel.source, outputs: items});
                   }
                   return out; }"""))


def errors(cells: list[dict]) -> list[str]:
    """Tracebacks and anything written to stderr, one line per problem, naming the cell."""
    found = []
    for cell in cells:
        for out in cell["outputs"]:
            if out.get("output_type") == "error":
                found.append(f"cell {cell['index']} ({cell['source'][:50]!r}): {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {cell['index']} ({cell['source'][:50]!r}) wrote to stderr: {str(out.get('text'))[:300]}")
    return found


def scroll_to(page: Any, needle: str) -> int:
    """Make the first cell whose source contains ``needle`` the active one, scrolled to the top; return its index."""
    index = page.evaluate(
        """(needle) => { const w = window.jupyterapp.shell.currentWidget; const cells = w.content.model.cells;
                         for (let i = 0; i < cells.length; i++) {
                           if (cells.get(i).sharedModel.source.includes(needle)) {
                             w.content.activeCellIndex = i; w.content.scrollToItem(i, 'start'); return i; } }
                         return -1; }""", needle)
    assert index >= 0, f"no cell contains {needle!r}"
    page.wait_for_timeout(500)
    return int(index)


def mark_cell(page: Any, index: int, name: str) -> str:
    """Give the cell at ``index`` a test attribute; return its CSS selector."""
    page.evaluate(f"() => window.jupyterapp.shell.currentWidget.content.widgets[{index}].node"
                  f".setAttribute('data-nmt-test', '{name}')")
    return f"[data-nmt-test={name}]"


def practice_counts(page: Any, cell: str) -> str:
    """The practice app's text in ``cell`` (its counts line says how many cards are new, due, learnt)."""
    return page.locator(f"{cell} .nmt-practice").first.inner_text()


def practice_status(text: str) -> str:
    """The counts line of the practice app's text."""
    return next(line for line in text.splitlines() if "new:" in line)


def answer_first_question(page: Any, card: str) -> None:
    """Give some answer to whatever kind of question is showing, then press Check."""
    box = page.locator(card).first
    for selector, action in (("input[type=radio]", "check"), ("input[type=checkbox]", "check"),
                             ("select", "select"), ("input[type=number]", "fill"), ("textarea", "fill")):
        found = box.locator(selector)
        if found.count():
            target = found.first
            if action == "check":
                target.check(force=True)
            elif action == "select":
                target.select_option(index=1)
            else:
                target.fill("1")
            break
    box.get_by_role("button", name="Check").click()
