"""Step 2: for every question, a locked prompt, an answer cell and a hidden test cell.

Cells are named after the answer variable, never the bank question:
``q07-q`` (the prompt), ``q07-a`` (the answer), ``q07`` (the hidden test, or
the written answer). The test cell names the key it needs
(:func:`~nmt_course.quiz.keys.hidden_test_source`); the key itself goes to
the course's ``answer-keys/`` folder (:mod:`.key`).
"""

from __future__ import annotations

import nbformat

from ..keys import hidden_test_source
from ..scoring import EXAMPLES
from .cells import code, markdown, role
from .context import BuildContext

__all__ = ["add_questions"]


def _prompt(number: int, var: str, q) -> str:
    points = f"{q.points:g} point{'s' if q.points != 1 else ''}"
    lines = [f"### Question {number} ({points})", "", q.stem, ""]
    if q.type in {"single", "multiple", "ordering"}:
        lines += [f"- **{o.id}**: {o.text}" for o in q.options]
    elif q.type == "matching":
        lines += ["| letter | item |", "| --- | --- |"] + [f"| **{o.id}** | {o.text} |" for o in q.options]
        lines += ["", "| number | match |", "| --- | --- |"] + [f"| **{c.id}** | {c.text} |" for c in q.choices]
    elif q.type == "numeric" and q.answer.unit:
        lines.append(f"*Give the number in {q.answer.unit}.*")
    elif q.type == "written":
        lines.append("Your instructor marks this answer. Points are given for:")
        lines += [f"- {r.criterion} ({r.points:g} point{'s' if r.points != 1 else ''})" for r in q.rubric]
    hint = {
        "single": "Choose one.",
        "multiple": "Choose every correct option (wrong picks cost points).",
        "ordering": "Put all the letters in order.",
        "matching": "Pair every letter with a number.",
        "numeric": "Type a number.",
        "hotspot": "Name the body region.",
        "written": "Write your answer in the cell below.",
    }[q.type]
    lines += ["", f"*{hint}* Answer in `{var}`." if q.type != "written" else f"*{hint}*"]
    return "\n".join(lines)


def _solution(q) -> object:
    """The answer as a student would type it (what the source version's solution region holds)."""
    if q.type == "numeric":
        value = q.answer.value
        return int(value) if float(value).is_integer() else value
    if q.type == "hotspot":
        return q.answer[0]
    return q.model_dump(mode="json")["answer"]


def add_questions(nb: nbformat.NotebookNode, ctx: BuildContext) -> nbformat.NotebookNode:
    for number, (var, q) in enumerate(ctx.variables.items(), start=1):
        nb.cells.append(role(markdown(f"{var}-q", _prompt(number, var, q), locked=True), "prompt", number))
        if q.type == "written":
            # the model answer lives in the solution region: instructors see it, students do not
            source = (
                "### BEGIN SOLUTION\n"
                f"Model answer: {q.model_answer}\n\n"
                f"Sources: {', '.join(q.sources)}\n"
                "### END SOLUTION"
            )
            nb.cells.append(role(markdown(var, source, grade=True, solution=True, points=q.points), "written", number))
            continue
        key = _solution(q)
        answer = (
            f"{var} = None  # your answer, e.g. {EXAMPLES[q.type]}\n"
            "### BEGIN SOLUTION\n"
            f"{var} = {key!r}\n"
            "### END SOLUTION"
        )
        nb.cells.append(role(code(f"{var}-a", answer, solution=True), "answer", number))
        test = hidden_test_source(var, quiz=ctx.name, version=ctx.version_of(var))
        nb.cells.append(role(code(var, test, grade=True, locked=True, points=q.points), "test", number))
    return nb
