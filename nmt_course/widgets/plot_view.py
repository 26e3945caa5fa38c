"""A plotly figure as a small anywidget: the whole figure is one synced value.

plotly's ``FigureWidget`` keeps the browser's copy of a figure in step with
incremental messages (delete these traces, add those, relayout), and a view
that misses one of them stays wrong: a cell re-run in a used kernel could
leave the body map as empty axes, and a click whose callback redrew the map
raised ``IndexError`` inside plotly's dispatch. This widget sends the whole
figure each time (``Plotly.react`` redraws only what changed), so every view
always draws the current figure; clicks arrive as a plain message handled
after the front end's event, with the clicked view and position in body-map
units.

plotly.js itself (the copy bundled with the plotly package, so versions
match) is sent once per page, when the first view asks for it, rather than
with every widget.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import anywidget
import plotly
import traitlets

__all__ = ["PlotView", "plotly_js"]

ClickHandler = Callable[[str, float, float], None]


@lru_cache(maxsize=1)
def plotly_js() -> bytes:
    """The plotly.js bundle shipped with the installed plotly package."""
    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()


class PlotView(anywidget.AnyWidget):
    """Draws ``figure`` (a plotly figure as JSON); reports clicks to ``on_click(view, x, y)``."""

    _esm = Path(__file__).with_name("plot_view.js")
    _css = """
    .nmt-plot-view { width: 100%; max-width: 980px; min-width: 0; }
    .nmt-plot-view .nmt-plot { width: 100%; }
    .nmt-plot-loading { padding: 12px; color: #444; }
    """
    figure = traitlets.Dict().tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    narrow_below = traitlets.Int(600).tag(sync=True)

    def __init__(self, figure: dict[str, Any] | None = None, *, on_click: ClickHandler | None = None, **kwargs: Any) -> None:
        super().__init__(figure=figure or {}, **kwargs)
        self.on_click = on_click
        self.on_msg(self._on_message)

    def draw(self, figure: dict[str, Any]) -> None:
        """Show a new figure (a dict as ``go.Figure.to_plotly_json()`` gives)."""
        with self.hold_sync():
            self.revision += 1
            self.figure = figure

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("kind") == "need-plotly":
            self.send({"kind": "plotly"}, buffers=[plotly_js()])
        elif content.get("kind") == "click" and self.on_click is not None:
            try:
                view, x, y = str(content["view"]), float(content["x"]), float(content["y"])
            except (KeyError, TypeError, ValueError):
                return  # a malformed message from the page: nothing to do
            self.on_click(view, x, y)
