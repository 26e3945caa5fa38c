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


def fit_labels(notes: list[dict], layout: BodyMapLayout, boxes: dict[str, Box], laid_out: dict[str, Any]) -> None:
    """Keep each muscle's name inside its view at the figure's scale (text about 7 px a letter, 16 px a line)."""
    plot_px = laid_out["height"] - laid_out["margin"]["t"] - laid_out["margin"]["b"]
    for v in layout.views:
        xa, _ = layout.axes(v)
        x0, x1, y0, y1 = boxes[v]
        unit = (y1 - y0) / plot_px  # body-map units per pixel
        for note in (n for n in notes if n.get("name") == "muscle-label" and n["xref"] == xa):
            lines = note["text"].removeprefix("<b>").removesuffix("</b>").split("<br>")
            width, height = max(len(t) for t in lines) * 8 * unit, len(lines) * 16 * unit
            xkey, ykey = ("ax", "ay") if note.get("showarrow") else ("x", "y")
            anchor = note.get("xanchor", "center")
            left = {"left": 0.0, "right": width, "center": width / 2}[anchor]
            note[xkey] = round(min(max(note[xkey], x0 + left), x1 - (width - left)), 2)
            note[ykey] = round(min(max(note[ykey], y0 + height / 2), y1 - height / 2), 2)


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
