"""A body-map figure inside an app: redrawn in place, with its text description and clicks.

The plot is a :class:`~.plot_view.PlotView` (the whole figure synced as one
value); its text description is shown below it as visible text, read by
screen readers, and updated with the figure. Apps pass the figure as plotly
JSON (``body_map_json``), which is all the page needs; ``figure`` builds the
``go.Figure`` on screen only when someone reads it (tests, notebooks).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, TypeAlias

import ipywidgets as w
import plotly.graph_objects as go

from ..figures.described import DescribedFigure
from .plot_view import PlotView

__all__ = ["BodyMapView", "figure_view"]


Figure: TypeAlias = "go.Figure | dict[str, Any]"


def _as_json(fig: Figure) -> dict[str, Any]:
    return fig if isinstance(fig, dict) else fig.to_plotly_json()


def figure_view(fig: Figure, *, on_click: Callable[[str, float, float], None] | None = None) -> PlotView:
    """The one place a figure becomes an on-screen widget (a JupyterLite build may swap this)."""
    return PlotView(_as_json(fig), on_click=on_click)


class BodyMapView:
    """Holds one plot widget and replaces its figure when the selection changes."""

    def __init__(self, fig: Figure, *, on_click: Callable[[str, float, float], None] | None = None):
        self._json = _as_json(fig)
        self._figure: go.Figure | None = fig if isinstance(fig, go.Figure) else None
        self.plot = figure_view(self._json, on_click=on_click)
        self.caption = w.HTML(layout=w.Layout(max_width="900px", width="100%"))
        self.caption.add_class("nmt-figure-description")
        self._caption()
        self.widget = w.VBox([self.plot, self.caption], layout=w.Layout(width="100%", min_width="0"))
        self.widget.add_class("nmt-bodymap")

    def show(self, fig: Figure) -> None:
        """Draw a new figure in place."""
        self._json = _as_json(fig)
        self._figure = fig if isinstance(fig, go.Figure) else None
        self.plot.draw(self._json)
        self._caption()

    @property
    def figure(self) -> go.Figure:
        """The figure on screen, as a ``go.Figure``."""
        if self._figure is None:
            self._figure = DescribedFigure(self._json)
        return self._figure

    @property
    def description(self) -> str:
        meta = self._json.get("layout", {}).get("meta")
        return str(meta.get("description", "")) if isinstance(meta, dict) else ""

    def _caption(self) -> None:
        self.caption.value = (
            "<p role='note' aria-live='polite' style='font-size:0.95em;margin:4px 0'>"
            f"<b>What the map shows:</b> {html.escape(self.description)}</p>"
        )
