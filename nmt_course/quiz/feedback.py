"""The feedback a student reads for one graded question: a marked question, not code.

:func:`render_feedback` turns a graded answer into one block (an HTML
fragment, with a plain-text twin for terminals): the question's number, the
verdict and the points, the question itself with the options, the student's
choices marked (``✔ your answer: right``, ``✖ your answer: not right``), the
feedback written for each option they chose, and, when the instructor built
the quiz with ``--reveal-answers``, the right answer, the feedback on the
right options they missed and the explanation. With ``--no-reveal-answers``
the student sees whether each of their own choices was right and why, but not
the key. An answer that cannot be read says why in the words of
:mod:`nmt_course.quiz.scoring` (the same sentences ``check_format()`` uses).

The block is what every hidden test cell shows, under nbgrader's kernel
(:func:`nmt_course.quiz.student.grade_cell`) and under ``nmt-course grade``
(:mod:`nmt_course.grading.static`), so both give the same page. Colour is
never the only cue: every mark is a symbol and words. Student text is never
echoed: the block shows the options and regions the answer was read as.
"""

from __future__ import annotations

import html
import math
from typing import Any

from .reasons import NOT_VALID
from .scoring import Result

__all__ = ["format_points", "render_feedback", "verdict"]

_RIGHT, _WRONG, _PARTLY, _KEY = "✔", "✖", "◐", "➜"
_NOTE = 300  # the longest "not a valid answer" sentence shown


def format_points(points: float, of: float | None = None) -> str:
    """``0.67 of 1 point``, ``2 of 3 points``, ``1 point``: two decimals at most, one format everywhere."""
    def show(x: float) -> str:
        return f"{round(x, 2):g}"

    if of is None:
        return f"{show(points)} point{'' if math.isclose(points, 1) else 's'}"
    return f"{show(points)} of {show(of)} point{'' if math.isclose(of, 1) else 's'}"


def verdict(result: Result, answer: Any) -> tuple[str, str, str]:
    """``(state, symbol, words)``: ``("partly", "◐", "Partly right")``, ``("invalid", "✖", "Not a valid answer")``..."""
    if not result.valid:
        blank = answer is None or (isinstance(answer, (str, list, tuple, dict)) and not answer)
        return ("blank", _WRONG, "Not answered") if blank else ("invalid", _WRONG, NOT_VALID[:1].upper() + NOT_VALID[1:])
    if math.isclose(result.points, result.max_points):
        return "right", _RIGHT, "Right"
    if result.points > 0:
        return "partly", _PARTLY, "Partly right"
    return "wrong", _WRONG, "Not right"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _read(question: Any, answer: Any, valid: bool) -> Any:
    """The answer as the scorer read it (option letters, an order, pairs, a region), or None."""
    from . import scoring

    if not valid:
        return None
    try:
        if question.type == "single":
            return scoring._option_id(question, answer)
        if question.type in {"multiple", "ordering"}:
            return scoring._option_list(question, answer)
        if question.type == "matching":
            pairs = answer.items() if isinstance(answer, dict) else _text_pairs(answer)
            return {scoring._option_id(question, k): scoring._choice_id(question, v) for k, v in pairs}
        if question.type == "hotspot":
            from .. import knowledge as kb

            return kb.load().find_region(answer)
    except Exception:
        return None
    return answer


def _text_pairs(answer: Any) -> list[tuple[str, str]]:
    """``"A2, B1"`` read as the scorer reads it (:func:`nmt_course.quiz.scoring._grade_matching`)."""
    import re

    return re.findall(r"([A-Za-z])\s*[-:=>\s]*\s*(\d+)", str(answer))


def _tag(words: str) -> str:
    """A mark after an option (``✔ right``), its symbol kept on one line with the first word; empty for no mark."""
    return f' <span class="nmt-fb-tag">{_e(words).replace(" ", chr(0xA0), 1)}</span>' if words else ""


class _Block:
    """Collects the block's HTML and plain-text lines side by side."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self.text: list[str] = []

    def para(self, css: str, html_part: str, text_part: str) -> None:
        self.html.append(f'<p class="{css}">{html_part}</p>')
        self.text.append(text_part)


def _choices(block: _Block, q: Any, read: Any, reveal: bool) -> None:
    """Every option, the student's picks marked with their feedback; with ``reveal``, the right ones they missed marked too."""
    picked = [read] if isinstance(read, str) else list(read or [])
    right = {q.answer} if q.type == "single" else set(q.answer)
    items = []
    for o in q.options:
        tag, why, css = "", "", []
        if o.id in picked:
            ok = o.id in right
            tag = f"{_RIGHT} your answer: right" if ok else f"{_WRONG} your answer: not right"
            why, css = o.feedback, ["nmt-fb-picked", "nmt-fb-ok" if ok else "nmt-fb-no"]
        elif reveal and o.id in right:
            tag = f"{_KEY} the right answer" if q.type == "single" else f"{_KEY} right, not chosen"
            css = ["nmt-fb-key"]
        tag_html = _tag(tag)
        why_html = f'<span class="nmt-fb-optwhy">{_e(why)}</span>' if why else ""
        items.append(f'<li class="{" ".join(["nmt-fb-opt", *css])}"><b>{_e(o.id)}.</b> {_e(o.text)}{tag_html}{why_html}</li>')
        block.text.append(f"  {o.id}. {o.text}" + (f"  [{tag}]" if tag else "") + (f" {why}" if why else ""))
    block.html.append(f'<ul class="nmt-fb-options">{"".join(items)}</ul>')


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ordering(block: _Block, q: Any, read: Any, reveal: bool) -> None:
    """With ``reveal``: the right order, each item marked with where the student put it; else the student's order."""
    texts = {o.id: o.text for o in q.options}
    position = {item: i for i, item in enumerate(read or [])}
    if read:
        pairs = [(a, b) for i, a in enumerate(q.answer) for b in q.answer[i + 1 :]]
        good = sum(1 for a, b in pairs if position[a] < position[b])
        block.para("nmt-fb-line", f"{good} of {len(pairs)} pairs in the right order.", f"{good} of {len(pairs)} pairs in the right order.")
    if reveal:
        title, ids = "The right order:", list(q.answer)
    elif read:
        title, ids = "Your order:", list(read)
    else:
        title, ids = "The steps:", [o.id for o in q.options]
    items, lines = [], []
    for n, item in enumerate(ids, start=1):
        mark = ""
        if reveal and read:
            yours = position[item] + 1
            mark = f"{_RIGHT} you put it {_ordinal(yours)}" if yours == n else f"{_WRONG} you put it {_ordinal(yours)}"
        items.append(f"<li>{_e(texts[item])}" + _tag(mark) + "</li>")
        lines.append(f"  {n}. {texts[item]}" + (f"  [{mark}]" if mark else ""))
    tag = "ol" if reveal or read else "ul"
    block.html.append(f'<p class="nmt-fb-line">{_e(title)}</p><{tag} class="nmt-fb-order">{"".join(items)}</{tag}>')
    block.text += [title, *lines]


def _matching(block: _Block, q: Any, read: Any, reveal: bool) -> None:
    choice = {c.id: c.text for c in q.choices}
    block.text.append("Choices: " + "; ".join(f"{c.id}. {c.text}" for c in q.choices))
    items = []
    for o in q.options:
        mine = (read or {}).get(o.id)
        key = q.answer[o.id]
        if mine is None:
            line = f"{o.id}. {o.text}" + (f" → {key}. {choice[key]}" if reveal else "")
            mark, why, css = "", o.feedback if reveal else "", "nmt-fb-opt"
        else:
            ok = mine == key
            css = "nmt-fb-opt nmt-fb-ok" if ok else "nmt-fb-opt nmt-fb-no"
            line = f"{o.id}. {o.text} → {mine}. {choice[mine]}"
            mark = f"{_RIGHT} right" if ok else f"{_WRONG} not right" + (f"; the right match: {key}. {choice[key]}" if reveal else "")
            why = o.feedback if reveal and not ok else ""
        tag = _tag(mark)
        items.append(f'<li class="{css}">{_e(line)}{tag}' + (f'<span class="nmt-fb-optwhy">{_e(why)}</span>' if why else "") + "</li>")
        block.text.append(f"  {line}" + (f"  [{mark}]" if mark else "") + (f" {why}" if why else ""))
    block.html.append(f'<ul class="nmt-fb-options">{"".join(items)}</ul>')


def _numeric(block: _Block, q: Any, answer: Any, read: Any, reveal: bool) -> None:
    unit = f" {q.answer.unit}" if q.answer.unit else ""
    if read is not None:
        shown = f"{answer}" if isinstance(answer, str) else f"{answer:g}{unit}"
        block.para("nmt-fb-line", f"Your answer: {_e(shown)}", f"Your answer: {shown}")
    if reveal:
        accepted = f"{q.answer.value:g}{unit}" + (f", give or take {q.answer.tolerance:g}" if q.answer.tolerance else "")
        block.para("nmt-fb-line", f"Accepted: {_e(accepted)}", f"Accepted: {accepted}")


def _hotspot(block: _Block, q: Any, read: Any, reveal: bool, state: str) -> None:
    from .. import knowledge as kb

    if read is not None:
        block.para("nmt-fb-line", f"Your answer: {_e(read.label)}", f"Your answer: {read.label}")
        note = q.region_feedback.get(read.id)
        if reveal and note and state != "right":
            block.para("nmt-fb-line", _e(note), note)
    if reveal and state != "right":
        regions = kb.load().regions
        labels = " or ".join(regions[r].label if r in regions else r for r in q.answer)
        block.para("nmt-fb-line", f"Right answer: {_e(labels)}", f"Right answer: {labels}")


def render_feedback(question: Any, result: Result, *, answer: Any, number: int, reveal: bool) -> dict[str, str]:
    """The block for one graded question, as a display bundle: ``{"text/html": ..., "text/plain": ...}``."""
    state, symbol, words = verdict(result, answer)
    read = _read(question, answer, result.valid)
    points = format_points(result.points, result.max_points)
    block = _Block()
    title = f"Question {number}" if number else "Question"
    block.html.append(
        f'<p class="nmt-fb-head"><span class="nmt-fb-number">{_e(title)}</span> '
        f'<span class="nmt-fb-verdict"><span aria-hidden="true">{symbol}</span> {_e(words)}</span> '
        f'<span class="nmt-fb-points">{_e(points)}</span></p>'
    )
    block.text.append(f"{title}: {words}, {points}.")
    block.para("nmt-fb-stem", _e(question.stem), question.stem)
    if state in {"blank", "invalid"}:
        note = result.message if len(result.message) <= _NOTE else result.message[: _NOTE - 1] + "…"  # never a whole answer
        block.para("nmt-fb-note", _e(note), note)
    if question.type in {"single", "multiple"}:
        _choices(block, question, read, reveal)
    elif question.type == "ordering":
        _ordering(block, question, read, reveal)
    elif question.type == "matching":
        _matching(block, question, read, reveal)
    elif question.type == "numeric":
        _numeric(block, question, answer, read, reveal)
    elif question.type == "hotspot":
        _hotspot(block, question, read, reveal, state)
    if reveal and question.explanation:
        block.para("nmt-fb-why", f"<strong>Why:</strong> {_e(question.explanation)}", f"Why: {question.explanation}")
    label = _e(f"{title}: {words}, {points}")
    fragment = f'<div class="nmt-fb nmt-fb-{state}" role="group" aria-label="{label}">' + "".join(block.html) + "</div>"
    return {"text/html": fragment, "text/plain": "\n".join(block.text)}
