"""Symptom search: "headache", "can't reach my back pocket", "pain when sitting".

A pure, forgiving keyword match over each muscle's symptoms (and condition
names), used by the "where does it hurt?" app. Words are compared by their
first letters, so "sitting" finds "sit", "painful" finds "pain".
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import KnowledgeBase
from .names import normalise

__all__ = ["SymptomMatch", "search_symptoms"]

_STOP = {
    "a", "an", "the", "my", "i", "im", "me", "it", "is", "are", "to", "of", "in", "on", "at", "and", "or", "when",
    "with", "can", "cant", "cannot", "t", "not", "do", "does", "dont", "have", "has", "feel", "feels", "there",
    "some", "very", "really", "while", "after", "during", "from", "into", "up", "down", "get", "gets",
}
_GENERIC = {"pain", "painful", "pains", "hurt", "hurts", "hurting", "ache", "aches", "aching", "sore", "soreness"}


@dataclass(frozen=True)
class SymptomMatch:
    muscle_id: str
    muscle_name: str
    symptom: str
    score: float  # share of the query's words found in the symptom


def _stem(word: str) -> str:
    for suffix in ("ing", "ful", "ness", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] + "i" if word.endswith("y") and len(word) > 3 else word


def _keywords(text: str) -> list[str]:
    words = [w for w in normalise(text.replace("'", "")).split() if w not in _STOP]
    specific = [w for w in words if w not in _GENERIC]
    return [_stem(w) for w in (specific or words)]


def _matches(keyword: str, words: list[str]) -> bool:
    return any(w.startswith(keyword) or (keyword.startswith(w) and len(w) >= 4 and len(keyword) - len(w) <= 2) for w in words)


def search_symptoms(query: str, K: KnowledgeBase, *, limit: int = 12) -> list[SymptomMatch]:
    """Muscles whose listed symptoms match the query, best first (all words matched first)."""
    keys = _keywords(query or "")
    if not keys:
        return []
    best: dict[str, SymptomMatch] = {}
    for m in K.muscles.values():
        for symptom in m.symptoms:
            words = [_stem(w) for w in normalise(symptom.replace("'", "")).split()]
            hit = sum(1 for k in keys if _matches(k, words))
            score = hit / len(keys)
            if score >= 0.5 and (m.id not in best or score > best[m.id].score):
                best[m.id] = SymptomMatch(m.id, m.name, symptom, score)
    ranked = sorted(best.values(), key=lambda s: (-s.score, s.muscle_name))
    full = [s for s in ranked if s.score == 1.0]
    return (full or ranked)[:limit]
