"""Scoring rules: one pure module used by every grader.

The hidden nbgrader test cells, the static grader and practice mode all call
:func:`grade` (or :func:`score`, its points). It never raises on a student's
answer: a blank, a wrong type or a malformed answer scores 0 with a message
that says what to type instead.

Partial credit, documented here because students and instructors ask:

- ``single``: full points for the right option, else 0.
- ``multiple``: (right picks - wrong picks) / number of right options, times
  the points, never below 0. Picking everything therefore earns nothing.
- ``ordering``: the share of all pairs of items that are in the right
  relative order (``n (n - 1) / 2`` pairs), times the points. Swapping two
  neighbours in a list of five loses one pair in ten.
- ``matching``: the share of prompts paired with the right choice.
- ``numeric``: full points within ``value +- tolerance``, else 0.
- ``hotspot``: full points for any accepted body region (by id or label).
- ``written``: graded by hand; :func:`grade` reports 0 and says so.

Answers are read forgivingly: case and spaces do not matter, an option can be
given by its letter (``"b"``, ``"B)"``) or its text, a list of letters can be
written ``["A", "C"]`` or ``"A, C"``, a match as ``{"A": 2}`` or ``"A2, B1"``,
a number as ``90`` or ``"90 s"``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.names import normalise
from .models import Hotspot, Matching, MultipleSelect, Numeric, Ordering, SingleChoice, Written

__all__ = ["Result", "grade", "score", "check_format", "chosen_options", "EXAMPLES"]

EXAMPLES = {
    "single": '"B"',
    "multiple": '["A", "C"]',
    "ordering": '["C", "A", "D", "B"]',
    "matching": '{"A": "2", "B": "1"}',
    "numeric": "90",
    "hotspot": '"temple"',
    "written": '"""Your answer in a few sentences."""',
}


@dataclass(frozen=True)
class Result:
    """The outcome of grading one answer."""

    points: float
    max_points: float
    valid: bool
    message: str
    feedback: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.valid and math.isclose(self.points, self.max_points)


class _Invalid(Exception):
    """The answer is not in a form the question accepts."""


def _format_hint(q: Any) -> str:
    return f"Write your answer like this: {EXAMPLES[q.type]}"


_LETTER = re.compile(r"^\(?\s*(?:option\s+)?([a-z])\s*[\).:]?\s*$")


def _option_id(q: Any, value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{value!r} is not an option: use its letter in quotes, like \"A\"")
    text = value.strip()
    match = _LETTER.match(text.lower())
    if match:
        letter = match.group(1).upper()
        if q.option(letter) is not None:
            return letter
        raise _Invalid(f'"{text}" is not one of the options; choose from {", ".join(o.id for o in q.options)}')
    wanted = normalise(text)
    for opt in q.options:
        if normalise(opt.text) == wanted:
            return opt.id
    raise _Invalid(f'"{text}" is not one of the options; use a letter from {", ".join(o.id for o in q.options)}')


def _option_list(q: Any, value: Any) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[A-Za-z]{2,8}", text) and all(q.option(c.upper()) for c in text):
            items: list[Any] = list(text)
        else:
            items = [p for p in re.split(r"[,;\s]+", text) if p]
            if not all(_LETTER.match(p.lower()) for p in items):
                items = [p for p in re.split(r"[,;]", text) if p.strip()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise _Invalid("this answer is a list of letters in square brackets")
    return [_option_id(q, item) for item in items]


def _grade_single(q: SingleChoice, answer: Any) -> tuple[float, list[str]]:
    chosen = _option_id(q, answer)
    option = q.option(chosen)
    assert option is not None
    return (q.points if chosen == q.answer else 0.0), [f"{chosen}: {option.feedback}"]


def _grade_multiple(q: MultipleSelect, answer: Any) -> tuple[float, list[str]]:
    chosen = _option_list(q, answer)
    if len(set(chosen)) != len(chosen):
        raise _Invalid("you listed the same option twice")
    right = set(q.answer)
    hits = sum(1 for c in chosen if c in right)
    misses = len(chosen) - hits
    fraction = max(0.0, (hits - misses) / len(right))
    notes = [f"{c}: {q.option(c).feedback}" for c in chosen]  # type: ignore[union-attr]
    notes += [f"{c} (not chosen): {q.option(c).feedback}" for c in q.answer if c not in chosen]  # type: ignore[union-attr]
    return q.points * fraction, notes


def _grade_ordering(q: Ordering, answer: Any) -> tuple[float, list[str]]:
    order = _option_list(q, answer)
    if sorted(order) != sorted(q.answer):
        raise _Invalid(f"list every item once, in your order: {len(q.answer)} letters from {', '.join(sorted(q.answer))}")
    position = {item: i for i, item in enumerate(order)}
    pairs = [(a, b) for i, a in enumerate(q.answer) for b in q.answer[i + 1 :]]
    good = sum(1 for a, b in pairs if position[a] < position[b])
    notes = [f"{good} of {len(pairs)} pairs in the right order."]
    if good != len(pairs):
        notes.append("The right order: " + " -> ".join(f"{i}. {q.option(i).text}" for i in q.answer))  # type: ignore[union-attr]
    return q.points * good / len(pairs), notes


def _choice_id(q: Matching, value: Any) -> str:
    if isinstance(value, bool):
        raise _Invalid(f"{value!r} is not a choice number")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise _Invalid(f"{value!r} is not a choice number")
    text = value.strip().rstrip(".)")
    for c in q.choices:
        if c.id == text or normalise(c.text) == normalise(text):
            return c.id
    raise _Invalid(f'"{value}" is not one of the choices; use a number from 1 to {len(q.choices)}')


def _grade_matching(q: Matching, answer: Any) -> tuple[float, list[str]]:
    if isinstance(answer, str):
        pairs = re.findall(r"([A-Za-z])\s*[-:=>\s]*\s*(\d+)", answer)
        if not pairs:
            raise _Invalid("pair each letter with a number")
        answer = dict(pairs)
    if not isinstance(answer, dict):
        raise _Invalid("this answer pairs letters with numbers inside curly brackets")
    given: dict[str, str] = {}
    for key, value in answer.items():
        given[_option_id(q, key)] = _choice_id(q, value)
    right = sum(1 for k, v in q.answer.items() if given.get(k) == v)
    notes = []
    for opt in q.options:
        mark = "right" if given.get(opt.id) == q.answer[opt.id] else "not right"
        notes.append(f"{opt.id} ({mark}): {opt.feedback}")
    return q.points * right / len(q.options), notes


_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([a-zA-Z%°]*\.?)\s*$")


def _grade_numeric(q: Numeric, answer: Any) -> tuple[float, list[str]]:
    if isinstance(answer, bool) or not isinstance(answer, (int, float, str)):
        raise _Invalid("this answer is a number")
    if isinstance(answer, str):
        match = _NUMBER.match(answer)
        if not match:
            raise _Invalid(f'"{answer}" is not a number')
        value = float(match.group(1).replace(",", "."))
    else:
        value = float(answer)
    if not math.isfinite(value):
        raise _Invalid("this answer is an ordinary number")
    ok = abs(value - q.answer.value) <= q.answer.tolerance + 1e-9
    unit = f" {q.answer.unit}" if q.answer.unit else ""
    return (q.points if ok else 0.0), [f"Accepted: {q.answer.value:g}{unit} (give or take {q.answer.tolerance:g})."]


def _grade_hotspot(q: Hotspot, answer: Any) -> tuple[float, list[str]]:
    from .. import knowledge as kb

    if not isinstance(answer, str):
        raise _Invalid('name the body region in quotes, like "temple"')
    K = kb.load()
    region = K.find_region(answer)
    if region is None:
        close = K.suggest_regions(answer)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise _Invalid(f'"{answer}" is not a body region I know{hint}')
    if region.id in q.answer:
        return q.points, [f"{region.label}: right."]
    note = q.region_feedback.get(region.id, f"{region.label} is not the region this question asks for.")
    return 0.0, [note]


_GRADERS = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
    "numeric": _grade_numeric,
    "hotspot": _grade_hotspot,
}


def _blank(answer: Any) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, (str, list, tuple, dict)) and not answer)


def grade(question: Any, answer: Any) -> Result:
    """Grade one answer; never raises for anything a student can write."""
    if isinstance(question, Written):
        return Result(0.0, question.points, not _blank(answer), "Written answers are graded by your instructor.")
    if _blank(answer):
        return Result(0.0, question.points, False, "Not answered yet. " + _format_hint(question))
    try:
        points, notes = _GRADERS[question.type](question, answer)
    except _Invalid as why:
        return Result(0.0, question.points, False, f"Not a valid answer: {why}. {_format_hint(question)}")
    except Exception as exc:  # a student's odd object must never crash grading
        return Result(0.0, question.points, False, f"Not a valid answer ({type(exc).__name__}). {_format_hint(question)}")
    points = round(points, 4)
    if math.isclose(points, question.points):
        message = "Correct."
    elif points > 0:
        message = f"Partly right: {points:g} of {question.points:g} points."
    else:
        message = "Not right."
    return Result(points, question.points, True, message, notes + [question.explanation])


def score(question: Any, answer: Any) -> float:
    """Points earned, from 0 to ``question.points``."""
    return grade(question, answer).points


def check_format(question: Any, answer: Any) -> tuple[bool, str]:
    """Is the answer well formed? Says how to fix it, never whether it is right."""
    if isinstance(question, Written):
        ok = isinstance(answer, str) and bool(answer.strip())
        return ok, "Looks fine." if ok else "Write your answer as text in quotes. " + _format_hint(question)
    result = grade(question, answer)
    if result.valid:
        return True, "Looks fine."
    return False, result.message


def chosen_options(question: Any, answer: Any) -> tuple[str, ...] | None:
    """The option letters a single- or multiple-answer response picks (for distractor counts); None if unreadable."""
    if getattr(question, "type", None) not in {"single", "multiple"} or not grade(question, answer).valid:
        return None
    try:
        if question.type == "single":
            return (_option_id(question, answer),)
        return tuple(dict.fromkeys(_option_list(question, answer)))
    except Exception:  # an unreadable answer has no options to count
        return None
