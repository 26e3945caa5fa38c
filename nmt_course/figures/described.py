"""A plotly figure that shows its text description under it when a notebook displays it.

Figure builders keep a plain-language description in
``layout.meta["description"]``. Widgets show it beside their figures; this
class does the same for a figure displayed on its own (the last expression
of a cell), so no chart in the course is without a text alternative.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

__all__ = ["DescribedFigure"]


class DescribedFigure(go.Figure):
    """``go.Figure`` plus a visible "What the figure shows" paragraph when displayed."""

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        super()._ipython_display_()
        meta = self.layout.meta
        text = meta.get("description", "") if isinstance(meta, dict) else ""
        if text:
            display(HTML(f"<p role='note' class='nmt-figure-description'><b>What the figure shows:</b> {html.escape(text)}</p>"))
