"""Plotly figure builders: data in, ``go.Figure`` out (no display, no widgets).

Each builder stores a plain-language description of what it shows in
``fig.layout.meta["description"]`` for screen readers and captions; read it
with :func:`describe`.
"""

from __future__ import annotations

from typing import Any

from ..lazy import lazy_getattr

__all__ = ["body_map", "describe", "session_timeline", "BodyMapLayout"]

_LAZY = {
    "body_map": "bodymap",
    "BodyMapLayout": "bodymap",
    "session_timeline": "timeline",
}


def describe(fig: Any) -> str:
    """The figure's text description (empty if it has none)."""
    meta = fig.layout.meta
    if isinstance(meta, dict):
        return str(meta.get("description", ""))
    return ""


__getattr__ = lazy_getattr(__name__, _LAZY)
