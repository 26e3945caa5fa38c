"""Rendering a quiz as an nbgrader source notebook, as an ordered list of small steps.

Each step is ``(notebook, context) -> notebook`` in its own module, in the
spirit of nbgrader's preprocessors: :data:`STEPS` is the order (a test
asserts it). :func:`render_quiz` runs them; :func:`write_quiz` writes the
result to ``<course>/source/<name>/<name>.ipynb``. The same questions and
seed always give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat

from .context import BuildContext
from .forms import add_answer_forms
from .intro import add_intro
from .metadata import add_metadata
from .questions import add_questions
from .self_check import add_self_check

__all__ = ["STEPS", "BuildContext", "render_quiz", "write_quiz"]

Step = Callable[[nbformat.NotebookNode, BuildContext], nbformat.NotebookNode]

STEPS: tuple[Step, ...] = (add_intro, add_questions, add_answer_forms, add_self_check, add_metadata)


def render_quiz(questions: Sequence[Any], *, name: str, title: str, seed: int) -> nbformat.NotebookNode:
    ctx = BuildContext(name=name, title=title, questions=list(questions), seed=seed)
    nb = nbformat.v4.new_notebook()
    for step in STEPS:
        nb = step(nb, ctx)
    nbformat.validate(nb)
    return nb


def write_quiz(nb: nbformat.NotebookNode, course_dir: Path, name: str) -> Path:
    target = Path(course_dir) / "source" / name / f"{name}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return target
