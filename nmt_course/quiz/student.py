"""What runs inside a quiz notebook: the hidden test cells and the students' self-check.

``grade_cell("q07", quiz="week-3", version="...")`` is the body of every
hidden test cell (:func:`nmt_course.quiz.keys.hidden_test_source`). It runs
where nbgrader's kernel grades, as the instructor: it finds the question in
the course's answer key (:mod:`.keys`), reads the answer ``q07`` from the
notebook, grades it with the shared scorer, shows the feedback block
(:mod:`.feedback`) and returns the points, so the value is the cell's last
bare expression (nbgrader's partial credit). It never writes to stderr and
never raises for anything a student can type; a missing or mismatched key is
an :class:`~nmt_course.quiz.keys.AnswerKeyError` for the instructor. Quizzes
built before keys left the notebook call ``grade_cell(spec, answer)``, which
still works.

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
from .models import QUESTION_ADAPTER
from .reasons import check_line, reason
from .scoring import Result, grade
from .scoring import check_format as _check_one

__all__ = ["grade_cell", "grade_question", "show_feedback", "check_format", "format_spec", "install_answer_guard"]

_UNSET: Any = object()


class _Typed:
    """An answer cell that was typed but could not run: there is an answer, it just cannot be read."""

    def __repr__(self) -> str:
        return "<an answer that could not run>"


_TYPED = _Typed()


def grade_cell(question: str | dict[str, Any], answer: Any = _UNSET, *, quiz: str | None = None, version: str | None = None) -> float:
    """Grade one answer inside a hidden test cell; show the feedback block; return the points.

    ``grade_cell("q07", quiz=..., version=...)`` reads ``q07`` from the
    notebook (the calling cell's globals) and its key from the course folder;
    ``grade_cell(spec, answer)`` is the older form with the question inline.
    """
    from .keys import GradeCall, lookup

    caller = sys._getframe(1).f_globals
    if isinstance(question, dict):
        call = GradeCall(str(question.get("id", "q")), spec=question)
    else:
        call = GradeCall(question, quiz=quiz, version=version)
        if answer is _UNSET:
            answer = caller.get(question)
    keyed = lookup(call)
    result = grade(keyed.question, answer)
    typed = invalid_answers(caller).get(call.variable) if answer is None else None
    if typed:  # the cell was typed but could not run (the guard said what to type instead): not valid, not "not answered"
        result = Result(0.0, keyed.points, False, f"{typed[:1].upper()}{typed[1:]}.")
        answer = _TYPED
    return show_feedback(keyed.question, result, answer=answer, number=keyed.number, reveal=keyed.reveal_answers)


def grade_question(question: Any, answer: Any, *, number: int = 0, reveal: bool = True) -> float:
    """Grade an answer to a question already built: show the feedback block, return the points."""
    return show_feedback(question, grade(question, answer), answer=answer, number=number, reveal=reveal)


def show_feedback(question: Any, result: Any, *, answer: Any, number: int, reveal: bool) -> float:
    """Show a graded answer's feedback block (HTML in a notebook, text elsewhere); return the points."""
    from .feedback import render_feedback

    bundle = render_feedback(question, result, answer=answer, number=number, reveal=reveal)
    shell = None
    if "IPython" in sys.modules:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is not None:
        from IPython.display import publish_display_data

        publish_display_data(bundle)
    else:
        print(bundle["text/plain"])
    return result.points


def format_spec(question: Any) -> dict[str, Any]:
    """What the answer check needs: the type and the options the student sees. No id, no key, no stem."""
    data: dict[str, Any] = {"type": question.type}
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
        "id": "q", "type": kind, "stem": "-", "explanation": "-", "topics": ["quiz"], "mblex_area": "quiz",
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
