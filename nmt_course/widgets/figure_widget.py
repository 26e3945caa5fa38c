"""Plotly ``FigureWidget`` s that draw in JupyterLab and in the JupyterLite site alike.

plotly's widget front end draws a figure once, from the widget's state when
its view is created, and later follows only the change messages plotly sends.
Two things go wrong in the browser site (Pyodide kernel), seen there:

- ``go.FigureWidget(fig)`` opens its comm with an empty figure and sends the
  figure just after; the view can be created from the empty state, so it
  shows empty axes. :class:`CourseFigureWidget` opens its comm with the
  figure already in its state.
- Updating a displayed widget in place (``fig.data = ...``, ``add_traces``)
  never reaches the view there. :func:`updates_in_place` says whether it
  does; where it does not, :func:`replace_in` puts a new widget with the new
  figure where the old one was.

In JupyterLab (a real kernel) widgets keep updating in place, as before.
"""

from __future__ import annotations

import sys
from copy import deepcopy
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go
import traitlets

__all__ = ["CourseFigureWidget", "updates_in_place", "replace_in"]


class CourseFigureWidget(go.FigureWidget):
    """A ``go.FigureWidget`` whose comm opens with its figure in its state (see the module docstring)."""

    @traitlets.default("_widget_data")
    def _initial_widget_data(self) -> list:
        return deepcopy(getattr(self, "_data", []))

    @traitlets.default("_widget_layout")
    def _initial_widget_layout(self) -> dict:
        layout = getattr(self, "_layout_obj", None)
        return deepcopy(layout._props) if layout is not None else {}


def updates_in_place() -> bool:
    """Do changes to a displayed FigureWidget reach its view? Not in Pyodide (the browser site)."""
    return sys.platform != "emscripten"


def replace_in(holder: w.Box, old: Any, fig: go.Figure) -> CourseFigureWidget:
    """A new widget showing ``fig``, put in ``holder``'s children where ``old`` was (or at the end)."""
    new = CourseFigureWidget(fig)
    children = list(holder.children)
    if old in children:
        children[children.index(old)] = new
    else:
        children.append(new)
    holder.children = tuple(children)
    if isinstance(old, w.Widget):
        old.close()  # its front-end model goes too
    return new
