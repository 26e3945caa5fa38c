"""Fitting the body map to the page: each view's frame, the layout, and marks and labels sized to the scale.

These are the last steps of :func:`~.bodymap.body_map_json`, once the traces
are drawn: :func:`frames` picks what part of each view to show, :func:`page`
lays the views out (with the stacked variant for narrow screens), and
:func:`fit_marks` / :func:`fit_labels` size the X marks and place the
muscles' names for the scale the figure ends up at.
"""

from __future__ import annotations

from typing import Any

from .bodymap_frame import BodyMapLayout, Box, frame_box, page_layout
from .zone_style import MUSCLE_LINE

__all__ = ["frames", "page", "fit_marks", "fit_labels"]

_FRAMED_ROLES = {"muscle", "attachments", "essential-zone", "spillover-zone", "selected-region", "trigger-points"}


def frames(layout: BodyMapLayout, traces: list[dict], notes: list[dict], *, zoom: bool) -> dict[str, Box]:
    """Each view's frame: the whole view, or (``zoom``) what is drawn on it, with a margin and whole limbs.

    Views side by side show the same band of the body at one scale, as a
    chart's front and back figures do: a view that only carries zones takes
    the band of the views with trigger points (and anything of its own beyond
    it); views with trigger points share theirs when they are of about the
    same part of the body, and keep their own scale otherwise (the face on
    the side view stays large beside the front view's long sternal zone).
    """
    points: dict[str, list[tuple[float, float]]] = {v: [] for v in layout.views}
    if zoom:
        for t in traces:
            v = t["meta"].get("view")
            if v in points and t["meta"].get("role") in _FRAMED_ROLES:
                points[v] += [(x, y) for x, y in zip(t["x"], t["y"], strict=True) if x is not None]
    boxes: dict[str, Box] = {v: frame_box(points[v], v) for v in layout.views}
    marked = {t["meta"]["view"] for t in traces if t["meta"].get("role") == "trigger-points"}
    for _ in range(3):  # moving an edge for a whole limb on one view can raise the band for all
        band = (min(b[2] for b in boxes.values()), max(b[3] for b in boxes.values()))
        keep = {v for v in marked & set(boxes) if boxes[v][3] - boxes[v][2] < 0.6 * (band[1] - band[0])}  # would shrink too much
        wanted = {v: (b[2], b[3]) if v in keep else band for v, b in boxes.items()}
        if all((b[2], b[3]) == wanted[v] for v, b in boxes.items()):
            break
        boxes = {v: frame_box(points[v] or [(0.5 * (b[0] + b[1]), wanted[v][0])], v, heights=wanted[v]) for v, b in boxes.items()}
    for v in layout.views:
        xa, _ = layout.axes(v)
        for note in notes:  # labels are placed by the drawing; keep them inside the frame, which they do not widen
            if note["xref"] == xa:
                _keep_inside(note, boxes[v])
    return boxes


def fit_marks(traces: list[dict], layout: BodyMapLayout, boxes: dict[str, Box], laid_out: dict[str, Any]) -> None:
    """Shrink the X marks of a view (down to 9 px) where two would overlap at the figure's scale."""
    plot_px = laid_out["height"] - laid_out["margin"]["t"] - laid_out["margin"]["b"]
    for v in layout.views:
        marks = [t for t in traces if t["meta"].get("role") == "trigger-points" and t["meta"]["view"] == v]
        xy = [(x, y) for t in marks for x, y in zip(t["x"], t["y"], strict=True)]
        if len(xy) < 2:
            continue
        px_per_unit = plot_px / (boxes[v][3] - boxes[v][2])
        nearest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(xy) for b in xy[i + 1:])
        size = max(9, min(14, round(0.95 * nearest * px_per_unit)))
        for t in marks:
            t["marker"]["size"] = size


def fit_labels(notes: list[dict], layout: BodyMapLayout, boxes: dict[str, Box], laid_out: dict[str, Any],
               traces: list[dict] | None = None) -> None:
    """Keep each muscle's name inside its view at the figure's scale (text about 7 px a letter, 16 px a line).

    A name written on the belly that would cover an X mark (a narrow muscle
    such as the adductors or the biceps femoris, where the belly's middle is
    where the trigger points are) moves beside the belly, on the side with
    more room, with a leader line to it.
    """
    plot_px = laid_out["height"] - laid_out["margin"]["t"] - laid_out["margin"]["b"]
    for v in layout.views:
        xa, _ = layout.axes(v)
        _, _, y0, y1 = boxes[v]
        unit = max((y1 - y0) / plot_px, _stacked_unit(laid_out, v, layout))  # body-map units per pixel, in either layout
        marks = _marks_and_numbers([t for t in traces or () if t["meta"].get("role") == "trigger-points" and t["meta"]["view"] == v], unit)
        for note in (n for n in notes if n.get("name") == "muscle-label" and n["xref"] == xa):
            lines = note["text"].removeprefix("<b>").removesuffix("</b>").split("<br>")
            width, height = max(len(t) for t in lines) * 8 * unit, len(lines) * 16 * unit
            _clamp(note, width, height, boxes[v])
            if marks and _covers(note, width, height, marks, 10 * unit):
                _beside(note, width, height, marks, boxes[v], unit)


def _stacked_unit(laid_out: dict[str, Any], view: str, layout: BodyMapLayout) -> float:
    """Body-map units per pixel of ``view`` in the stacked (phone) layout, at its narrowest width."""
    stacked = laid_out.get("meta", {}).get("stacked")
    if not stacked:
        return 0.0
    xa, ya = layout.axes(view)
    xaxis, yaxis = stacked.get(xa.replace("x", "xaxis")), stacked.get(ya.replace("y", "yaxis"))
    if not xaxis or not yaxis:
        return 0.0
    m = stacked["margin"]
    wide = (stacked["width_px"] - m["l"] - m["r"]) * (xaxis["domain"][1] - xaxis["domain"][0])
    tall = (stacked["height"] - m["t"] - m["b"]) * (yaxis["domain"][1] - yaxis["domain"][0])
    (x0, x1), (y0, y1) = xaxis["range"], yaxis["range"]
    return max((x1 - x0) / wide, (y1 - y0) / tall)  # the axes keep one scale: the tighter direction sets it


def _marks_and_numbers(marks: list[dict], unit: float) -> list[tuple[float, float]]:
    """Each X mark, and where its number is written beside it (about 12 px off, on the side its text position says)."""
    out: list[tuple[float, float]] = []
    for t in marks:
        places = t.get("textposition") or ["middle center"] * len(t["x"])
        for x, y, place in zip(t["x"], t["y"], places if isinstance(places, list) else [places] * len(t["x"]), strict=True):
            out.append((x, y))
            up, side = place.split() if " " in place else ("middle", place)
            dx = {"left": -12, "right": 12}.get(side, 0) * unit
            dy = {"top": 12, "bottom": -12}.get(up, 0) * unit
            out.append((x + dx, y + dy))
    return out


def _extent(note: dict, width: float, height: float) -> tuple[float, float, float, float]:
    xkey, ykey = ("ax", "ay") if note.get("showarrow") else ("x", "y")
    left = {"left": 0.0, "right": width, "center": width / 2}[note.get("xanchor", "center")]
    return note[xkey] - left, note[xkey] - left + width, note[ykey] - height / 2, note[ykey] + height / 2


def _clamp(note: dict, width: float, height: float, box: Box) -> None:
    x0, x1, y0, y1 = box
    xkey, ykey = ("ax", "ay") if note.get("showarrow") else ("x", "y")
    left = {"left": 0.0, "right": width, "center": width / 2}[note.get("xanchor", "center")]
    note[xkey] = round(min(max(note[xkey], x0 + left), x1 - (width - left)), 2)
    note[ykey] = round(min(max(note[ykey], y0 + height / 2), y1 - height / 2), 2)


def _covers(note: dict, width: float, height: float, marks: list[tuple[float, float]], pad: float) -> bool:
    a, b, c, d = _extent(note, width, height)
    return any(a - pad <= x <= b + pad and c - pad <= y <= d + pad for x, y in marks)


def _beside(note: dict, width: float, height: float, marks: list[tuple[float, float]], box: Box, unit: float) -> None:
    """Move a label off the X marks: to the side of the frame with more room, at the first height that is clear."""
    x0, x1, _, _ = box
    cx, cy = note["x"], note["y"]  # the belly point the leader line ends at
    gap = 6 * unit
    right_room, left_room = x1 - max(x for x, _ in marks), min(x for x, _ in marks) - x0
    on_right = right_room >= left_room
    note.update({"showarrow": True, "axref": note["xref"], "ayref": note["yref"], "x": cx, "y": cy, "arrowhead": 0,
                 "arrowwidth": 1, "arrowcolor": MUSCLE_LINE, "standoff": 2, "xanchor": "right" if on_right else "left",
                 "ax": round(x1 - gap if on_right else x0 + gap, 2)})
    step = height * 1.2
    for k in range(12):  # the label's own height, then further up and down in turn
        dy = (k + 1) // 2 * step * (1 if k % 2 else -1)
        note["ay"] = round(cy + dy, 2)
        _clamp(note, width, height, box)
        if not _covers(note, width, height, marks, 10 * unit):
            return


def _keep_inside(note: dict, box: Box) -> None:
    x0, x1, y0, y1 = box
    xkey, ykey = ("ax", "ay") if note.get("showarrow") else ("x", "y")
    mx, my = 0.14 * (x1 - x0), 0.04 * (y1 - y0)  # room for the text itself
    note[xkey] = round(min(max(note[xkey], x0 + mx), x1 - mx), 2)
    note[ykey] = round(min(max(note[ykey], y0 + my), y1 - my), 2)


def page(traces: list[dict], layout: BodyMapLayout, boxes: dict[str, Box], notes: list[dict], *, title: str | None,
          description: str, height: int | None, clickable: bool) -> dict[str, Any]:
    """The figure's layout: frames, view titles, the client's-right marks, legend, description and the stacked variant."""
    legend_items = sum(1 for t in traces if t.get("showlegend") is not False)
    out = page_layout(layout, boxes, title=title, legend_items=legend_items)
    stacked = out.pop("stacked")
    for v in ("front", "back"):
        if v in layout.views:  # the client's right: left of the picture on the front view, right on the back view
            xa, ya = layout.axes(v)
            x0, x1, y0, _ = boxes[v]
            notes = [*notes, {"xref": xa, "yref": ya, "x": x0 + 1 if v == "front" else x1 - 1, "y": y0 + 1, "xanchor": "left" if v == "front" else "right",
                              "yanchor": "bottom", "text": "<b>R</b>", "showarrow": False, "font": {"size": 14, "color": "#333"},
                              "hovertext": "the client's right side", "name": "right-side"}]
    out["annotations"] = out["annotations"] + notes  # the stacked layout keeps only its own view titles
    out.update(
        plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF", showlegend=True, hovermode="closest", dragmode=False,
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "center", "x": 0.5, "font": {"size": 12}},
        font={"family": "DejaVu Sans, Arial, sans-serif"},
        meta={"description": description, "stacked": stacked, "views": list(layout.views), "clickable": clickable},
    )
    if title:
        out["title"] = {"text": title, "x": 0.5, "y": 0.985, "yanchor": "top"}
    if height is not None:
        out["height"] = height
    return out
