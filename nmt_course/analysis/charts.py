"""Plotly charts for the item-analysis report: statistics in, ``go.Figure`` out.

Both builders follow the course's figure rules: colour is never the only cue
(flagged questions are crosses *and* carry their number; the right answers'
bars are hatched *and* labelled), colours come from the Okabe-Ito
colour-blind-safe palette, and each figure keeps a plain-English description
of what it shows in ``fig.layout.meta["description"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from .item_analysis import GROUP_PERCENT, THRESHOLDS, ItemStats, QuizStats

if TYPE_CHECKING:
    from ..quiz.models import OptionQuestion

__all__ = ["difficulty_discrimination_figure", "distractor_figure", "item_label", "describe_counts"]

BLUE, VERMILION, GREY, DARK_GREY = "#0072B2", "#D55E00", "#999999", "#555555"


def item_label(position: int) -> str:
    """How charts and tables name the question at 0-based ``position``: Q1, Q2..."""
    return f"Q{position + 1}"


def _hover(label: str, it: ItemStats) -> str:
    flags = "<br>".join(f.code for f in it.flags) or "no flags"
    return f"{label}: {it.question_id}<br>difficulty {it.difficulty:.2f}<br>discrimination {it.discrimination:.2f}<br>{flags}"


def difficulty_discrimination_figure(stats: QuizStats) -> go.Figure:
    """One marker per question: difficulty across, discrimination up, the flag limits dashed."""
    plotted = [(item_label(i), it) for i, it in enumerate(stats.items) if it.difficulty is not None and it.discrimination is not None]
    flagged = [(lab, it) for lab, it in plotted if it.flags]
    clear = [(lab, it) for lab, it in plotted if not it.flags]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        name="no flags (circle)", mode="markers",
        x=[it.difficulty for _, it in clear], y=[it.discrimination for _, it in clear],
        marker={"symbol": "circle", "size": 10, "color": BLUE},
        hovertext=[_hover(lab, it) for lab, it in clear], hoverinfo="text",
    ))
    fig.add_trace(go.Scatter(
        name="flagged (cross, numbered)", mode="markers+text",
        x=[it.difficulty for _, it in flagged], y=[it.discrimination for _, it in flagged],
        text=[lab for lab, _ in flagged], textposition="middle right",
        marker={"symbol": "x", "size": 12, "color": VERMILION},
        hovertext=[_hover(lab, it) for lab, it in flagged], hoverinfo="text",
    ))
    # plotly 7 draws a shape with no explicit line width invisibly: give every limit line one
    limit = {"line_dash": "dash", "line_color": DARK_GREY, "line_width": 1.5, "opacity": 1}
    for x in (THRESHOLDS["too-hard"], THRESHOLDS["too-easy"]):
        fig.add_vline(x=x, annotation_text=f"difficulty {x:g}", annotation_position="top", **limit)
    fig.add_hline(y=THRESHOLDS["low-discrimination"], annotation_text=f"discrimination {THRESHOLDS['low-discrimination']:g}", annotation_position="bottom right", **limit)
    fig.update_layout(
        title="Difficulty and discrimination of each question",
        xaxis={"title": "difficulty (share of points earned; higher = easier)", "range": [-0.05, 1.05]},
        yaxis={"title": f"discrimination (top {GROUP_PERCENT}% minus bottom {GROUP_PERCENT}%)", "range": [-1.05, 1.1]},
        height=480, template="simple_white", legend={"orientation": "h", "y": -0.2},
    )
    missing = len(stats.items) - len(plotted)
    text = (
        f"A scatter plot of the {len(plotted)} question{'s' if len(plotted) != 1 else ''} with enough answers to measure. "
        "Each question is one marker: the further right, the easier it was (the share of its points students earned, 0 to 1); "
        f"the higher up, the better it separated the students with the best totals (top {GROUP_PERCENT}%) from those with the lowest (bottom {GROUP_PERCENT}%). "
        f"Dashed lines mark the limits used for flags: difficulty {THRESHOLDS['too-hard']:g} and {THRESHOLDS['too-easy']:g}, "
        f"discrimination {THRESHOLDS['low-discrimination']:g}. "
    )
    if flagged:
        text += f"{len(flagged)} flagged question{'s are' if len(flagged) != 1 else ' is'} drawn as crosses labelled with {'their numbers' if len(flagged) != 1 else 'its number'}: {', '.join(lab for lab, _ in flagged)}. "
    else:
        text += "No question is flagged. "
    text += f"{len(clear)} question{'s are' if len(clear) != 1 else ' is'} drawn as plain circles."
    if missing:
        text += f" {missing} question{'s are' if missing != 1 else ' is'} not drawn because fewer than two students have a score on {'them' if missing != 1 else 'it'}."
    fig.update_layout(meta={"description": text})
    return fig


def describe_counts(label: str, it: ItemStats, key: set[str]) -> str:
    """A sentence per option: who chose what, the right answers named as such."""
    parts = []
    for letter, count in it.distractors.items():
        who = "nobody" if count == 0 else f"{count} of {it.n}"
        role = " (a right answer)" if letter in key else ""
        parts.append(f"option {letter}{role}: {who}")
    text = f"{label} ({it.question_id}), how many students chose each option: " + "; ".join(parts) + "."
    if it.no_answer:
        text += f" {it.no_answer} student{'s' if it.no_answer != 1 else ''} gave no answer the quiz could read."
    return text


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def distractor_figure(label: str, it: ItemStats, question: OptionQuestion) -> go.Figure:
    """Horizontal bars, one per option; the right answers hatched in blue and marked "right"."""
    key = {question.answer} if isinstance(question.answer, str) else set(question.answer)
    texts = {o.id: o.text for o in question.options}
    letters = list(it.distractors)
    names = [f"{x}: {_short(texts.get(x, ''))}" + (" (right)" if x in key else "") for x in letters]
    counts = [it.distractors[x] for x in letters]
    fig = go.Figure(go.Bar(
        x=counts, y=names, orientation="h",
        text=[f"{c} (right answer)" if x in key else str(c) for x, c in zip(letters, counts)], textposition="outside",
        marker={
            "color": [BLUE if x in key else GREY for x in letters],
            "pattern": {"shape": ["/" if x in key else "" for x in letters]},
        },
        hoverinfo="x+y", showlegend=False,
    ))
    fig.update_layout(
        title=f"{label}: options chosen",
        xaxis={"title": "students", "range": [0, max(counts + [1]) * 1.3]},
        yaxis={"autorange": "reversed"},
        height=140 + 32 * len(letters), margin={"l": 10, "r": 10, "t": 50, "b": 40}, template="simple_white",
    )
    fig.update_layout(meta={"description": describe_counts(label, it, key)})
    return fig
