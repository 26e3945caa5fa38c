"""The progress chart: what a learner has learnt, by topic and by content area.

    from nmt_course.practice import progress_chart
    progress_chart()                       # this login's progress, default file
    progress_chart("Ann", db_path="class.sqlite")

Two panels of horizontal bars (topics above, MBLEx content areas below), each
bar split into the share of the group's questions that are *learnt* (Leitner
box 3 or higher), *being practised* (answered, box 1 or 2) and *not tried
yet*. The three parts differ in fill pattern as well as colour, every bar's
label states its numbers ("5 of 52 learnt, 10 %"), and
``fig.layout.meta["description"]`` says the same in sentences.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import knowledge as kb
from .. import quiz
from ..errors import NmtCourseError
from . import leitner
from .selection import AUTO_TYPES
from .store import ProgressError, ProgressStore, clean_learner

__all__ = ["progress_chart", "progress_table"]

_PARTS = (  # (key, legend name, colour, pattern)
    ("learnt", "learnt (box 3-5)", "#1b7837", ""),
    ("practising", "being practised (box 1-2)", "#f1a340", "/"),
    ("new", "not tried yet", "#d9d9d9", "."),
)


def progress_table(questions: list[Any], states: dict[str, leitner.CardState], key: Any) -> dict[str, dict[str, int]]:
    """Per group (``key(question)`` gives a question's groups): counts of learnt, practising, new, total."""
    table: dict[str, dict[str, int]] = {}
    for q in questions:
        state = states.get(q.id)
        part = "new" if state is None or state.is_new else ("learnt" if state.learnt else "practising")
        for group in key(q):
            row = table.setdefault(group, {"learnt": 0, "practising": 0, "new": 0, "total": 0})
            row[part] += 1
            row["total"] += 1
    return table


def _label(name: str, row: dict[str, int]) -> str:
    share = 100 * row["learnt"] / row["total"] if row["total"] else 0
    return f"{name}: {row['learnt']} of {row['total']} learnt ({share:.0f} %)"


def progress_chart(learner: str | None = None, db_path: Any = None, *, store: ProgressStore | None = None) -> go.Figure:
    """A bar chart of the learner's progress by topic and by content area (never raises for a bad name or file)."""
    who = clean_learner(learner)
    notes: list[str] = []
    own_store = store is None
    store = store or ProgressStore(db_path)
    try:
        if store.notice:
            notes.append(store.notice)
        states = store.states(who)
    except ProgressError as err:
        states, notes = {}, [*notes, str(err)]
    finally:
        if own_store:
            store.close()
    try:
        questions = [q for q in quiz.load_bank() if q.type in AUTO_TYPES]
        areas = kb.load().mblex.areas
    except NmtCourseError as err:
        questions, areas, notes = [], [], [*notes, str(err)]
    area_name = {a.id: a.name for a in areas}
    by_topic = progress_table(questions, states, lambda q: q.topics)
    by_area = progress_table(questions, states, lambda q: [q.mblex_area])
    groups = [("topic", [(t, t.replace("-", " "), by_topic[t]) for t in sorted(by_topic)]),
              ("area", [(a.id, a.name, by_area[a.id]) for a in areas if a.id in by_area])]
    rows = [len(g[1]) or 1 for g in groups]
    fig = make_subplots(rows=2, cols=1, row_heights=rows, vertical_spacing=0.12,
                        subplot_titles=("By topic", "By MBLEx content area"))
    for row_number, (group, items) in enumerate(groups, start=1):
        labels = [_label(name, counts) for _, name, counts in items]
        for key, name, colour, pattern in _PARTS:
            shares = [100 * counts[key] / counts["total"] if counts["total"] else 0 for _, _, counts in items]
            fig.add_trace(go.Bar(
                x=shares, y=labels, orientation="h", name=name, legendgroup=key, showlegend=row_number == 1,
                marker={"color": colour, "pattern": {"shape": pattern}, "line": {"color": "#333", "width": 0.5}},
                text=[f"{counts[key]}" if counts[key] else "" for _, _, counts in items], textposition="inside",
                hovertemplate="%{y}<br>" + name + ": %{x:.0f} %<extra></extra>",
                meta={"role": key, "group": group, "ids": [i for i, _, _ in items]},
            ), row=row_number, col=1)
        fig.update_yaxes(autorange="reversed", row=row_number, col=1)
        fig.update_xaxes(range=[0, 100], ticksuffix=" %", row=row_number, col=1)
    total = len(questions)
    learnt = sum(1 for q in questions if (s := states.get(q.id)) is not None and s.learnt)
    tried = sum(1 for q in questions if (s := states.get(q.id)) is not None and not s.is_new)
    description = (
        f"Progress of {who}: {learnt} of {total} questions learnt (box 3 or higher), {tried - learnt} being practised, "
        f"{total - tried} not tried yet. By topic: " + "; ".join(_label(n, c) for _, n, c in groups[0][1])
        + ". By content area: " + "; ".join(_label(n, c) for _, n, c in groups[1][1]) + "."
        + "".join(f" Note: {n}" for n in notes)
    )
    fig.update_layout(
        barmode="stack", height=220 + 30 * sum(rows), template="plotly_white",
        title=f"Progress of {who}: {learnt} of {total} questions learnt",
        legend={"orientation": "h", "y": -0.08}, margin={"l": 20, "r": 20, "t": 80, "b": 40},
        meta={"description": description, "learner": who, "areas": area_name},
    )
    return fig
