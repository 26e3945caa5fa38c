"""Step 5: notebook metadata (kernel, the quiz's own record) and a stable cell order."""

from __future__ import annotations

import nbformat

from .context import BuildContext

__all__ = ["add_metadata"]


def add_metadata(nb: nbformat.NotebookNode, ctx: BuildContext) -> nbformat.NotebookNode:
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        # what a student may see: the quiz's name and size. Never the bank ids, the seed or the key
        # (those are in the course's answer-keys/ folder)
        "nmt_course": {
            "quiz": ctx.name,
            "title": ctx.title,
            "questions": len(ctx.questions),
            "points": ctx.total_points,
        },
    }
    return nb
