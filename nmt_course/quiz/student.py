"""What runs inside a quiz notebook: the hidden test cells and the students' self-check.

``grade_cell(spec, answer)`` is the body of every hidden test cell: it
rebuilds the question from its embedded spec, grades the answer with the
shared scorer, prints the feedback and returns the points, so the value is
the cell's last bare expression (nbgrader's partial credit). It never writes
to stderr and never raises for anything a student can type.

``check_format()`` is the students' self-check: it reads the quiz's answer
variables (``q01``, ``q02``...) and says which are well formed and how to fix
the others, without saying whether any is right. The formats it checks
against (``QUIZ_FORMATS``, set by the quiz's first code cell) carry no
answers.
"""

from __future__ import annotations

import sys
from typing import Any

from .friendly import install as install_answer_guard
from .friendly import invalid_answers
from .models import QUESTION_ADAPTER, Question
from .reasons import check_line, reason
from .scoring import Result, grade
from .scoring import check_format as _check_one

__all__ = ["grade_cell", "grade_question", "show_result", "check_format", "format_spec", "install_answer_guard"]


def grade_cell(spec: dict[str, Any], answer: Any) -> float:
    """Grade one answer inside a hidden test cell; print feedback; return the points."""
    return grade_question(QUESTION_ADAPTER.validate_python(spec), answer)


def grade_question(question: Question, answer: Any) -> float:
    """``grade_cell`` for a question already built from its spec: print feedback, return the points."""
    return show_result(grade(question, answer))


def show_result(result: Result) -> float:
    """Print a graded answer's feedback as a test cell shows it (the kernel's and the static grader's); return the points."""
    print(f"{result.message} ({result.points:g} of {result.max_points:g} points)")
    for line in result.feedback:
        print(f"  - {line}")
    return result.points


def format_spec(question: Any) -> dict[str, Any]:
    """The question without its answer key or stem: enough to check an answer's format, nothing more."""
    data: dict[str, Any] = {"id": question.id, "type": question.type}
    if hasattr(question, "options"):
        data["options"] = [[o.id, o.text] for o in question.options]
    if question.type == "matching":
        data["choices"] = [[c.id, c.text] for c in question.choices]
    if question.type == "numeric" and question.answer.unit:
        data["unit"] = question.answer.unit
    return data


def _rebuild(spec: dict[str, Any]) -> Any:
    """A stand-in question with a placeholder answer, used only to check formats."""
    kind = spec["type"]
    options = [{"id": i, "text": t, "feedback": "-"} for i, t in spec.get("options", [])]
    choices = [{"id": i, "text": t} for i, t in spec.get("choices", [])]
    ids = [o["id"] for o in options]
    placeholder: Any = {
        "single": ids[0] if ids else "A",
        "multiple": ids[:1],
        "ordering": ids,
        "matching": {i: choices[0]["id"] for i in ids} if choices else {},
        "numeric": {"value": 0, "tolerance": 0, "unit": spec.get("unit", "")},
        "hotspot": ["temple"],
    }[kind]
    data: dict[str, Any] = {
        "id": spec["id"], "type": kind, "stem": "-", "explanation": "-", "topics": ["quiz"], "mblex_area": "quiz",
        "difficulty": "easy", "sources": ["quiz"], "answer": placeholder,
    }
    if options:
        data["options"] = options
    if choices:
        data["choices"] = choices
    return QUESTION_ADAPTER.validate_python(data)


def check_format(formats: dict[str, dict[str, Any]] | None = None) -> bool:
    """Check every answer variable of this quiz; print what to fix. True when all are well formed."""
    caller = sys._getframe(1).f_globals
    formats = formats if formats is not None else caller.get("QUIZ_FORMATS")
    if not isinstance(formats, dict) or not formats:
        print("I can't find this quiz's answer formats. Run the first code cell of the quiz (the one that sets QUIZ_FORMATS), then try again.")
        return False
    problems = 0
    failed = invalid_answers(caller)
    for name, spec in formats.items():
        question = _rebuild(spec)
        if name in failed:  # its cell ran but could not be read (the guard said what to type instead)
            print(f"✖ {name}: {failed[name]}")
            problems += 1
            continue
        if name not in caller:
            print(check_line(name, reason("not-run", variable=name)))
            problems += 1
            continue
        ok, message = _check_one(question, caller[name])
        if ok:
            print(f"✔ {name}: well formed.")
        else:
            problems += 1
            print(f"✖ {name}: {message}")
    if problems:
        print(f"\n{problems} answer{'s' if problems > 1 else ''} to fix before you submit. (This check says nothing about which answers are right.)")
    else:
        print("\nEvery answer is well formed. (This check says nothing about which answers are right.)")
    return problems == 0
