"""The question bank as Moodle GIFT text (Question bank > Import > GIFT format).

Each question is written in the layout Moodle's own GIFT export uses: a
``::question-id::`` title, the stem, then the answers one per line inside
``{ }``, the explanation last as general feedback after ``####``. A blank
line separates questions, and ``$CATEGORY: $course$/top/nmt-course/<topic>``
lines put each question in a category named after its bank file's topic.

- ``single``: ``=right#why`` and ``~wrong#why`` (per-answer feedback).
- ``multiple``: ``~%50%right#why`` and ``~%-50%wrong#why``. Each right
  answer weighs 100 / (number of right answers), so they add up to 100, and
  each wrong one the same amount below zero, which is the course's own rule
  (right picks - wrong picks) / right answers, floored at 0 by Moodle. The
  weights are written to five decimals (``33.33333``), the precision of
  Moodle's grade list, so Moodle accepts them.
- ``matching``: ``=prompt -> choice``; a choice no prompt uses becomes a
  distractor, ``= -> choice``. Per-prompt feedback joins the general
  feedback (GIFT matching has no per-answer feedback).
- ``numeric``: ``{#value:tolerance}``. GIFT has no units: the stem names it.
- ``ordering``: GIFT has no ordering type, so it is exported as matching,
  each item matched to "Position N" (see
  :mod:`nmt_course.exports.question_forms`); a ``//`` comment marks it.
- ``hotspot``: short answer ``{=name =name ...}`` accepting every name of
  each accepted region; each tempting wrong region with feedback becomes
  0 % answers (its id with spaces and its label), ``=%0%kidney area#why``.
- ``written``: essay ``{####...}``, with the model answer and rubric in the
  general feedback.

GIFT's special characters ``~ = # { } :`` are escaped with a backslash, a
backslash as ``\\\\``, and a line break as ``\\n`` (so a question never
spans a blank line). GIFT cannot escape ``->``, the matching arrow, so it is
written as the arrow character ``→``; an answer that starts with ``%``
gets its weight written out (``~%0%%50% ...``) so GIFT does not take the
text for a weight. Text is written as is, in Moodle's default (auto) text
format. GIFT has no field for a question's points: Moodle gives each
imported question a default mark of 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .question_forms import as_matching, format_number, general_feedback, hotspot_regions, region_names, stem_text

if TYPE_CHECKING:
    from ..quiz.models import Question

__all__ = ["escape_gift", "gift_question", "to_gift", "write_gift"]

_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""}


def escape_gift(text: str) -> str:
    """``text`` with GIFT's special characters escaped (see the module notes)."""
    text = text.replace("->", "→")
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _answer(prefix: str, text: str, feedback: str = "", *, weight: str = "") -> str:
    body = escape_gift(text)
    if weight and body.startswith("%"):  # GIFT would read a leading "%50%" as a weight: give the real one
        prefix += weight
    line = f"\t{prefix}{body}"
    return f"{line}#{escape_gift(feedback)}" if feedback else line


def _answers(q: Question, regions: Mapping[str, Any]) -> list[str]:
    if q.type == "single":
        return [_answer("=", o.text, o.feedback) if o.id == q.answer else _answer("~", o.text, o.feedback, weight="%0%") for o in q.options]
    if q.type == "multiple":
        weight = format_number(100 / len(q.answer), 5)
        return [_answer(f"~%{weight}%" if o.id in q.answer else f"~%-{weight}%", o.text, o.feedback) for o in q.options]
    if q.type in ("matching", "ordering"):
        form = as_matching(q)
        texts = dict(form.choices)
        lines = [f"\t={escape_gift(text)} -> {escape_gift(texts[form.answer[pid]])}" for pid, text in form.prompts]
        used = set(form.answer.values())
        return lines + [f"\t= -> {escape_gift(text)}" for cid, text in form.choices if cid not in used]
    if q.type == "numeric":
        return [f"\t={format_number(q.answer.value)}:{format_number(q.answer.tolerance)}"]
    if q.type == "hotspot":
        accepted = [name for rid in q.answer for name in region_names(rid, regions)]
        taken = {name.lower() for name in accepted}
        lines = [_answer("=", name, weight="%100%") for name in accepted]
        for rid, why in q.region_feedback.items():
            lines += [_answer("=%0%", name, why) for name in region_names(rid, regions, short=True) if name.lower() not in taken]
        return lines
    return []


_COMMENTS = {
    "ordering": "// ordering question, exported as matching: each item -> its position",
    "hotspot": "// hotspot question, exported as short answer: the names of the accepted body regions",
    "written": "// written question, graded by hand: model answer and rubric in the general feedback",
}


def gift_question(q: Question, *, regions: Mapping[str, Any] | None = None) -> str:
    """One question as a GIFT block (no trailing blank line)."""
    regions = regions if regions is not None else hotspot_regions([q])
    head = f"::{escape_gift(q.id)}::{escape_gift(stem_text(q))}"
    feedback = "####" + escape_gift(general_feedback(q))
    lines = [_COMMENTS[q.type]] if q.type in _COMMENTS else []
    if q.type == "written":
        return "\n".join([*lines, f"{head}{{{feedback}}}"])
    opening = "{#" if q.type == "numeric" else "{"
    return "\n".join([*lines, head + opening, *_answers(q, regions), f"\t{feedback}", "}"])


def to_gift(
    questions: Iterable[Any],
    *,
    category_of: Mapping[str, str] | None = None,
    category_root: str = "nmt-course",
    regions: Mapping[str, Any] | None = None,
) -> str:
    """The questions as one GIFT file, grouped by category in order of first appearance.

    ``category_of`` maps question ids to a topic (the bank file's topic);
    a question not in it goes under its first topic.
    """
    questions = list(questions)
    regions = regions if regions is not None else hotspot_regions(questions)
    groups: dict[str, list[Any]] = {}
    for q in questions:
        topic = (category_of or {}).get(q.id) or q.topics[0]
        groups.setdefault(topic, []).append(q)
    blocks = [f"// nmt-course question bank: {len(questions)} questions in Moodle GIFT format"]
    for topic, members in groups.items():
        blocks.append(f"$CATEGORY: $course$/top/{category_root}/{topic}")
        blocks += [gift_question(q, regions=regions) for q in members]
    return "\n\n".join(blocks) + "\n"


def write_gift(questions: Iterable[Any], out: Path, *, category_of: Mapping[str, str] | None = None) -> Path:
    """Write :func:`to_gift` to ``out`` (UTF-8, as Moodle expects) and return the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(to_gift(questions, category_of=category_of).encode("utf-8"))
    return out
