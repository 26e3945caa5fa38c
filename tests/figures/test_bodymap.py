"""The body-map figure: its traces follow the knowledge base, on the views the chart uses, with non-colour cues."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.errors import UnknownNameError
from nmt_course.figures import body_map, describe, geometry
from nmt_course.figures.bodymap import body_map_json, region_at
from nmt_course.figures.zone_style import zone_phrase


@pytest.fixture(scope="module")
def K() -> kb.KnowledgeBase:
    return kb.load()


def _role(fig, role: str) -> list:
    return [t for t in fig.data if (t.meta or {}).get("role") == role]


@pytest.mark.parametrize("muscle", ["upper-trapezius", "sternocleidomastoid", "infraspinatus", "gluteus-minimus", "soleus", "temporalis"])
def test_traces_match_the_knowledge_base(K: kb.KnowledgeBase, muscle: str) -> None:
    m = K.muscles[muscle]
    fig = body_map(muscles=[muscle])
    views = fig.layout.meta["views"]
    points = _role(fig, "trigger-points")
    assert sum(len(t.x) for t in points) == len(m.trigger_points)
    assert {t.meta["view"] for t in points} == {tp.view for tp in m.trigger_points}
    for zone in ("essential", "spillover"):
        ids = getattr(m.referral, zone)
        traces = _role(fig, f"{zone}-zone")
        # one trace per drawn view that shows any of the zone's regions
        assert sorted(t.meta["view"] for t in traces) == sorted(v for v in views if any(v in K.regions[r].shapes for r in ids))
        assert {r for t in traces for r in t.meta["regions"]} == set(ids)  # every region is on some view
        for t in traces:
            assert m.name in t.text and zone_phrase(zone) in t.text
            assert all(K.regions[r].label in t.text and t.meta["view"] in K.regions[r].shapes for r in t.meta["regions"])
            assert t.x.count(None) == len(t.meta["regions"]) - 1  # separate outlines in one trace, filled as one patch
    assert all(m.name in text for t in points for text in t.hovertext)


@pytest.mark.parametrize(
    ("muscle", "views"),
    [
        ("temporalis", ["side"]),  # the manual draws the head from the side
        ("masseter", ["side"]),
        ("lateral-pterygoid", ["side"]),
        ("suboccipitals", ["side"]),
        ("sternocleidomastoid", ["front", "side"]),  # face and sternum from the front, head and ear from the side
        ("upper-trapezius", ["back", "side"]),  # the "question mark" is a side-view pattern
        ("soleus", ["back"]),  # a back-only pattern spends no width on an empty front view
        ("infraspinatus", ["front", "back"]),  # trigger points behind, pain in front
        ("gluteus-minimus", ["back", "side"]),  # the "pseudo-sciatica" strip down the side of the leg
    ],
)
def test_each_muscle_is_drawn_on_the_views_its_chart_uses(muscle: str, views: list[str]) -> None:
    fig = body_map(muscles=[muscle], zoom=True)
    assert fig.layout.meta["views"] == views
    titles = [a.text for a in fig.layout.annotations if a.name and a.name.startswith("view-title-")]
    assert len(titles) == len(views) and ("side" in views) == any("Side" in t for t in titles)


def test_the_muscle_is_drawn_on_every_view_it_can_be_seen_on(K: kb.KnowledgeBase) -> None:
    fig = body_map(muscles=["upper-trapezius"])
    muscle = [t for t in fig.data if t.name == "Upper trapezius: muscle"]
    assert sorted(t.meta["view"] for t in muscle) == ["back", "side"]  # one trace per view, named for checks
    assert all(t.fill == "toself" for t in muscle)
    labels = [a.text.replace("<br>", " ") for a in fig.layout.annotations if a.name == "muscle-label"]
    assert labels.count("<b>Upper trapezius</b>") == 2  # named on the drawing, on both views
    ends = {t.meta["view"]: t.hovertext for t in _role(fig, "attachments")}
    assert set(ends) == {"back", "side"} and any("origin" in h for h in ends["back"]) and any("insertion" in h for h in ends["back"])


@pytest.mark.parametrize("muscle", ["piriformis", "lateral-pterygoid", "suboccipitals"])
def test_deep_muscles_are_dashed_and_say_so(muscle: str, K: kb.KnowledgeBase) -> None:
    fig = body_map(muscles=[muscle])
    (belly, *_) = _role(fig, "muscle")
    assert belly.line.dash == "dash" and belly.meta["depth"] == "deep"
    name = K.muscles[muscle].name
    assert f"{name} (deep)" in [a.text.replace("<br>", " ").removeprefix("<b>").removesuffix("</b>") for a in fig.layout.annotations]
    assert "deep muscle" in describe(fig)


def test_non_colour_cues() -> None:
    fig = body_map(muscles=["upper-trapezius"])
    (essential, *_), (spill, *_) = _role(fig, "essential-zone"), _role(fig, "spillover-zone")
    assert essential.fillpattern.shape is None  # solid, like the manual
    assert spill.fillpattern.shape == "."  # dotted (stippled)
    points = _role(fig, "trigger-points")[0]
    assert points.marker.symbol == "x" and list(points.text) == ["1", "2"]  # numbered X marks
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert any(zone_phrase("essential") in n for n in legend) and any(zone_phrase("spillover") in n for n in legend)
    assert any("trigger point (X" in n for n in legend) and "Upper trapezius: muscle" in legend


def test_description_says_what_is_shown() -> None:
    text = describe(body_map(muscles=["soleus"], regions=["heel"]))
    assert text.startswith("Body map, back view.")
    assert "Soleus" in text and f"{zone_phrase('essential')}: " in text and "heel" in text.lower()
    assert "X1 " in text and "X3 " in text  # each X by its number
    assert "origin" in text and "insertion" in text
    assert "Highlighted" in text
    assert "No muscle or region is selected." in describe(body_map())


@pytest.mark.parametrize(
    ("view", "axes"),
    [("auto", {"x", "x2"}), ("front", {"x"}), ("back", {"x"}), ("side", {"x"}), ("both", {"x", "x2"}), ("all", {"x", "x2", "x3"})],
)
def test_views(view: str, axes: set[str]) -> None:
    fig = body_map(muscles=["infraspinatus"], view=view)  # front zones, back trigger points
    used = {t.xaxis or "x" for t in fig.data}
    assert used == axes
    if view in ("front", "back", "side"):
        assert all(t.meta.get("view") in (None, view) for t in fig.data)


def test_single_trigger_point_uses_its_own_zones(K: kb.KnowledgeBase) -> None:
    m = K.muscles["sternocleidomastoid"]
    tp = next(t for t in m.trigger_points if t.referral is not None)
    fig = body_map(muscles=[m.id], trigger_point=tp.id)
    assert {r for t in _role(fig, "essential-zone") for r in t.meta["regions"]} == set(tp.referral.essential)
    assert sum(len(t.x) for t in _role(fig, "trigger-points")) == 1


def test_endangerment_overlay(K: kb.KnowledgeBase) -> None:
    fig = body_map(endangerment=True, view="both")
    traces = _role(fig, "endangerment")
    expected = sum(len({"front", "back"} & set(K.regions[r].shapes)) for e in K.endangerment_sites.values() for r in e.regions)
    assert len(traces) == expected
    assert all(t.fillpattern.shape == "x" and "Endangerment site" in t.text for t in traces)
    assert "Endangerment sites" in describe(fig)


def test_zoom_crops_to_the_features() -> None:
    fig = body_map(muscles=["masseter"], zoom=True)
    y0, y1 = fig.layout.yaxis.range
    assert y0 > 150 and y1 <= 202  # the head, not the feet
    assert y1 - y0 < 45  # and the head fills the frame


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: body_map(muscles=["trapezus"]), UnknownNameError),  # typo in a muscle
        (lambda: body_map(regions=["elbow pit"]), UnknownNameError),  # unknown region
        (lambda: body_map(view="top"), ValueError),  # no such view
        (lambda: body_map(muscles=["soleus"], trigger_point="tp9"), ValueError),  # no such trigger point
        (lambda: body_map(muscles=["soleus", "masseter"], trigger_point="tp1"), ValueError),  # one point, two muscles
    ],
)
def test_bad_arguments(call, error) -> None:
    with pytest.raises(error):
        call()


def test_json_and_figure_agree() -> None:
    spec = body_map_json(muscles=["soleus"], zoom=True, title="Soleus")
    fig = body_map(muscles=["soleus"], zoom=True, title="Soleus")
    assert [t["name"] for t in spec["data"]] == [t.name for t in fig.data]
    assert spec["layout"]["meta"]["description"] == describe(fig)


@pytest.mark.parametrize(
    ("view", "x", "y", "expected"),
    [
        ("back", 68, 3, "heel"),  # back of the heel
        ("front", 60, 184, "forehead"),  # middle of the forehead
        ("back", 69, 50, "popliteal-fossa"),  # back of the knee
        ("side", 61, 182.6, "temple"),  # the temple, seen from the side
        ("side", 56.5, 177.5, "ear"),
        ("front", 2, 2, None),  # empty paper beside the feet
    ],
)
def test_region_at(view: str, x: float, y: float, expected: str | None) -> None:
    found = region_at(view, x, y)
    assert (found.id if found else None) == expected


def test_every_region_can_be_clicked(K: kb.KnowledgeBase) -> None:
    # clicking a region's centre selects it, or a smaller region drawn on top of it
    for r in K.regions.values():
        for view, polygon in r.shapes.items():
            cx, cy = geometry.centroid(polygon)
            if not geometry.contains(polygon, cx, cy):
                cx, cy = polygon[0]
            found = region_at(view, cx, cy, K=K)
            assert found is not None, r.id
            assert found.id == r.id or geometry.area(found.shapes[view]) <= geometry.area(polygon), (r.id, found.id)


def test_regions_lie_on_the_body(K: kb.KnowledgeBase) -> None:
    outside = [(r.id, view, p) for r in K.regions.values() for view, poly in r.shapes.items() for p in poly
               if not geometry.inside_body(view, p[0], p[1], tolerance=0.8)]
    assert not outside, outside[:10]


def test_a_figure_shown_on_its_own_shows_its_description(monkeypatch: pytest.MonkeyPatch) -> None:
    # what a notebook does with `body_map(...)` as the last line of a cell
    import IPython.display
    import plotly.io as pio

    shown: list = []
    monkeypatch.setattr(pio, "show", lambda fig, *a, **k: shown.append(("figure", fig)))
    monkeypatch.setattr(pio.renderers, "render_on_display", True)
    monkeypatch.setattr(pio.renderers, "default", "json")
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **k: shown.extend(("html", o.data) for o in objs))
    fig = body_map(muscles=["soleus"])
    fig._ipython_display_()
    assert shown[0] == ("figure", fig)
    kind, text = shown[1]
    assert kind == "html" and "What the figure shows" in text and "Soleus" in text


@pytest.mark.parametrize(
    ("muscle", "tp", "view"),
    [
        ("upper-trapezius", "tp1", "side"),  # the "question mark": neck, behind the ear, over it to the temple
        ("upper-trapezius", "tp1", "back"),
        ("sternocleidomastoid", "tp2", "front"),  # the face zone: cheek and around the eye
        ("sternocleidomastoid", "tp2", "side"),
        ("sternocleidomastoid", "tp3", "side"),  # the head zone: occiput up to the vertex
        ("sternocleidomastoid", "tp5", "side"),  # ear and behind the ear
        ("gluteus-minimus", "tp1", "side"),  # the strip down the side of the thigh and leg to the ankle
    ],
)
def test_zones_the_charts_draw_as_one_shape_are_one_shape(K: kb.KnowledgeBase, muscle: str, tp: str, view: str) -> None:
    point = next(t for t in K.muscles[muscle].trigger_points if t.id == tp)
    ids = point.referral.essential if point.referral else K.muscles[muscle].referral.essential
    polygons = [K.regions[r].shapes[view] for r in ids if view in K.regions[r].shapes]
    assert len(polygons) == len(ids), "every region of the zone is drawn on this view"
    assert geometry.connected(polygons), ids
    fig = body_map(muscles=[muscle], trigger_point=tp)
    (zone,) = [t for t in _role(fig, "essential-zone") if t.meta["view"] == view]
    assert zone.fill == "toself" and zone.line.width == 0  # filled together, without inner outlines
