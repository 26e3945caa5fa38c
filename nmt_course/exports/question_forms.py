"""How the bank's seven question types map onto the types LMSs share.

Moodle (GIFT) and Canvas (QTI 1.2) both know single choice, multiple
answers, matching, numeric, short answer and essay questions. Two of the
bank's types have no direct equivalent in either, so both writers convert
them the same way, here:

- ``ordering`` becomes a matching question: each item is matched to its
  place in the sequence ("Position 1" comes first), and the stem says so.
  The LMS then gives credit per item in the right place, not per pair of
  items in the right relative order as :mod:`nmt_course.quiz.scoring` does.
- ``hotspot`` becomes a short-answer question that accepts every name of
  each accepted body region: its id (with spaces or hyphens), its label and
  its aliases from the knowledge base. Matching is case-insensitive in both
  LMSs.

Per-option feedback of matching and ordering questions, and the model answer
and rubric of written ones, have no slot of their own in either format; they
join the explanation in the question's general feedback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..quiz.models import Matching, Ordering, Question

__all__ = [
    "MatchingForm",
    "as_matching",
    "format_number",
    "general_feedback",
    "hotspot_regions",
    "region_names",
    "stem_text",
]

ORDERING_HINT = "Match each item to its place in the order: Position 1 comes first."


def format_number(value: float, places: int = 6) -> str:
    """A plain decimal with a dot and no trailing zeros (``22``, ``0.3333``), whatever the locale."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def stem_text(q: Question) -> str:
    """The question text an LMS shows; ordering questions get a line saying how to answer."""
    if q.type == "ordering":
        return f"{q.stem}\n\n{ORDERING_HINT}"
    return q.stem


@dataclass(frozen=True)
class MatchingForm:
    """A matching question in LMS terms: prompts, choices (some may be distractors) and the key."""

    prompts: list[tuple[str, str]]
    choices: list[tuple[str, str]]
    answer: dict[str, str]


def as_matching(q: Matching | Ordering) -> MatchingForm:
    """A matching or ordering question as prompts, choices and key (prompt id -> choice id)."""
    prompts = [(o.id, o.text) for o in q.options]
    if q.type == "matching":
        return MatchingForm(prompts, [(c.id, c.text) for c in q.choices], dict(q.answer))
    if q.type == "ordering":
        choices = [(str(n), f"Position {n}") for n in range(1, len(q.answer) + 1)]
        return MatchingForm(prompts, choices, {oid: str(n) for n, oid in enumerate(q.answer, start=1)})
    raise TypeError(f"a {q.type} question is not a matching question")


def region_names(region_id: str, regions: Mapping[str, Any], *, short: bool = False) -> list[str]:
    """Every name a student may type for a region: id, id with spaces, label, aliases (no repeats).

    ``short`` gives only the id with spaces and the label, enough to hang
    feedback on a tempting wrong region.
    """
    names = [region_id.replace("-", " ")] if short else [region_id, region_id.replace("-", " ")]
    region = regions.get(region_id)
    if region is not None:
        names += [region.label] if short else [region.label, *region.aliases]
    seen: set[str] = set()
    unique = []
    for name in names:
        key = name.strip().lower()
        if key and key not in seen:
            seen.add(key)
            unique.append(name.strip())
    return unique


def hotspot_regions(questions: Iterable[Any]) -> Mapping[str, Any]:
    """The knowledge base's body regions when any question is a hotspot (loaded only then)."""
    if not any(q.type == "hotspot" for q in questions):
        return {}
    from .. import knowledge as kb

    return kb.load().regions


def general_feedback(q: Question, *, regions: Mapping[str, Any] | None = None, with_region_feedback: bool = False) -> str:
    """The explanation, plus what has no per-answer slot in an LMS (see the module notes)."""
    parts = [q.explanation]
    if q.type in ("matching", "ordering"):
        parts += [f"{o.text}: {o.feedback}" for o in q.options]
    elif q.type == "written":
        parts.append(f"Model answer: {q.model_answer}")
        parts.append("Rubric: " + "; ".join(f"{r.criterion} ({format_number(r.points)} points)" for r in q.rubric))
    elif q.type == "hotspot" and with_region_feedback:
        for rid, text in q.region_feedback.items():
            label = regions[rid].label if regions and rid in regions else rid.replace("-", " ")
            parts.append(f"If you named {label}: {text}")
    return "\n".join(parts)
