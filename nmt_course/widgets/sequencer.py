"""The session sequencer: build an NMT session plan step by step and get feedback as you go.

    from nmt_course.widgets import SessionSequencer
    app = SessionSequencer(["intake", "consent"], minutes=60)
    app.add("screening"); app.move_up(2); app.remove(0)
    app.review.ok, app.review.findings, app.markdown()

Pick a step from the list and press Add; each step in the plan has its
minutes and Up, Down and Remove buttons. The feedback list explains every rule
the plan breaks (✖ error, ⚠ warning, 💡 tip, never colour alone) and the
timeline shows the plan against the booked time. All the reasoning lives in
:mod:`nmt_course.session`; this class only shows it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go

from ..clinical import session
from ..errors import NmtCourseError
from ..figures import describe
from ..figures.timeline import session_timeline
from .cards import message_html
from .figure_widget import CourseFigureWidget, replace_in, updates_in_place

__all__ = ["SessionSequencer", "SequencerState"]


@dataclass
class SequencerState:
    steps: list[session.PlanStep] = field(default_factory=list)
    minutes: int = 60
    findings: tuple[Any, ...] = ()  # screening findings the plan must respect


class SessionSequencer(w.VBox):
    """Palette + plan list + live feedback + timeline + Markdown export."""

    def __init__(self, steps: Any = (), *, minutes: int = 60, findings: Any = None):
        self.state = SequencerState(minutes=minutes, findings=tuple(getattr(findings, "findings", findings) or ()))
        self.palette = w.Dropdown(
            options=[("Choose a step…", "")] + [(s.name, s.id) for s in session.STEPS.values()],
            value="", description="Step:", layout=w.Layout(width="460px"),
        )
        self.add_button = w.Button(description="Add", icon="plus", tooltip="Add the chosen step to the end of the plan")
        booked_ok = isinstance(minutes, int) and not isinstance(minutes, bool)
        self.booked = w.BoundedIntText(value=minutes if booked_ok else 60, min=10, max=180, step=5,
                                       description="Booked min:", layout=w.Layout(width="200px"))
        self.state.minutes = self.booked.value  # clamped to what the control allows
        self.message = w.HTML()
        self.rows = w.VBox()
        self.feedback = w.HTML()
        self.export_button = w.Button(description="Export as Markdown", icon="file-text",
                                      tooltip="Show the plan and its review as Markdown you can copy")
        self.export_text = w.Textarea(rows=12, layout=w.Layout(width="100%", display="none"))
        self.chart: go.FigureWidget = CourseFigureWidget(session_timeline([], minutes=self.state.minutes))
        self.chart_caption = w.HTML(layout=w.Layout(max_width="900px"))
        self.chart_caption.add_class("nmt-figure-description")
        for control in (self.palette, self.add_button, self.booked, self.export_button):
            control.add_class("nmt-control")

        self.add_button.on_click(lambda _b: self._add_from_palette())
        self.booked.observe(self._on_booked, names="value")
        self.export_button.on_click(lambda _b: self._export())
        if not booked_ok:
            self.message.value = message_html(f"Booked minutes must be a whole number like 60, not {minutes!r}; "
                                              "using 60.", "warning")
        try:
            self.state.steps = session.plan_steps(steps)
        except NmtCourseError as err:
            self.message.value = message_html(f"{err} The plan starts empty instead.", "warning")
        palette = w.HBox([self.palette, self.add_button, self.booked])
        super().__init__([
            w.HTML("<h3 style='margin:0'>Plan an NMT session</h3>"), palette, self.message,
            w.HTML("<b>Your plan</b> (minutes per step; use Up and Down to reorder):"), self.rows,
            self.feedback, self.chart, self.chart_caption, self.export_button, self.export_text,
        ])
        self.add_class("nmt-sequencer")
        self._rebuild()

    # public API --------------------------------------------------------------
    @property
    def steps(self) -> list[str]:
        return [p.step for p in self.state.steps]

    @property
    def review(self) -> session.PlanReview:
        return session.check_plan(self.state.steps, self.state.minutes, self.state.findings)

    @property
    def figure(self) -> go.Figure:
        """The timeline of the current plan (a plain Figure; ``chart`` shows the same in a FigureWidget)."""
        return session_timeline(self.review)

    def markdown(self) -> str:
        return session.plan_markdown(self.review)

    def add(self, step: Any, minutes: int | None = None) -> bool:
        """Add a step (id, name or alias) at the end; an unknown name gets a message and False."""
        try:
            (new,) = session.plan_steps([step if minutes is None else (step, minutes)])
        except NmtCourseError as err:
            return self._say(str(err), "warning")
        self.state.steps.append(new)
        self._rebuild()
        return self._say(f"Added '{new.info.name}' as step {len(self.state.steps)}.", "ok", True)

    def move_up(self, index: int) -> bool:
        return self._move(index, -1)

    def move_down(self, index: int) -> bool:
        return self._move(index, +1)

    def remove(self, index: int) -> bool:
        if not self._valid(index):
            return False
        gone = self.state.steps.pop(index)
        self._rebuild()
        return self._say(f"Removed '{gone.info.name}'.", "ok", True)

    def set_minutes(self, index: int, minutes: int) -> bool:
        if not self._valid(index):
            return False
        try:
            (p,) = session.plan_steps([(self.state.steps[index].step, minutes)])
        except NmtCourseError as err:
            return self._say(str(err), "warning")
        self.state.steps[index] = replace(self.state.steps[index], minutes=p.minutes)
        self._refresh()
        return True

    def set_booked(self, minutes: int) -> None:
        self.booked.value = minutes  # clamped by the control; observed below

    def clear(self) -> None:
        self.state.steps.clear()
        self._rebuild()

    # callbacks -----------------------------------------------------------------
    def _add_from_palette(self) -> None:
        if not self.palette.value:
            self._say("Choose a step from the list first, then press Add.", "info")
            return
        self.add(self.palette.value)

    def _on_booked(self, change: dict) -> None:
        self.state.minutes = int(change["new"])
        self._refresh()

    def _export(self) -> None:
        self.export_text.value = self.markdown()
        self.export_text.layout.display = ""
        self._say("The Markdown is below: select it and copy it into your notes.", "ok")

    # helpers -------------------------------------------------------------------
    def _say(self, text: str, kind: str, result: bool = False) -> bool:
        self.message.value = message_html(text, kind)
        return result

    def _valid(self, index: Any) -> bool:
        n = len(self.state.steps)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < n:
            hint = f"from 0 to {n - 1}" if n else "none yet: add a step first"
            self._say(f"There is no step number {index!r} in the plan (steps are counted from 0: {hint}).", "warning")
            return False
        return True

    def _move(self, index: int, offset: int) -> bool:
        if not self._valid(index):
            return False
        target = index + offset
        if not 0 <= target < len(self.state.steps):
            return self._say(f"'{self.state.steps[index].info.name}' is already at the "
                             f"{'top' if offset < 0 else 'bottom'}.", "info")
        steps = self.state.steps
        steps[index], steps[target] = steps[target], steps[index]
        self._rebuild()
        return self._say(f"Moved '{steps[target].info.name}' to step {target + 1}.", "ok", True)

    def _row(self, i: int, p: session.PlanStep) -> w.HBox:
        minutes = w.BoundedIntText(value=p.minutes, min=1, max=120, description="min", layout=w.Layout(width="120px"))
        minutes.observe(lambda ch, i=i: self.set_minutes(i, int(ch["new"])), names="value")
        up = w.Button(description="Up", icon="arrow-up", tooltip=f"Move step {i + 1} up", layout=w.Layout(width="70px"))
        down = w.Button(description="Down", icon="arrow-down", tooltip=f"Move step {i + 1} down", layout=w.Layout(width="80px"))
        drop = w.Button(description="Remove", icon="trash", tooltip=f"Remove step {i + 1}", layout=w.Layout(width="95px"))
        up.on_click(lambda _b, i=i: self.move_up(i))
        down.on_click(lambda _b, i=i: self.move_down(i))
        drop.on_click(lambda _b, i=i: self.remove(i))
        label = w.HTML(f"{i + 1}. {html.escape(p.info.name)} <small>({p.info.phase})</small>", layout=w.Layout(width="430px"))
        return w.HBox([label, minutes, up, down, drop])

    def _rebuild(self) -> None:
        self.rows.children = [self._row(i, p) for i, p in enumerate(self.state.steps)] or [
            w.HTML("<i>No steps yet: choose one above and press Add (start with intake).</i>")]
        self._refresh()

    def _refresh(self) -> None:
        review = self.review
        items = "".join(
            f"<li>{html.escape(str(f))} <small>[{html.escape(f.source)}]</small></li>" for f in review.findings)
        screening = ""
        if self.state.findings:
            names = ", ".join(html.escape(f.name) for f in self.state.findings)
            screening = f"<p>ℹ️ <b>Screening findings the plan must respect:</b> {names}</p>"
        self.feedback.value = (
            f"<div role='status' aria-live='polite'><p><b>{html.escape(review.summary())}</b></p>"
            f"{screening}<ul style='margin:2px 0 6px 18px;padding:0'>{items}</ul></div>"
        )
        fig = session_timeline(review)
        if not updates_in_place():  # the browser site: a new widget takes the old one's place
            self.chart = replace_in(self, self.chart, fig)
        else:
            with self.chart.batch_update():
                self.chart.data = ()
                self.chart.add_traces(list(fig.data))
                self.chart.layout = fig.layout
        self.chart_caption.value = (
            "<p role='note' aria-live='polite' style='font-size:0.95em;margin:4px 0'>"
            f"<b>What the chart shows:</b> {html.escape(describe(fig))}</p>"
        )
        if self.export_text.layout.display != "none":
            self.export_text.value = self.markdown()
