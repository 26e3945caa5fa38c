"""A plotly figure that shows its text description under it when a notebook displays it.

Figure builders keep a plain-language description in
``layout.meta["description"]``. Widgets show it beside their figures; this
class does the same for a figure displayed on its own (the last expression
of a cell), so no chart in the course is without a text alternative.
"""

from __future__ import annotations

import html
import importlib.util

import plotly.graph_objects as go
import plotly.io as pio

__all__ = ["DescribedFigure", "plotly_can_show"]


def plotly_can_show() -> bool:
    """Can plotly's own ``show`` render in a notebook here? (It needs nbformat.)"""
    return importlib.util.find_spec("nbformat") is not None


class DescribedFigure(go.Figure):
    """``go.Figure`` plus a visible "What the figure shows" paragraph when displayed."""

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if plotly_can_show():
            super()._ipython_display_()
        else:
            display(pio.renderers["plotly_mimetype"].to_mimebundle(self.to_dict()), raw=True)
        meta = self.layout.meta
        text = meta.get("description", "") if isinstance(meta, dict) else ""
        if text:
            display(HTML(f"<p role='note' class='nmt-figure-description'><b>What the figure shows:</b> {html.escape(text)}</p>"))
