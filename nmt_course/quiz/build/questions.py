"""Step 2: for every question, a locked prompt, an answer cell and a hidden test cell."""

from __future__ import annotations

import pprint

import nbformat

from ..scoring import EXAMPLES
from .cells import code, markdown
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
        nb.cells.append(markdown(f"{q.id}-q", _prompt(number, var, q), locked=True))
        if q.type == "written":
            # the model answer lives in the solution region: instructors see it, students do not
            source = (
                "### BEGIN SOLUTION\n"
                f"Model answer: {q.model_answer}\n\n"
                f"Sources: {', '.join(q.sources)}\n"
                "### END SOLUTION"
            )
            nb.cells.append(markdown(q.id, source, grade=True, solution=True, points=q.points))
            continue
        key = _solution(q)
        answer = (
            f"{var} = None  # your answer, e.g. {EXAMPLES[q.type]}\n"
            "### BEGIN SOLUTION\n"
            f"{var} = {key!r}\n"
            "### END SOLUTION"
        )
        nb.cells.append(code(f"{q.id}-a", answer, solution=True))
        spec = pprint.pformat(q.model_dump(mode="json", exclude={"kb"}), width=110, sort_dicts=True)
        test = (
            "# This cell is checked when your quiz is graded. Leave it as it is.\n"
            "### BEGIN HIDDEN TESTS\n"
            "from nmt_course.quiz.student import grade_cell\n"
            f"grade_cell({spec}, globals().get({var!r}))\n"
            "### END HIDDEN TESTS"
        )
        nb.cells.append(code(q.id, test, grade=True, locked=True, points=q.points))
    return nb
