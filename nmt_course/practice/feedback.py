"""Feedback after an answer, as HTML: a verdict with an icon and a word, then why.

Pure (no widgets): it turns a :class:`nmt_course.quiz.Result` into what the
practice widgets show. The verdict never relies on colour alone:

- ✔ **Correct**
- ◐ **Partly right** (with the points)
- ✖ **Not right**
- ⚠️ **Check** (the answer could not be read; says what to change)
- ✎ **Written answer** (graded by an instructor; compare with the model answer)

For single- and multiple-choice questions every option's feedback is listed,
marked as the right answer or not and as chosen or not, so a student learns
why the other options were wrong too.
"""

from __future__ import annotations

import html
import re

from ..quiz import Result
from ..quiz.models import MultipleSelect, Question, SingleChoice, Written
from ..quiz.reasons import invalid_message, sentence
from . import leitner

__all__ = ["verdict", "feedback_html", "retry_html", "model_answer_html", "plain_message", "is_right"]

_CHOSEN = re.compile(r"^([A-Z]): ")


def is_right(result: Result) -> bool:
    """Full marks (within 0.1 %): partial credit counts as not yet learnt."""
    return result.valid and leitner.is_right(result.points, result.max_points)


def plain_message(result: Result) -> str:
    """The grader's message without the code-cell format hint (widgets need none)."""
    return invalid_message(result.reason, None, hint=False) if result.reason else result.message


def _points(points: float, max_points: float) -> str:
    return f"{points:g} of {max_points:g} point{'' if max_points == 1 else 's'}."


def verdict(question: Question, result: Result) -> tuple[str, str, str]:
    """(icon, word, detail) for a graded answer."""
    if question.type == "written":
        if not result.valid:
            return "⚠️", "Check", "Write your answer first."
        return "✎", "Written answer", "Your instructor grades written answers; compare yours with the model answer."
    if not result.valid:
        return "⚠️", "Check", sentence(result.reason) if result.reason else result.message
    if is_right(result):
        return "✔", "Correct", _points(result.points, result.max_points)
    if result.points > 0:
        return "◐", "Partly right", _points(result.points, result.max_points)
    return "✖", "Not right", _points(0, result.max_points)


def _option_rows(question: SingleChoice | MultipleSelect, notes: list[str]) -> list[str]:
    chosen = {m.group(1) for n in notes if (m := _CHOSEN.match(n))}
    right = set(question.answer) if isinstance(question, MultipleSelect) else {question.answer}
    rows = []
    for o in question.options:
        mark = "✔ right answer" if o.id in right else "✖ not right"
        pick = "; <b>you chose it</b>" if o.id in chosen else ""
        rows.append(f"<li><b>{o.id}.</b> {html.escape(o.text)} ({mark}{pick}): {html.escape(o.feedback)}</li>")
    return rows


def feedback_html(question: Question, result: Result) -> str:
    """Verdict, per-option (or per-item) feedback and the explanation, as HTML."""
    icon, word, detail = verdict(question, result)
    out = [f"<div role='status' aria-live='polite' class='nmt-feedback' style='margin:6px 0;line-height:1.4'>"
           f"<div style='font-size:1.05em'>{icon} <b>{word}:</b> {html.escape(detail)}</div>"]
    if result.valid and question.type != "written":
        notes, explanation = result.feedback[:-1], result.feedback[-1] if result.feedback else ""
        if isinstance(question, (SingleChoice, MultipleSelect)):
            rows = _option_rows(question, notes)
            out.append("<div style='margin-top:4px'><b>Each option:</b></div>")
        else:
            rows = [f"<li>{html.escape(n)}</li>" for n in notes]
        if rows:
            out.append("<ul style='margin:2px 0 6px 18px;padding:0'>" + "".join(rows) + "</ul>")
        if explanation:
            out.append(f"<div>ℹ️ <b>Explanation:</b> {html.escape(explanation)}</div>")
    out.append("</div>")
    return "".join(out)


def retry_html(question: Question, result: Result, *, tries_left: int) -> str:
    """A miss with a try left: the verdict, why the chosen options are wrong, and no key."""
    icon, word, detail = verdict(question, result)
    word = "Partly right" if result.points > 0 else "Not right yet"
    out = [f"<div role='status' aria-live='polite' class='nmt-feedback nmt-retry' style='margin:6px 0;line-height:1.4'>"
           f"<div style='font-size:1.05em'>{icon} <b>{word}:</b> {html.escape(detail)} "
           f"Try again: {tries_left} more {'try' if tries_left == 1 else 'tries'} before the answer is shown.</div>"]
    if question.type in ("single", "multiple"):
        right = set(question.answer) if isinstance(question, MultipleSelect) else {question.answer}
        chosen = [m.group(1) for n in result.feedback if (m := _CHOSEN.match(n))]
        wrong = [question.option(c) for c in chosen if c not in right]
        rows = [f"<li><b>{o.id}.</b> {html.escape(o.text)}: {html.escape(o.feedback)}</li>" for o in wrong if o is not None]
        if rows:
            out.append("<div style='margin-top:4px'><b>Why not:</b></div><ul style='margin:2px 0 6px 18px;padding:0'>"
                       + "".join(rows) + "</ul>")
    out.append("</div>")
    return "".join(out)


def model_answer_html(question: Written) -> str:
    """A written question's model answer, rubric and explanation."""
    rubric = "".join(f"<li>{html.escape(r.criterion)} ({r.points:g} pt)</li>" for r in question.rubric)
    return (
        f"<div class='nmt-model-answer' style='margin:6px 0;line-height:1.4'>📖 <b>Model answer:</b> "
        f"{html.escape(question.model_answer)}<div style='margin-top:4px'><b>What the grader looks for:</b></div>"
        f"<ul style='margin:2px 0 6px 18px;padding:0'>{rubric}</ul>"
        f"<div>ℹ️ <b>Explanation:</b> {html.escape(question.explanation)}</div></div>"
    )
