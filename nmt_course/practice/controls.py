"""Answer controls: one small ipywidgets form per question type.

:func:`answer_control` builds the form that fits a bank question and returns an
:class:`AnswerControl`, whose :meth:`~AnswerControl.value` gives the answer in
the form :func:`nmt_course.quiz.grade` reads (a letter, a list of letters, a
dict of pairs, a number as text, a region id) and whose
:meth:`~AnswerControl.missing` says, in a few words, what the student still has
to fill in. The controls start blank, so an untouched form is never graded.

==========  =====================================================
type        control
==========  =====================================================
single      radio buttons, one per option (:class:`.choices.ChoiceList`: long options wrap)
multiple    a checkbox per option (the same list, ``multiple=True``)
ordering    a drop-down per position (1st, 2nd, ...) listing the items
matching    a drop-down per prompt listing the choices
numeric     a text box (``90`` or ``90 s``), with the unit shown
hotspot     a drop-down of body-region labels
written     a text area
==========  =====================================================
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from .choices import ChoiceList

if TYPE_CHECKING:
    from ..quiz.models import Hotspot, Matching, MultipleSelect, Numeric, Ordering, Question, SingleChoice, Written

__all__ = ["AnswerControl", "answer_control", "BLANK"]

BLANK = "(choose)"
_WIDE = w.Layout(width="auto", max_width="720px")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@dataclass
class AnswerControl:
    """A question's answer form: the widget to show, and how to read it."""

    widget: w.Widget
    read: Callable[[], Any]
    check_missing: Callable[[], str]
    parts: list[w.Widget] = field(default_factory=list)

    def value(self) -> Any:
        """The answer as :func:`nmt_course.quiz.grade` reads it."""
        return self.read()

    def missing(self) -> str:
        """What is still blank, in words; empty when the form is complete."""
        return self.check_missing()

    def disable(self, disabled: bool = True) -> None:
        for part in self.parts:
            part.disabled = disabled


def _single(q: SingleChoice) -> AnswerControl:
    choice = ChoiceList(options=[[o.id, o.text] for o in q.options], label="Choose one answer")
    choice.add_class("nmt-control")
    return AnswerControl(choice, lambda: choice.value, lambda: "" if choice.value else "Choose one option first.", [choice])


def _multiple(q: MultipleSelect) -> AnswerControl:
    choice = ChoiceList(options=[[o.id, o.text] for o in q.options], multiple=True, value=[],
                        label="Tick every option that applies")
    choice.add_class("nmt-control")

    def read() -> list[str]:
        return list(choice.value or [])

    return AnswerControl(choice, read, lambda: "" if read() else "Tick at least one option first.", [choice])


def _ordering(q: Ordering) -> AnswerControl:
    items: list[tuple[str, str | None]] = [(BLANK, None)] + [(f"{o.id}. {o.text}", o.id) for o in q.options]
    drops = [w.Dropdown(options=items, value=None, description=f"{_ordinal(i + 1)}:", layout=_WIDE)
             for i in range(len(q.options))]
    for d in drops:
        d.add_class("nmt-control")

    def read() -> list[str]:
        return [d.value for d in drops if d.value]

    def missing() -> str:
        chosen = [d.value for d in drops if d.value]
        if len(chosen) < len(drops):
            return "Put an item in every position first."
        twice = sorted({c for c in chosen if chosen.count(c) > 1})
        if twice:
            return f"Each item goes in one position only: {', '.join(twice)} is used more than once."
        return ""

    hint = w.HTML("<small>Choose the item that comes first, then second, and so on.</small>")
    return AnswerControl(w.VBox([hint, *drops]), read, missing, drops)


def _matching(q: Matching) -> AnswerControl:
    choices: list[tuple[str, str | None]] = [(BLANK, None)] + [(f"{c.id}. {c.text}", c.id) for c in q.choices]
    drops = [w.Dropdown(options=choices, value=None, layout=w.Layout(width="auto", max_width="420px")) for _ in q.options]
    rows = []
    for o, d in zip(q.options, drops):
        d.add_class("nmt-control")
        rows.append(w.HBox([w.HTML(f"<b>{o.id}.</b> {html.escape(o.text)}&nbsp;&rarr;&nbsp;", layout=w.Layout(width="320px")), d]))

    def read() -> dict[str, str]:
        return {o.id: d.value for o, d in zip(q.options, drops) if d.value}

    def missing() -> str:
        return "" if len(read()) == len(drops) else "Choose a match for every item first."

    return AnswerControl(w.VBox(rows), read, missing, drops)


def _numeric(q: Numeric) -> AnswerControl:
    unit = q.answer.unit
    box = w.Text(placeholder="a number, e.g. 90", description="Answer:", layout=w.Layout(width="260px"))
    box.add_class("nmt-control")
    row = w.HBox([box, w.HTML(f"&nbsp;{html.escape(unit)}" if unit else "")])
    return AnswerControl(row, lambda: box.value.strip(), lambda: "" if box.value.strip() else "Type a number first.", [box])


def _hotspot(q: Hotspot) -> AnswerControl:
    from .. import knowledge as kb

    regions = sorted(kb.load().regions.values(), key=lambda r: r.label.lower())
    drop = w.Dropdown(options=[(BLANK, None)] + [(r.label, r.id) for r in regions], value=None,
                      description="Region:", layout=w.Layout(width="auto", max_width="420px"))
    drop.add_class("nmt-control")
    return AnswerControl(drop, lambda: drop.value, lambda: "" if drop.value else "Choose a body region first.", [drop])


def _written(q: Written) -> AnswerControl:
    area = w.Textarea(placeholder="Your answer in a few sentences.", rows=5, layout=w.Layout(width="100%", max_width="720px"))
    area.add_class("nmt-control")
    return AnswerControl(area, lambda: area.value, lambda: "" if area.value.strip() else "Write your answer first.", [area])


_BUILDERS: dict[str, Callable[[Any], AnswerControl]] = {
    "single": _single,
    "multiple": _multiple,
    "ordering": _ordering,
    "matching": _matching,
    "numeric": _numeric,
    "hotspot": _hotspot,
    "written": _written,
}


def answer_control(question: Question) -> AnswerControl:
    """The answer form for a bank question, blank."""
    return _BUILDERS[question.type](question)
