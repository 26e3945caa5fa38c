"""Scoring rules: one pure module used by every grader.

The hidden nbgrader test cells, the static grader and practice mode all call
:func:`grade` (or :func:`score`, its points). It never raises on a student's
answer: a blank, a wrong type or a malformed answer scores 0 with a message
that says what to type instead (the wording is :mod:`.reasons`').

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
a number as ``90`` or ``"90 s"``. Reading takes time linear in the answer's
length (:mod:`.parsing`), and an answer over
:data:`~.parsing.ANSWER_LIMIT` characters is "too long" and is not read.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.names import normalise
from . import parsing
from .models import Hotspot, Matching, MultipleSelect, Numeric, Ordering, Question, SingleChoice, Written
from .reasons import EXAMPLES, Reason, invalid_message, reason

__all__ = ["Result", "grade", "score", "check_format", "chosen_options", "EXAMPLES"]

_Options = SingleChoice | MultipleSelect | Ordering | Matching


@dataclass(frozen=True)
class Result:
    """The outcome of grading one answer; ``reason`` says why an answer that is not ``valid`` could not be read."""

    points: float
    max_points: float
    valid: bool
    message: str
    feedback: list[str] = field(default_factory=list)
    reason: Reason | None = None

    @property
    def correct(self) -> bool:
        return self.valid and math.isclose(self.points, self.max_points)


class _Invalid(Exception):
    """The answer is not in a form the question accepts (``reason`` says how)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.reason = reason(code, **params)


def _letters(q: _Options) -> str:
    return ", ".join(o.id for o in q.options)


def _option_id(q: _Options, value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("not-text", value=_shown(value))
    text = value.strip()
    found = parsing.letter(text)
    if found is not None:
        if q.option(found) is not None:
            return found
        raise _Invalid("unknown-letter", value=text, letters=_letters(q))
    wanted = normalise(text)
    for opt in q.options:
        if normalise(opt.text) == wanted:
            return opt.id
    raise _Invalid("unknown-option", value=text, letters=_letters(q))


def _shown(value: Any) -> str:
    """A non-text value as the student would recognise it (``2``, ``['B']``), shortened."""
    from .reasons import excerpt

    return excerpt(value)


def _option_list(q: _Options, value: Any) -> list[str]:
    if isinstance(value, str):
        items: list[Any] = parsing.letters(value, known={o.id for o in q.options})
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise _Invalid("not-a-list")
    return [_option_id(q, item) for item in items]


def _grade_single(q: SingleChoice, answer: Any) -> tuple[float, list[str]]:
    chosen = _option_id(q, answer)
    option = q.option(chosen)
    assert option is not None
    return (q.points if chosen == q.answer else 0.0), [f"{chosen}: {option.feedback}"]


def _feedback(q: _Options, option_id: str) -> str:
    option = q.option(option_id)
    return option.feedback if option is not None else ""


def _grade_multiple(q: MultipleSelect, answer: Any) -> tuple[float, list[str]]:
    chosen = _option_list(q, answer)
    if len(set(chosen)) != len(chosen):
        raise _Invalid("repeated")
    right = set(q.answer)
    hits = sum(1 for c in chosen if c in right)
    misses = len(chosen) - hits
    fraction = max(0.0, (hits - misses) / len(right))
    notes = [f"{c}: {_feedback(q, c)}" for c in chosen]
    notes += [f"{c} (not chosen): {_feedback(q, c)}" for c in q.answer if c not in chosen]
    return q.points * fraction, notes


def _grade_ordering(q: Ordering, answer: Any) -> tuple[float, list[str]]:
    order = _option_list(q, answer)
    if sorted(order) != sorted(q.answer):
        raise _Invalid("incomplete-order", count=len(q.answer), letters=", ".join(sorted(q.answer)))
    position = {item: i for i, item in enumerate(order)}
    pairs = [(a, b) for i, a in enumerate(q.answer) for b in q.answer[i + 1 :]]
    good = sum(1 for a, b in pairs if position[a] < position[b])
    notes = [f"{good} of {len(pairs)} pairs in the right order."]
    if good != len(pairs):
        texts = {o.id: o.text for o in q.options}
        notes.append("The right order: " + " -> ".join(f"{i}. {texts[i]}" for i in q.answer))
    return q.points * good / len(pairs), notes


def _choice_id(q: Matching, value: Any) -> str:
    if isinstance(value, bool):
        raise _Invalid("not-a-choice", value=_shown(value))
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise _Invalid("not-a-choice", value=_shown(value))
    text = value.strip().rstrip(".)")
    for c in q.choices:
        if c.id == text or normalise(c.text) == normalise(text):
            return c.id
    raise _Invalid("unknown-choice", value=value, count=len(q.choices))


def _grade_matching(q: Matching, answer: Any) -> tuple[float, list[str]]:
    if isinstance(answer, str):
        found = parsing.pairs(answer)
        if not found:
            raise _Invalid("no-pairs")
        answer = dict(found)
    if not isinstance(answer, dict):
        raise _Invalid("not-pairs")
    given: dict[str, str] = {}
    for key, value in answer.items():
        given[_option_id(q, key)] = _choice_id(q, value)
    right = sum(1 for k, v in q.answer.items() if given.get(k) == v)
    notes = []
    for opt in q.options:
        mark = "right" if given.get(opt.id) == q.answer[opt.id] else "not right"
        notes.append(f"{opt.id} ({mark}): {opt.feedback}")
    return q.points * right / len(q.options), notes


def _grade_numeric(q: Numeric, answer: Any) -> tuple[float, list[str]]:
    if isinstance(answer, bool) or not isinstance(answer, (int, float, str)):
        raise _Invalid("not-a-number")
    if isinstance(answer, str):
        read = parsing.number(answer)
        if read is None:
            raise _Invalid("unreadable-number", value=answer)
        value = read
    else:
        try:
            value = float(answer)
        except OverflowError:  # an integer too big for a float
            raise _Invalid("not-finite") from None
    if not math.isfinite(value):
        raise _Invalid("not-finite")
    ok = abs(value - q.answer.value) <= q.answer.tolerance + 1e-9
    unit = f" {q.answer.unit}" if q.answer.unit else ""
    return (q.points if ok else 0.0), [f"Accepted: {q.answer.value:g}{unit} (give or take {q.answer.tolerance:g})."]


_SUGGEST_UP_TO = 60  # longer text is not a misspelt region name: no suggestions looked for


def _grade_hotspot(q: Hotspot, answer: Any) -> tuple[float, list[str]]:
    from .. import knowledge as kb

    if not isinstance(answer, str):
        raise _Invalid("not-a-region")
    K = kb.load()
    region = K.find_region(answer)
    if region is None:
        close = K.suggest_regions(answer) if len(answer) <= _SUGGEST_UP_TO else []
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise _Invalid("unknown-region", value=answer, suggestion=hint)
    if region.id in q.answer:
        return q.points, [f"{region.label}: right."]
    note = q.region_feedback.get(region.id, f"{region.label} is not the region this question asks for.")
    return 0.0, [note]


_GRADERS: dict[str, Callable[[Any, Any], tuple[float, list[str]]]] = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
    "numeric": _grade_numeric,
    "hotspot": _grade_hotspot,
}


def _blank(answer: Any) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, (str, list, tuple, dict)) and not answer)


def _not_valid(question: Question, why: Reason) -> Result:
    return Result(0.0, question.points, False, invalid_message(why, question.type), reason=why)


def grade(question: Question, answer: Any) -> Result:
    """Grade one answer; never raises for anything a student can write."""
    if isinstance(question, Written):
        return Result(0.0, question.points, not _blank(answer), "Written answers are graded by your instructor.")
    if _blank(answer):
        return _not_valid(question, reason("blank"))
    too_big = parsing.size_problem(answer)
    if too_big is not None:
        return _not_valid(question, too_big)
    try:
        points, notes = _GRADERS[question.type](question, answer)
    except _Invalid as why:
        return _not_valid(question, why.reason)
    except Exception as exc:
        return _not_valid(question, reason("odd-value", kind=type(exc).__name__))
    points = round(points, 4)
    if math.isclose(points, question.points):
        message = "Correct."
    elif points > 0:
        message = f"Partly right: {points:g} of {question.points:g} points."
    else:
        message = "Not right."
    return Result(points, question.points, True, message, notes + [question.explanation])


def score(question: Question, answer: Any) -> float:
    """Points earned, from 0 to ``question.points``."""
    return grade(question, answer).points


def check_format(question: Question, answer: Any) -> tuple[bool, str]:
    """Is the answer well formed? Says how to fix it, never whether it is right."""
    if isinstance(question, Written):
        if isinstance(answer, str) and answer.strip():
            return True, "Looks fine."
        why = reason("blank") if _blank(answer) or isinstance(answer, str) else reason("written-not-text")
        return False, invalid_message(why, "written")
    result = grade(question, answer)
    if result.valid:
        return True, "Looks fine."
    return False, result.message


def chosen_options(question: Question, answer: Any) -> tuple[str, ...] | None:
    """The option letters a single- or multiple-answer response picks (for distractor counts); None if unreadable."""
    if not isinstance(question, (SingleChoice, MultipleSelect)) or not grade(question, answer).valid:
        return None
    try:
        if isinstance(question, SingleChoice):
            return (_option_id(question, answer),)
        return tuple(dict.fromkeys(_option_list(question, answer)))
    except Exception:
        return None
