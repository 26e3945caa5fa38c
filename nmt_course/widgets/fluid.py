"""Layouts that fit a phone: controls as wide as the screen up to a comfortable width, rows that wrap.

The apps must stay usable from about 360 px (a phone held upright) to a
desktop: a control never has a fixed pixel width, only a maximum, and a row of
controls wraps onto the next line instead of running off the screen.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

__all__ = ["fluid", "wrap_row", "column"]


def fluid(max_px: int = 460) -> w.Layout:
    """Full width on a narrow screen, at most ``max_px`` on a wide one."""
    return w.Layout(width="100%", max_width=f"{max_px}px", min_width="0")


def wrap_row(children: Sequence[w.Widget]) -> w.Box:
    """Controls side by side that wrap onto the next line when the screen is narrow."""
    return w.Box(list(children), layout=w.Layout(display="flex", flex_flow="row wrap", align_items="center", width="100%", min_width="0"))


def column(children: Sequence[w.Widget]) -> w.VBox:
    """A column that may shrink below its contents' preferred width (so nothing forces a sideways scroll)."""
    return w.VBox(list(children), layout=w.Layout(width="100%", min_width="0"))
