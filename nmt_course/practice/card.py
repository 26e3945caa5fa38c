"""A question card, and ``quick_check``: "check your understanding" in a notebook.

    from nmt_course.practice import quick_check
    quick_check("tp-upper-trap-referral", "ci-dvt-calf")

shows each bank question with answer controls that fit its type, a **Check**
button and instant feedback (see :mod:`.feedback`). A wrong answer gets a
second try before the right answer is shown: the first miss says only how the
chosen options are wrong (and the points), the second shows everything. Nothing is saved: this is
for checking understanding while reading, not for the Leitner schedule (use
:class:`~nmt_course.practice.Practice` for that).

Headless (tests, or a script)::

    qc = quick_check("tp-upper-trap-referral")
    card = qc.cards[0]
    card.control.parts[0].value = "A"
    card.check_button.click()
    card.feedback.value            # "✔ Correct: ..."
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from .. import quiz
from ..errors import NmtCourseError
from ..quiz.models import Question, Written
from ..widgets.cards import message_html
from .controls import AnswerControl, answer_control
from .feedback import feedback_html, model_answer_html, retry_html

__all__ = ["QuestionCard", "QuickCheck", "quick_check", "unknown_ids_message"]


class QuestionCard(w.VBox):
    """One question: stem, answer controls, Check, feedback.

    ``on_result(card, result)`` is called after every graded answer (the
    practice modes use it to record the answer). With ``tries=2`` a readable
    answer that is not fully right first gets a "try again" (no key shown);
    the full feedback comes with the right answer or the last try.
    """

    def __init__(self, question: Question, *, number: str = "", on_result: Callable[[QuestionCard, quiz.Result], None] | None = None,
                 show_feedback: bool = True, check_label: str = "Check", tries: int = 1) -> None:
        self.question = question
        self.result: quiz.Result | None = None
        self.tries = max(1, tries)
        self.attempts = 0
        self.on_result = on_result
        self.show_feedback = show_feedback
        self.control: AnswerControl = answer_control(question)
        prefix = f"<b>{html.escape(number)}</b> " if number else ""
        self.stem = w.HTML(f"<div style='margin:6px 0;line-height:1.4;max-width:760px'>{prefix}{html.escape(question.stem)}</div>")
        self.check_button = w.Button(description=check_label, icon="check", button_style="primary",
                                     tooltip="Check your answer")
        self.check_button.add_class("nmt-control")
        self.check_button.on_click(lambda _b: self.check())
        self.feedback = w.HTML()
        children: list[w.Widget] = [self.stem, self.control.widget, self.check_button, self.feedback]
        if question.type == "written":
            self.reveal_button = w.Button(description="Show model answer", icon="book", tooltip="Show the model answer and rubric")
            self.reveal_button.add_class("nmt-control")
            self.reveal_button.on_click(lambda _b: self.reveal())
            self.model_answer = w.HTML()
            children[3:3] = [self.reveal_button]
            children.append(self.model_answer)
        super().__init__(children, layout=w.Layout(border="1px solid #ccc", padding="6px 10px", margin="6px 0"))
        self.add_class("nmt-question")

    def check(self, value: Any = None) -> quiz.Result | None:
        """Grade the controls' answer (or ``value``); show feedback; None if the form is incomplete."""
        try:
            if value is None:
                missing = self.control.missing()
                if missing:
                    self.feedback.value = message_html(missing, "warning")
                    return None
                value = self.control.value()
            result = quiz.grade(self.question, value)
        except Exception as exc:  # never a traceback for a student
            self.feedback.value = message_html(f"That answer could not be checked ({type(exc).__name__}). Try again.", "error")
            return None
        self.result = result
        if result.valid and self.question.type != "written":
            self.attempts += 1
        if self.show_feedback and result.valid and not result.correct and 0 < self.attempts < self.tries:
            self.feedback.value = retry_html(self.question, result, tries_left=self.tries - self.attempts)
        elif self.show_feedback or not result.valid:  # an unreadable answer always gets its message
            self.feedback.value = feedback_html(self.question, result)
            if self.question.type == "written" and result.valid:
                self.reveal()
        if self.on_result is not None:
            try:
                self.on_result(self, result)
            except Exception as exc:  # saving failed in an unexpected way: say so, keep the feedback
                self.feedback.value += message_html(f"Your answer was checked but not saved ({type(exc).__name__}).", "warning")
        return result

    def reveal(self) -> None:
        """Show a written question's model answer and rubric."""
        if isinstance(self.question, Written):
            self.model_answer.value = model_answer_html(self.question)

    def lock(self, locked: bool = True) -> None:
        self.control.disable(locked)
        self.check_button.disabled = locked


def unknown_ids_message(unknown: list[str], known: list[str]) -> str:
    """Names the ids that are not in the bank, with close matches."""
    parts = []
    for qid in unknown:
        close = difflib.get_close_matches(str(qid), known, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        parts.append(f"{qid!r}{hint}")
    noun = "question" if len(unknown) == 1 else "questions"
    return f"The question bank has no {noun} {', '.join(parts)}. Check the id against the bank."


class QuickCheck(w.VBox):
    """The questions ``quick_check`` shows, stacked, each with its own Check button."""

    def __init__(self, question_ids: tuple[Any, ...]) -> None:
        self.cards: list[QuestionCard] = []
        self.message = w.HTML()
        ids: list[Any] = []
        for item in question_ids:  # quick_check(["a", "b"]) works as well as quick_check("a", "b")
            ids.extend(item if isinstance(item, (list, tuple)) else [item])
        notes: list[str] = []
        try:
            bank = quiz.load_bank()
        except NmtCourseError as err:
            bank, notes = None, [f"The question bank could not be loaded: {err}"]
        if bank is not None:
            if not ids:
                notes.append('Name the questions to show, e.g. quick_check("' + next(iter(bank.questions), "question-id") + '").')
            unknown = [i for i in ids if not isinstance(i, str) or i not in bank.questions]
            if unknown:
                notes.append(unknown_ids_message(unknown, list(bank.questions)))
            found = [bank[i] for i in dict.fromkeys(i for i in ids if isinstance(i, str) and i in bank.questions)]
            total = len(found)
            for n, q in enumerate(found, start=1):
                self.cards.append(QuestionCard(q, number=f"Question {n} of {total}." if total > 1 else "", tries=2))
        self.message.value = "".join(message_html(n, "warning") for n in notes)
        header = w.HTML("<h4 style='margin:4px 0'>✎ Check your understanding</h4>") if self.cards else w.HTML()
        super().__init__([header, self.message, *self.cards])
        self.add_class("nmt-quick-check")


def quick_check(*question_ids: str) -> QuickCheck:
    """Show bank questions with answer controls, a Check button and instant feedback.

    Unknown ids give a short message (with close matches), never an error.
    """
    return QuickCheck(question_ids)
