"""Step 5: notebook metadata (kernel, the quiz's own record) and a stable cell order."""

from __future__ import annotations

import nbformat

from .context import BuildContext

__all__ = ["add_metadata"]


def add_metadata(nb: nbformat.NotebookNode, ctx: BuildContext) -> nbformat.NotebookNode:
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "nmt_course": {
            "quiz": ctx.name,
            "seed": ctx.seed,
            "questions": {var: q.id for var, q in ctx.variables.items()},
            "points": ctx.total_points,
        },
    }
    return nb
