"""Forgiving name lookup: case, spaces, hyphens and small typos.

Used by every lookup a student types into (muscles, regions, steps,
conditions, medications). Pure standard library so the domain layer stays
light.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["normalise", "NameIndex"]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case, and fold runs of spaces, hyphens and punctuation to one space."""
    return _NON_WORD.sub(" ", str(text).lower()).strip()


class NameIndex:
    """Maps every name and alias of a set of items to the item's id.

    ``entries`` pairs each id with its names, the display name first; the
    suggestions offer display names ("Upper trapezius"), whichever alias
    matched.
    """

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]):
        self._by_name: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for item_id, names in entries:
            names = list(names)
            self._display[item_id] = names[0] if names else item_id
            for name in (item_id, *names):
                key = normalise(name)
                if key and key not in self._by_name:
                    self._by_name[key] = item_id

    def find(self, name: str) -> str | None:
        """The id for an exact (normalised) name or alias, else None."""
        return self._by_name.get(normalise(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Close matches for a misspelt name, as names a person would type."""
        key = normalise(name)
        if not key:
            return []
        close = difflib.get_close_matches(key, self._by_name.keys(), n=limit * 3, cutoff=0.6)
        # also offer names that contain what was typed ("trap" -> "upper trapezius")
        if len(key) >= 3:
            close += [k for k in self._by_name if key in k and k not in close]
        seen: set[str] = set()
        out: list[str] = []
        for k in close:
            item = self._by_name[k]
            if item in seen:
                continue
            seen.add(item)
            out.append(self._display[item])
            if len(out) == limit:
                break
        return out
