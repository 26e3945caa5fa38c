"""Practice with spaced repetition: due questions first, every answer remembered.

    from nmt_course.practice import Practice
    Practice(topic="trigger-points")             # or area="kinesiology", or neither

One question at a time, with answer controls, **Check** and feedback; the
answer is saved at once (see :mod:`.store`) and moves the question between
Leitner boxes (see :mod:`.leitner`). **Next question** serves what is due;
when nothing is, it says when the next review falls due and offers to
practise ahead. **My progress** draws the chart of :func:`.chart.progress_chart`.

Headless::

    app = Practice(topic="anatomy", db_path=tmp / "p.sqlite", clock=lambda: now)
    app.answer("B")        # a Result, or None with a message
    app.next()             # the next question, or None with a message

A mistake (unknown topic, odd answer, unwritable progress file) is a short
message in :attr:`Practice.message`, never a traceback.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from .. import quiz
from ..errors import NmtCourseError
from ..widgets.cards import message_html
from . import leitner, selection
from .card import QuestionCard
from .mock import MockExam
from .store import ProgressError, ProgressStore, clean_learner

if TYPE_CHECKING:
    from ..quiz.models import Question

__all__ = ["Practice", "MockExam", "when_text"]

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def when_text(due: datetime, now: datetime) -> str:
    """'now', 'in 5 hours', 'in 3 days': how long until ``due``."""
    seconds = (leitner.as_utc(due) - leitner.as_utc(now)).total_seconds()
    if seconds <= 60:
        return "now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = round(seconds / size)
            return f"in {n} {unit}{'' if n == 1 else 's'}"
    return "now"  # pragma: no cover


class Practice(w.VBox):
    """Questions by topic or content area, scheduled with Leitner boxes, saved per learner."""

    def __init__(self, topic: str | None = None, area: str | None = None, learner: str | None = None,
                 db_path: Any = None, *, clock: Clock | None = None, seed: int | str | None = None) -> None:
        self.clock = clock or _utc_now
        self.learner = clean_learner(learner)
        self.seed = seed if seed is not None else self.learner
        self.store = ProgressStore(db_path)
        self.questions: list[Any] = []
        self.current: Any = None
        self.card: QuestionCard | None = None
        self.result: quiz.Result | None = None
        self.recent: list[str] = []
        self.description = ""
        self.message = w.HTML()
        self.status = w.HTML()
        self.card_holder = w.VBox()
        self.next_button = w.Button(description="Next question", icon="arrow-right", tooltip="Serve the next due question")
        self.ahead_button = w.Button(description="Practise ahead", icon="forward", tooltip="Practise questions not due yet",
                                     layout=w.Layout(display="none"))
        self.progress_button = w.Button(description="My progress", icon="bar-chart", tooltip="Show the progress chart")
        self.chart_holder = w.VBox()
        for b in (self.next_button, self.ahead_button, self.progress_button):
            b.add_class("nmt-control")
        self.next_button.on_click(lambda _b: self._safely(self.next))
        self.ahead_button.on_click(lambda _b: self._safely(lambda: self.next(ahead=True)))
        self.progress_button.on_click(lambda _b: self._safely(self.show_progress))
        notes = [message_html(self.store.notice, "warning")] if self.store.notice else []
        try:
            chosen = selection.choose(quiz.load_bank(), topic=topic, area=area)
            self.questions, self.description = chosen.questions, chosen.description
            if not self.questions:
                notes.append(message_html(f"There are no questions to practise here ({chosen.description}).", "warning"))
        except NmtCourseError as err:
            notes.append(message_html(str(err), "error"))
        self.notices = w.HTML("".join(notes))
        super().__init__([
            w.HTML("<h3 style='margin:0'>Practice</h3>"), self.notices, self.status, self.card_holder, self.message,
            w.HBox([self.next_button, self.ahead_button, self.progress_button]), self.chart_holder,
        ])
        self.add_class("nmt-practice")
        if self.questions:
            self.next()
        self._show_status()

    # public API --------------------------------------------------------------
    def answer(self, value: Any = None) -> quiz.Result | None:
        """Check ``value`` (or what the controls hold) for the current question; save it."""
        if self.card is None:
            self.message.value = message_html("No question is showing: press Next question.", "info")
            return None
        if self.result is not None:
            self.message.value = message_html("You have answered this one: press Next question for another.", "info")
            return None
        return self.card.check(value)

    def next(self, ahead: bool = False) -> Any:
        """Show the next due question (or, with ``ahead``, the soonest due); None when there is none."""
        self.ahead_button.layout.display = "none"
        if not self.questions:
            self.message.value = message_html("There are no questions to practise here.", "warning")
            return None
        now = self.clock()
        states = self._states()
        ids = [q.id for q in self.questions]
        due = leitner.due_questions(ids, states, now, seed=self.seed, exclude=self.recent[-3:], limit=1)
        if not due and ahead:
            due = sorted(ids, key=lambda i: (states[i].due, i) if i in states else (now, i))[:1]
        if not due:
            soon = leitner.next_due_time(ids, states)
            when = when_text(soon, now) if soon else "later"
            self.message.value = message_html(
                f"Well done: nothing is due now. The next review is due {when}. Come back then, or practise ahead.", "ok")
            self.ahead_button.layout.display = None
            self._show_card(None)
            return None
        by_id = {q.id: q for q in self.questions}
        self.message.value = ""
        self._show_card(by_id[due[0]])
        self._show_status(states)
        return self.current

    def chart(self) -> Any:
        """The progress chart for this learner and file (a plotly Figure)."""
        from .chart import progress_chart

        return progress_chart(self.learner, self.store.path if not self.store.in_memory else None, store=self.store)

    def show_progress(self) -> None:
        from ..figures import describe
        from ..widgets.figure_widget import CourseFigureWidget

        fig = self.chart()
        caption = w.HTML(f"<p role='note' style='font-size:0.95em'><b>What the chart shows:</b> "
                         f"{html.escape(describe(fig))}</p>")
        caption.add_class("nmt-figure-description")
        self.chart_holder.children = [CourseFigureWidget(fig), caption]

    # helpers -----------------------------------------------------------------
    def _states(self) -> dict[str, leitner.CardState]:
        try:
            return self.store.states(self.learner)
        except ProgressError as err:
            self.notices.value = message_html(str(err), "warning")
            return {}

    def _show_card(self, question: Question | None) -> None:
        self.current, self.result = question, None
        self.card = QuestionCard(question, on_result=self._record) if question is not None else None
        self.card_holder.children = [self.card] if self.card is not None else []

    def _record(self, card: QuestionCard, result: quiz.Result) -> None:
        if not result.valid or card is not self.card:
            return
        self.result = result
        card.lock()
        self.recent.append(card.question.id)
        now = self.clock()
        try:
            state = self.store.record(self.learner, card.question.id, result.points, result.max_points, now=now)
        except ProgressError as err:
            self.message.value = message_html(str(err), "warning")
            return
        due = when_text(state.due, now) if state.due else "later"
        self.message.value = message_html(f"Saved. This question is now in box {state.box} of 5, due again {due}. "
                                          "Press Next question.", "ok")
        self._show_status()

    def _show_status(self, states: dict[str, leitner.CardState] | None = None) -> None:
        if not self.questions:
            self.status.value = ""
            return
        states = self._states() if states is None else states
        ids = [q.id for q in self.questions]
        counts = leitner.box_counts(ids, states)
        learnt = sum(counts[str(b)] for b in leitner.BOXES if b >= leitner.LEARNT_BOX)
        boxes = ", ".join(f"box {b}: {counts[str(b)]}" for b in leitner.BOXES)
        self.status.value = (f"<div style='margin:4px 0'>👤 <b>{html.escape(self.learner)}</b> · "
                             f"{html.escape(self.description)} · new: {counts['new']}, {boxes} · "
                             f"<b>learnt (box 3 or higher): {learnt} of {len(ids)}</b></div>")

    def _safely(self, action: Callable[[], Any]) -> None:
        try:
            action()
        except Exception as exc:  # a button must never show a traceback
            self.message.value = message_html(f"That did not work ({type(exc).__name__}: {exc}). Try again.", "error")
