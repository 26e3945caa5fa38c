"""A body-map figure inside a widget: swaps figures in place and reports clicks.

The figure is a plotly ``FigureWidget``; its text description is shown below
it as visible text (and so read by screen readers), updated with the figure.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go

from ..figures import describe
from .figure_widget import CourseFigureWidget, replace_in, updates_in_place

__all__ = ["BodyMapView"]


_STATIC = {"silhouette", "click-grid"}


def _static_prefix(old: tuple, new: tuple) -> int:
    """How many leading traces are static and the same in both figures."""
    n = 0
    for a, b in zip(old, new):
        ma, mb = a.meta or {}, b.meta or {}
        if ma.get("role") not in _STATIC or ma != mb or len(a.x) != len(b.x):
            break
        n += 1
    return n


class BodyMapView:
    """Holds one FigureWidget and replaces its content when the selection changes."""

    def __init__(self, fig: go.Figure, *, on_click: Callable[[str, float, float], None] | None = None):
        self.figure: go.FigureWidget = CourseFigureWidget(fig)
        self._on_click = on_click
        self.caption = w.HTML(layout=w.Layout(max_width="900px"))
        self.caption.add_class("nmt-figure-description")
        self._bind()
        self._caption()
        self.widget = w.VBox([self.figure, self.caption])

    def show(self, fig: go.Figure) -> None:
        """Replace the figure's content; the unchanged leading traces (silhouettes, click grid) stay."""
        if not updates_in_place():  # the browser site: a new widget takes the old one's place
            self.figure = replace_in(self.widget, self.figure, fig)
            self._bind()
            self._caption()
            return
        keep = _static_prefix(self.figure.data, fig.data)
        with self.figure.batch_update():
            self.figure.data = self.figure.data[:keep]
            self.figure.add_traces(list(fig.data[keep:]))
            self.figure.layout = fig.layout
        self._bind()
        self._caption()

    @property
    def description(self) -> str:
        return describe(self.figure)

    def _caption(self) -> None:
        self.caption.value = (
            "<p role='note' aria-live='polite' style='font-size:0.95em;margin:4px 0'>"
            f"<b>What the map shows:</b> {html.escape(self.description)}</p>"
        )

    def _bind(self) -> None:
        if self._on_click is None:
            return
        for trace in self.figure.data:
            meta = trace.meta or {}
            if meta.get("role") in {"click-grid", "essential-zone", "spillover-zone", "selected-region", "trigger-points"}:
                trace.on_click(self._clicked)

    def _clicked(self, trace: Any, points: Any, _state: Any) -> None:
        if not points.xs:
            return
        view = (trace.meta or {}).get("view")
        if view and self._on_click:
            self._on_click(view, float(points.xs[0]), float(points.ys[0]))
