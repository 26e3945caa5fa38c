"""The body map's plot widget: every comm opens with the whole figure, also when an app is run again.

The fresh-clone failure (the explorer run again in a used kernel showed empty
axes) came from plotly's ``FigureWidget`` whose comm opened with an empty
figure and sent it in later messages. ``PlotView`` has one synced value, the
figure: these tests read what a real kernel sends on the wire when the app
is created, twice in the same kernel, and check the figure is in the message
that opens the comm.
"""

from __future__ import annotations

import queue

import plotly.graph_objects as go
import pytest
from jupyter_client.manager import start_new_kernel

from nmt_course.figures.bodymap import body_map
from nmt_course.widgets.bodymap_view import BodyMapView
from nmt_course.widgets.plot_view import PlotView


def test_the_widget_state_holds_the_whole_figure_and_each_draw_bumps_the_revision() -> None:
    fig = body_map(muscles=["soleus"])
    view = BodyMapView(fig)
    state = view.plot.get_state()
    assert [t.get("name") for t in state["figure"]["data"]] == [t.name for t in fig.data]
    first = state["revision"]
    view.show(body_map(muscles=["masseter"]))
    state = view.plot.get_state()
    assert state["revision"] == first + 1
    assert "Masseter: muscle" in [t.get("name") for t in state["figure"]["data"]]
    assert "Soleus: muscle" not in [t.get("name") for t in state["figure"]["data"]]
    assert "Masseter" in view.description


@pytest.mark.parametrize(("content", "calls"), [
    ({"kind": "click", "view": "back", "x": 60, "y": 100}, [("back", 60.0, 100.0)]),
    ({"kind": "click", "view": "back", "x": "not a number", "y": 1}, []),  # malformed: ignored, no exception
    ({"kind": "click"}, []),
    ("just text", []),
    ({"kind": "something else"}, []),
])
def test_click_messages_reach_the_handler_and_malformed_ones_are_ignored(content: object, calls: list) -> None:
    seen: list[tuple[str, float, float]] = []
    plot = PlotView(go.Figure().to_plotly_json(), on_click=lambda v, x, y: seen.append((v, x, y)))
    plot._on_message(plot, content, [])
    assert seen == calls


APP = "from nmt_course.widgets import MuscleExplorer\nMuscleExplorer()"


def _comm_opens(client, code: str) -> list[dict]:
    """Run ``code`` in the kernel; the widget comm-open messages it sent on iopub, in order."""
    msg_id = client.execute(code)
    opened = []
    while True:
        try:
            msg = client.get_iopub_msg(timeout=120)
        except queue.Empty:
            raise AssertionError("the kernel did not finish running the app") from None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "comm_open":
            opened.append(msg["content"])
        elif msg["msg_type"] == "error":
            raise AssertionError("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return opened


def test_running_the_explorer_twice_in_one_kernel_opens_each_plot_with_its_figure() -> None:
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        plots = []
        for _run in range(2):
            opened = _comm_opens(kc, APP)
            plots += [c for c in opened if c["data"]["state"].get("_view_name") == "AnyView"
                      and "figure" in c["data"]["state"]]
        assert len(plots) == 2, plots
        for plot in plots:
            traces = plot["data"]["state"]["figure"]["data"]
            assert len(traces) > 5  # silhouettes, zones, the muscle, its X marks: not empty axes
            assert any(str(t.get("name", "")).endswith(": muscle") for t in traces)
        assert plots[0]["comm_id"] != plots[1]["comm_id"]  # a new widget each run, nothing shared
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

