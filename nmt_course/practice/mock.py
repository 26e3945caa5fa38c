"""A timed mock MBLEx: questions weighted by the content outline, scored by area.

    from nmt_course.practice import MockExam
    MockExam()                       # 100 questions, 110 minutes
    MockExam(n=20)                   # 20 questions, 22 minutes (time scales with n)

Press **Start the exam**; answer each question and press **Save answer** (no
feedback until the end, as in the real exam), or **Skip** it to come back
later. The time left is shown above the question and updated on every
action (and every second while the page is open, by a hidden ipywidgets
``Play`` timer in the browser: no background thread in the kernel). When the
time is up, or on **Finish exam**, the exam is scored by content area and
every missed question is listed with its explanation.

Each saved answer is written to the progress file at once (mode ``mock``) and
moves the question between Leitner boxes like a practice answer does.

Headless: ``exam.start()``, ``exam.answer("B")``, ``exam.skip()``,
``exam.finish()``, ``exam.time_left``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import ipywidgets as w

from .. import knowledge as kb
from .. import quiz
from ..errors import NmtCourseError
from ..widgets.cards import message_html
from . import leitner, selection
from .card import QuestionCard
from .exam import ExamScore, clock_text, default_minutes, score_exam
from .feedback import feedback_html
from .store import ProgressError, ProgressStore, clean_learner

__all__ = ["MockExam"]


def _number(value: Any, what: str, low: float, high: float, *, whole: bool) -> float:
    try:
        number = float(value) if not isinstance(value, bool) else float("nan")
    except (TypeError, ValueError):
        number = float("nan")
    if not (low <= number <= high) or (whole and number != int(number)):
        kind = "a whole number" if whole else "a number"
        raise NmtCourseError(f"{what} must be {kind} from {low:g} to {high:g}, not {value!r}.")
    return int(number) if whole else number


class MockExam(w.VBox):
    """``n`` questions weighted by the MBLEx outline, ``minutes`` to answer them."""

    def __init__(self, n: int = 100, minutes: float | None = None, seed: int | None = None, learner: str | None = None,
                 db_path: Any = None, *, clock: Callable[[], datetime] | None = None) -> None:
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.learner = clean_learner(learner)
        self.store = ProgressStore(db_path)
        self.questions: list[Any] = []
        self.queue: list[str] = []
        self.results: dict[str, quiz.Result] = {}
        self.score: ExamScore | None = None
        self.started_at: datetime | None = None
        self.limit_seconds = 0.0
        self.session = ""
        self.seed = seed
        self.card: QuestionCard | None = None
        self.intro, self.timer, self.counter, self.message, self.report = (w.HTML() for _ in range(5))
        self.card_holder = w.VBox()
        self.start_button = w.Button(description="Start the exam", icon="play", button_style="primary")
        self.skip_button = w.Button(description="Skip", icon="forward", tooltip="Come back to this question later")
        self.finish_button = w.Button(description="Finish exam", icon="flag-checkered", tooltip="End the exam and see your score")
        self.ticker = w.Play(value=0, min=0, max=10**7, interval=1000, show_repeat=False, layout=w.Layout(display="none"))
        self.ticker.observe(lambda _c: self._safely(self._tick), "value")
        self.start_button.on_click(lambda _b: self._safely(self.start))
        self.skip_button.on_click(lambda _b: self._safely(self.skip))
        self.finish_button.on_click(lambda _b: self._safely(self.finish))
        self.controls = w.HBox([self.skip_button, self.finish_button], layout=w.Layout(display="none"))
        for b in (self.start_button, self.skip_button, self.finish_button):
            b.add_class("nmt-control")
        notes = [message_html(self.store.notice, "warning")] if self.store.notice else []
        try:
            count = int(_number(n, "The number of questions (n)", 1, 500, whole=True))
            minutes = default_minutes(count) if minutes is None else _number(minutes, "The time limit (minutes)", 1, 600, whole=False)
            plan = selection.mock_exam(quiz.load_bank(), n=count, seed=seed)
            self.questions, self.limit_seconds = plan.questions, float(minutes) * 60
            self.seed = plan.seed
            notes += [message_html(note, "info") for note in plan.notes]
            self.intro.value = (f"<p>{len(self.questions)} questions, weighted by the MBLEx content outline; "
                                f"<b>{clock_text(self.limit_seconds)}</b> to answer them. No feedback until the end. "
                                "The real exam reports a scaled score: use this one to find what to study.</p>")
        except NmtCourseError as err:
            notes.append(message_html(str(err), "error"))
            self.start_button.disabled = True
        self.notices = w.HTML("".join(notes))
        super().__init__([
            w.HTML("<h3 style='margin:0'>Mock MBLEx</h3>"), self.notices, self.intro, self.start_button,
            w.HBox([self.timer, self.counter]), self.card_holder, self.message, self.controls, self.report, self.ticker,
        ])
        self.add_class("nmt-mock-exam")

    # public API --------------------------------------------------------------
    @property
    def time_left(self) -> float:
        """Seconds left (the whole limit before the start, 0 when over)."""
        if self.started_at is None:
            return self.limit_seconds
        return max(0.0, self.limit_seconds - (self.clock() - self.started_at).total_seconds())

    @property
    def finished(self) -> bool:
        return self.score is not None

    def start(self) -> None:
        if not self.questions or self.started_at is not None:
            return
        self.started_at = self.clock()
        self.session = f"mock-{self.started_at:%Y%m%dT%H%M%SZ}-{self.seed}"
        self.queue = [q.id for q in self.questions]
        self.message.value = ""
        self.start_button.layout.display = "none"
        self.controls.layout.display = None
        self.ticker.playing = False
        self.ticker.playing = True  # the browser's timer starts on this change
        self._show_current()

    def answer(self, value: Any = None) -> quiz.Result | None:
        """Save an answer to the current question (``value``, or what the controls hold) and move on."""
        if not self._running():
            return None
        assert self.card is not None
        return self.card.check(value)

    def skip(self) -> None:
        if not self._running():
            return
        if len(self.queue) == 1:
            self.message.value = message_html("This is the last question left: answer it, or finish the exam.", "info")
            return
        self.queue.append(self.queue.pop(0))
        self.message.value = message_html("Skipped: it comes back after the others.", "info")
        self._show_current()

    def finish(self, timed_out: bool = False) -> ExamScore | None:
        """End the exam and show the score by content area."""
        if self.started_at is None or self.score is not None:
            return self.score
        self.ticker.playing = False
        self.score = score_exam(self.questions, self.results, outline=kb.load().mblex, timed_out=timed_out)
        self.queue, self.card = [], None
        self.card_holder.children = []
        self.controls.layout.display = "none"
        self._update_clock()
        self.report.value = self._report_html(self.score)
        kind = "warning" if timed_out else "ok"
        self.message.value = message_html(("Time is up. " if timed_out else "Exam finished. ") + self.score.summary(), kind)
        return self.score

    # helpers -----------------------------------------------------------------
    def _running(self) -> bool:
        if self.started_at is None:
            self.message.value = message_html("Press Start the exam first." if self.questions else
                                              "There is no exam to take (see the message above).", "info")
            return False
        if self.score is not None:
            self.message.value = message_html("The exam is over: your score is below.", "info")
            return False
        if self.time_left <= 0:
            self.finish(timed_out=True)
            return False
        return True

    def _show_current(self) -> None:
        by_id = {q.id: q for q in self.questions}
        question = by_id[self.queue[0]]
        done = len(self.results)
        self.card = QuestionCard(question, number=f"Question {done + 1} of {len(self.questions)}.", on_result=self._saved,
                                 show_feedback=False, check_label="Save answer")
        self.card_holder.children = [self.card]
        self._update_clock()

    def _saved(self, card: QuestionCard, result: quiz.Result) -> None:
        if not result.valid or card is not self.card:
            return
        qid = card.question.id
        self.results[qid] = result
        self.queue.remove(qid)
        try:
            self.store.record(self.learner, qid, result.points, result.max_points, now=self.clock(),
                              mode="mock", session=self.session)
            self.message.value = message_html("Answer saved.", "ok")
        except ProgressError as err:
            self.message.value = message_html(f"{err} The exam goes on; the score at the end still counts it.", "warning")
        if self.queue:
            self._show_current()
        else:
            self.finish()

    def _tick(self) -> None:
        if self.started_at is None or self.score is not None:
            return
        if self.time_left <= 0:
            self.finish(timed_out=True)
        else:
            self._update_clock()

    def _update_clock(self) -> None:
        self.timer.value = (f"<b role='timer' aria-live='off'>⏱ Time left: {clock_text(self.time_left)}</b> "
                            f"of {clock_text(self.limit_seconds)}&nbsp;&nbsp;")
        self.counter.value = f"Answered: {len(self.results)} of {len(self.questions)}"

    def _report_html(self, score: ExamScore) -> str:
        e = html.escape
        rows = "".join(f"<tr><td>{e(a.name)}</td><td style='text-align:right'>{a.right} of {a.total}</td>"
                       f"<td style='text-align:right'>{a.percent:.0f} %</td></tr>" for a in score.by_area)
        table = (f"<h4 style='margin:8px 0 2px'>Score by content area</h4><table><tr><th style='text-align:left'>Area</th>"
                 f"<th>Right</th><th>Share</th></tr>{rows}<tr><th style='text-align:left'>All</th>"
                 f"<th style='text-align:right'>{score.right} of {score.total}</th>"
                 f"<th style='text-align:right'>{score.percent:.0f} %</th></tr></table>")
        missed = []
        for q in self.questions:
            result = self.results.get(q.id)
            if result is None:
                missed.append(f"<li><p>{e(q.stem)}</p>✖ <b>Not answered.</b> ℹ️ {e(q.explanation)}</li>")
            elif not (result.valid and leitner.is_right(result.points, result.max_points)):
                missed.append(f"<li><p>{e(q.stem)}</p>{feedback_html(q, result)}</li>")
        review = (f"<h4 style='margin:8px 0 2px'>Review what you missed ({len(missed)})</h4><ol>{''.join(missed)}</ol>"
                  if missed else "<p>✔ Every question right.</p>")
        return table + review

    def _safely(self, action: Callable[[], Any]) -> None:
        try:
            action()
        except Exception as exc:  # a button must never show a traceback
            self.message.value = message_html(f"That did not work ({type(exc).__name__}: {exc}). Try again.", "error")
