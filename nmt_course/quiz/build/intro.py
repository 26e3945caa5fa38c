"""Step 1: the title, how to answer (by clicking, or typing with an example for every type used), and the set-up cell.

The set-up cell defines ``QUIZ_FORMATS`` (for ``check_format()``) and installs
the typed-mistake guard (:mod:`nmt_course.quiz.friendly`), so that a broken
answer prints one line of advice instead of a traceback and Run All goes on.
"""

from __future__ import annotations

import pprint

import nbformat

from ..scoring import EXAMPLES
from ..student import format_spec
from .cells import code, markdown
from .context import BuildContext

__all__ = ["add_intro"]

_HOW = {
    "single": "**One answer**: the letter of your choice in quotes.",
    "multiple": "**Several answers**: every letter you choose, in square brackets.",
    "ordering": "**Put in order**: all the letters, first step first, in square brackets.",
    "matching": "**Matching**: each letter paired with a number, inside curly brackets.",
    "numeric": "**A number**: just the number (a unit after it is fine, in quotes: `\"90 s\"`).",
    "hotspot": "**A body region**: its name in quotes, as listed in the course (for example `\"temple\"` or `\"back of the knee\"`).",
    "written": "**Written answer**: double-click the cell that says *YOUR ANSWER HERE*, type a few sentences, then press Shift + Enter. Your instructor grades these.",
}


def add_intro(nb: nbformat.NotebookNode, ctx: BuildContext) -> nbformat.NotebookNode:
    types = sorted({q.type for q in ctx.questions}, key=list(_HOW).index)
    lines = [
        f"# {ctx.title}",
        "",
        f"{len(ctx.questions)} questions, {ctx.total_points:g} points. First run every cell: menu **Run**, then "
        "**Run All Cells**.",
        "",
        "**Answer by clicking.** Under each question is an answer form: click your answer (or use the Tab, arrow and "
        "Space keys). The form writes your answer into the grey answer cell under it, and that cell is what gets "
        "graded. Save the notebook (Ctrl + S) when you are done.",
        "",
        "**No form?** Some Jupyter apps do not show it. Then type your answer in the answer cell, **replacing "
        "`None`**, and run the cell (Shift + Enter). How to write each kind of answer:",
        "",
    ]
    for t in types:
        example = "" if t == "written" else f" Example: `q01 = {EXAMPLES[t]}`"
        lines.append(f"- {_HOW[t]}{example}")
    lines += [
        "",
        "Capital or small letters both work, and so does the option's text instead of its letter.",
        "Before you submit, run the **Check my answers** cell at the end: it tells you which answers are "
        "written in a form the quiz can read, and how to fix the others. It does not tell you which are right.",
        "",
        "Do not change the grey cells that you cannot edit, and do not delete cells.",
    ]
    nb.cells.append(markdown(f"{ctx.name}-intro", "\n".join(lines), locked=True))
    formats = {var: format_spec(q) for var, q in ctx.variables.items() if q.type != "written"}
    setup = (
        "# Run this cell first (Shift + Enter). It prepares the answer check; you do not need to change it.\n"
        "from nmt_course.quiz.student import check_format, install_answer_guard\n\n"
        f"QUIZ_FORMATS = {pprint.pformat(formats, width=110, sort_dicts=True)}\n"
        "install_answer_guard(QUIZ_FORMATS)"
    )
    nb.cells.append(code(f"{ctx.name}-setup", setup, locked=True))
    return nb
