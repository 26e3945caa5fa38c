"""The course's interactive apps (ipywidgets): thin views over the domain layer.

- :class:`MuscleExplorer`: search muscles, read their card, see their pattern.
- :class:`WhereDoesItHurt`: pick a pain region, get candidate muscles.
- :class:`SessionSequencer`: build a session plan and get feedback.
- :class:`Screener`: screen a client's intake for contraindications.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["MuscleExplorer", "WhereDoesItHurt", "SessionSequencer", "Screener"]

_LAZY = {
    "MuscleExplorer": "explorer",
    "WhereDoesItHurt": "where_it_hurts",
    "SessionSequencer": "sequencer",
    "Screener": "screener",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
