"""The muscle's name on the map never hides an X mark or its number (every muscle's explorer map)."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.figures.bodymap import body_map_json

CHAR_PX, LINE_PX = 7.5, 15  # bold 12 px DejaVu Sans: about 7.5 px a letter, 15 px a line
NUMBER_PX = 12  # a mark's number is written about this far beside it


def _label_box(note: dict, unit: float) -> tuple[float, float, float, float]:
    lines = note["text"].removeprefix("<b>").removesuffix("</b>").split("<br>")
    w, h = max(len(t) for t in lines) * CHAR_PX * unit, len(lines) * LINE_PX * unit
    x, y = (note["ax"], note["ay"]) if note.get("showarrow") else (note["x"], note["y"])
    left = {"left": x, "right": x - w, "center": x - w / 2}[note.get("xanchor", "center")]
    return left, left + w, y - h / 2, y + h / 2


def _points(trace: dict, unit: float) -> list[tuple[str, float, float]]:
    out = []
    for number, x, y, place in zip(trace["text"], trace["x"], trace["y"], trace["textposition"], strict=True):
        up, side = place.split()
        out.append((f"X {number}", x, y))
        out.append((f"number {number}", x + {"left": -1, "right": 1}.get(side, 0) * NUMBER_PX * unit,
                    y + {"top": 1, "bottom": -1}.get(up, 0) * NUMBER_PX * unit))
    return out


@pytest.mark.parametrize("muscle", sorted(kb.load().muscles))
def test_the_muscle_label_leaves_every_x_mark_and_number_visible(muscle: str) -> None:
    fig = body_map_json(muscles=[muscle], zoom=True, title=kb.load().muscles[muscle].name)
    layout = fig["layout"]
    plot_px = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    for note in (n for n in layout["annotations"] if n.get("name") == "muscle-label"):
        y0, y1 = layout[note["yref"].replace("y", "yaxis")]["range"]
        unit = (y1 - y0) / plot_px
        a, b, c, d = _label_box(note, unit)
        pad = 5 * unit
        view = next(t["meta"]["view"] for t in fig["data"] if t.get("yaxis", "y") == note["yref"])
        for t in (t for t in fig["data"] if t["meta"].get("role") == "trigger-points" and t["meta"]["view"] == view):
            hidden = [what for what, x, y in _points(t, unit) if a - pad <= x <= b + pad and c - pad <= y <= d + pad]
            assert not hidden, (view, note["text"], hidden)


@pytest.mark.parametrize("muscle", sorted(kb.load().muscles))
def test_the_muscle_label_stays_inside_its_view_on_a_phone(muscle: str) -> None:
    """In the stacked layout (360 px wide) each name still fits across its view, so none is cut at the screen's edge."""
    fig = body_map_json(muscles=[muscle], zoom=True)
    stacked = fig["layout"]["meta"]["stacked"]
    m = stacked["margin"]
    for note in (n for n in fig["layout"]["annotations"] if n.get("name") == "muscle-label"):
        xaxis = stacked[note["xref"].replace("x", "xaxis")]
        yaxis = stacked[note["yref"].replace("y", "yaxis")]
        (x0, x1), (y0, y1) = xaxis["range"], yaxis["range"]
        unit = max((x1 - x0) / ((stacked["width_px"] - m["l"] - m["r"]) * (xaxis["domain"][1] - xaxis["domain"][0])),
                   (y1 - y0) / ((stacked["height"] - m["t"] - m["b"]) * (yaxis["domain"][1] - yaxis["domain"][0])))
        a, b, c, d = _label_box(note, unit)
        slack = 0.5 * unit  # rounding of the placed position
        assert x0 - slack <= a and b <= x1 + slack and y0 - slack <= c and d <= y1 + slack, (note["text"], (a, b), (x0, x1))
