"""The course's interactive apps (ipywidgets): thin views over the domain layer.

- :class:`MuscleExplorer`: search muscles, read their card, see their pattern.
- :class:`WhereDoesItHurt`: pick a pain region, get candidate muscles.
- :class:`SessionSequencer`: build a session plan and get feedback.
- :class:`Screener`: screen a client's intake for contraindications.
"""

from __future__ import annotations

from ..lazy import lazy_getattr

__all__ = ["MuscleExplorer", "WhereDoesItHurt", "SessionSequencer", "Screener"]

_LAZY = {
    "MuscleExplorer": "explorer",
    "WhereDoesItHurt": "where_it_hurts",
    "SessionSequencer": "sequencer",
    "Screener": "screener",
}


__getattr__ = lazy_getattr(__name__, _LAZY)
