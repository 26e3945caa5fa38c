"""Every muscle is drawn, on the body, under its own trigger points, and every map is readable (frames, marks, contrast)."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.figures import geometry
from nmt_course.figures.bodymap import body_map_json
from nmt_course.figures.zone_style import (
    MUSCLE_LINE,
    PALETTE,
    SKIN,
    ZONES,
    contrast_ratio,
    over_skin,
)

K = kb.load()
MUSCLES = sorted(K.muscles)


def test_every_muscle_has_a_drawing() -> None:
    missing = sorted(set(K.muscles) - set(K.shapes))
    assert not missing, f"these muscles have no drawing in nmt_course/data/shapes/ (docs/content-format.md says how): {missing}"


@pytest.mark.parametrize("muscle", MUSCLES)
def test_the_drawing_lies_on_the_body(muscle: str) -> None:
    shape = K.shapes[muscle]
    for view, drawn in shape.views.items():
        points = [p for part in drawn.parts for p in geometry.smooth(part.outline, closed=True, steps=4)]
        points += [p for a in drawn.attachments for p in a.points]
        outside = [p for p in points if not geometry.inside_body(view, p[0], p[1], tolerance=0.8)]
        assert not outside, (view, outside[:5])


@pytest.mark.parametrize("muscle", MUSCLES)
def test_each_trigger_point_sits_on_its_muscle(muscle: str) -> None:
    shape = K.shapes[muscle]
    for tp in K.muscles[muscle].trigger_points:
        assert tp.view in shape.views, f"{tp.id} is on the {tp.view} view, where {muscle} is not drawn"
        outlines = [geometry.smooth(p.outline, closed=True, steps=4) for p in shape.views[tp.view].parts]
        gap = min(geometry.distance_to_polygon(o, tp.x, tp.y) for o in outlines)
        assert gap <= 0.5, f"{tp.id} is {gap:.1f} units off the drawing"


@pytest.mark.parametrize("muscle", MUSCLES)
def test_the_map_shows_the_muscle_named_for_checks(muscle: str) -> None:
    m = K.muscles[muscle]
    fig = body_map_json(muscles=[muscle], zoom=True)
    drawn = [t for t in fig["data"] if t["name"] == f"{m.name}: muscle"]
    views = fig["layout"]["meta"]["views"]
    assert sorted(t["meta"]["view"] for t in drawn) == sorted(v for v in views if v in K.shapes[muscle].views)
    assert drawn, "the muscle is drawn on at least one view of its map"


def _px_per_unit(fig: dict, view: str) -> float:
    layout = fig["layout"]
    i = layout["meta"]["views"].index(view)
    yaxis = layout["yaxis" if i == 0 else f"yaxis{i + 1}"]
    plot_px = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    return plot_px * (yaxis["domain"][1] - yaxis["domain"][0]) / (yaxis["range"][1] - yaxis["range"][0])


@pytest.mark.parametrize("muscle", MUSCLES)
def test_every_x_can_be_seen(muscle: str) -> None:
    # as the explorer draws the map: no two X marks of a view closer than a mark is wide
    fig = body_map_json(muscles=[muscle], zoom=True)
    for t in (t for t in fig["data"] if t["meta"].get("role") == "trigger-points"):
        xy = list(zip(t["x"], t["y"], strict=True))
        if len(xy) < 2:
            continue
        scale = _px_per_unit(fig, t["meta"]["view"])
        nearest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(xy) for b in xy[i + 1:]) * scale
        assert nearest >= t["marker"]["size"] >= 9, (t["meta"]["view"], round(nearest, 1), t["marker"]["size"])


@pytest.mark.parametrize("muscle", MUSCLES)
def test_the_frame_holds_everything_drawn(muscle: str) -> None:
    fig = body_map_json(muscles=[muscle], zoom=True)
    layout = fig["layout"]
    for i, view in enumerate(layout["meta"]["views"]):
        xr = layout["xaxis" if i == 0 else f"xaxis{i + 1}"]["range"]
        yr = layout["yaxis" if i == 0 else f"yaxis{i + 1}"]["range"]
        roles = {"muscle", "essential-zone", "spillover-zone", "trigger-points"}
        for t in (t for t in fig["data"] if t["meta"].get("view") == view and t["meta"].get("role") in roles):
            for x, y in zip(t["x"], t["y"], strict=True):
                if x is not None:
                    assert xr[0] <= x <= xr[1] and yr[0] <= y <= yr[1], (view, t["name"], x, y)


@pytest.mark.parametrize(
    ("muscle", "box"),
    [
        ("biceps-brachii", "forearm"),  # the frame stops at the elbow or takes the whole forearm, never half of it
        ("infraspinatus", "hand"),  # a hand that carries a zone is shown whole
        ("masseter", "head"),
    ],
)
def test_frames_cut_no_limb_mid_way(muscle: str, box: str) -> None:
    fig = body_map_json(muscles=[muscle], zoom=True)
    x0, x1 = fig["layout"]["xaxis"]["range"]
    y0, y1 = fig["layout"]["yaxis"]["range"]
    parts = {"forearm": (13.0, 32.5, 99.0, 127.0), "hand": (9.5, 18.6, 85.9, 101.0), "head": (46.8, 72.0, 168.0, 191.0)}
    sx0, sx1, sy0, sy1 = parts[box]
    if box == "forearm":
        assert y0 <= sy0 or y0 >= sy1 - 0.4 * (sy1 - sy0)  # whole, or cut within reach of the elbow
    else:
        assert x0 <= sx0 and x1 >= sx1 and y0 <= sy0 and y1 >= sy1


def test_colours_keep_three_to_one_against_the_skin() -> None:
    # WCAG 1.4.11: graphics a student needs stand out from the skin at 3:1 at least
    for colour in PALETTE:
        assert contrast_ratio(over_skin(colour, ZONES["essential"].fill_alpha), SKIN) >= 3.0, colour  # a solid zone
        assert contrast_ratio(colour, SKIN) >= 3.0, colour  # the dots of a dotted zone
    assert contrast_ratio(MUSCLE_LINE, SKIN) >= 3.0  # the muscle's outline
    assert contrast_ratio("#000000", SKIN) >= 3.0  # the X marks


def test_the_narrow_layout_stacks_the_views() -> None:
    fig = body_map_json(muscles=["infraspinatus"], zoom=True)
    stacked = fig["layout"]["meta"]["stacked"]
    domains = [stacked[key]["domain"] for key in ("yaxis", "yaxis2")]
    assert stacked["xaxis"]["domain"] == [0.0, 1.0] and stacked["xaxis2"]["domain"] == [0.0, 1.0]  # full width each
    assert domains[0][0] > domains[1][1]  # front above back, no overlap
    assert stacked["height"] > fig["layout"]["height"]  # taller, not squeezed
