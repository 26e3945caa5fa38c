"""Step 4: the closing "check my answers" cell."""

from __future__ import annotations

import nbformat

from .cells import code, markdown
from .context import BuildContext

__all__ = ["add_self_check"]


def add_self_check(nb: nbformat.NotebookNode, ctx: BuildContext) -> nbformat.NotebookNode:
    nb.cells.append(markdown(
        f"{ctx.name}-check-intro",
        "## Check my answers\n\nRun the next cell. It lists every answer that the quiz cannot read yet, and says "
        "how to write it. Fix those, run their cells again, then run this one again. It does **not** say which "
        "answers are right.",
        locked=True,
    ))
    nb.cells.append(code(f"{ctx.name}-check", "check_format()", locked=True))
    return nb
