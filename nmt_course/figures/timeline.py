"""The session timeline: one horizontal bar per step, from its start minute to its end.

Bars are grouped by phase (intake, assessment, warming, treatment,
lengthening, reassessment, closing); each phase has its own colour from the
Okabe-Ito colour-blind-safe palette *and* its own fill pattern, and the legend
names it, so colour is never the only cue. A dashed line marks the booked
length; time planned beyond it is shaded and labelled. The text description
is in ``fig.layout.meta["description"]`` (see :func:`nmt_course.figures.describe`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go

from ..clinical import session
from .described import DescribedFigure

__all__ = ["PHASE_STYLE", "session_timeline"]

#: phase -> (colour, plotly fill-pattern shape)
PHASE_STYLE: dict[str, tuple[str, str]] = {
    "intake": ("#999999", ""),
    "assessment": ("#56B4E9", "."),
    "warming": ("#E69F00", "/"),
    "treatment": ("#D55E00", "x"),
    "lengthening": ("#009E73", "-"),
    "reassessment": ("#0072B2", "\\"),
    "closing": ("#CC79A7", "+"),
}


def session_timeline(
    plan: Iterable[Any] | session.PlanReview,
    *,
    minutes: int | None = None,
    title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """A Gantt-style chart of a plan (step names, ``(step, minutes)`` pairs, PlanSteps or a PlanReview).

    ``minutes`` is the booked length (taken from a PlanReview when not given);
    without it no booked-time line is drawn.
    """
    booked: int | None
    if isinstance(plan, session.PlanReview):
        steps, booked = list(plan.plan), minutes if minutes is not None else plan.minutes
    else:
        steps, booked = session.plan_steps(plan), minutes
    labels = [f"{i}. {p.info.name}" for i, p in enumerate(steps, 1)]
    starts, start = [], 0
    for p in steps:
        starts.append(start)
        start += p.minutes or 0
    total = start

    fig = DescribedFigure()
    for phase, (colour, pattern) in PHASE_STYLE.items():
        idx = [i for i, p in enumerate(steps) if p.info.phase == phase]
        if not idx:
            continue
        fig.add_trace(go.Bar(
            orientation="h", y=[labels[i] for i in idx], x=[steps[i].minutes for i in idx],
            base=[starts[i] for i in idx], name=f"{phase} ({session.PHASES[phase]})",
            marker={"color": colour, "line": {"color": "#333333", "width": 1},
                    "pattern": {"shape": pattern, "fgcolor": "#333333", "solidity": 0.25}},
            text=[f"{steps[i].minutes} min" for i in idx], textposition="outside", textangle=0, cliponaxis=False,
            hovertemplate="%{y}<br>minute %{base} to %{customdata}<extra>" + phase + "</extra>",
            customdata=[starts[i] + (steps[i].minutes or 0) for i in idx],
            meta={"role": "phase", "phase": phase, "steps": [steps[i].step for i in idx]},
        ))
    if booked:
        over = total - booked
        note = f"booked: {booked} min" + (f" (plan {over} min over)" if over > 0 else "")
        fig.add_vline(x=booked, line_dash="dash", line_color="#000000", line_width=2, layer="above",
                      annotation_text=note, annotation_position="top")
        if over > 0:
            fig.add_vrect(x0=booked, x1=total, fillcolor="#D55E00", opacity=0.12, line_width=0)
    if not steps:
        fig.add_annotation(text="Add steps to see the timeline.", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font={"size": 16})

    fig.update_layout(
        title={"text": title or _title(len(steps), total, booked)},
        barmode="overlay", height=height or 140 + 30 * max(len(steps), 3),
        margin={"l": 20, "r": 20, "t": 70, "b": 40}, legend={"title": {"text": "Phase"}},
        xaxis={"title": {"text": "minutes from the start"}, "range": [0, max(total, booked or 0, 10) * 1.12], "zeroline": True},
        yaxis={"categoryorder": "array", "categoryarray": labels, "autorange": "reversed", "automargin": True},
        meta={"description": _describe(steps, starts, total, booked)},
        template="simple_white",
    )
    return fig


def _title(n: int, total: int, booked: int | None) -> str:
    if not n:
        return "Session timeline: no steps yet"
    of = f" of {booked} booked" if booked else ""
    return f"Session timeline: {n} step{'s' if n != 1 else ''}, {total}{of} minutes"


def _describe(steps: list[session.PlanStep], starts: list[int], total: int, booked: int | None) -> str:
    if not steps:
        return "Session timeline with no steps yet."
    parts = [f"{i}. {p.info.name}, minute {s} to {s + (p.minutes or 0)} ({p.info.phase})"
             for i, (p, s) in enumerate(zip(steps, starts, strict=True), 1)]
    text = f"Session timeline of {len(steps)} steps lasting {total} minutes"
    if booked:
        text += f" ({'within' if total <= booked else f'{total - booked} minutes over'} the {booked} booked)"
    return text + ": " + "; ".join(parts) + "."
