"""The body-map figure: its traces follow the knowledge base, with non-colour cues."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.figures import geometry
from nmt_course.errors import UnknownNameError
from nmt_course.figures import body_map, describe
from nmt_course.figures.bodymap import region_at


@pytest.fixture(scope="module")
def K() -> kb.KnowledgeBase:
    return kb.load()


def _role(fig, role: str) -> list:
    return [t for t in fig.data if (t.meta or {}).get("role") == role]


@pytest.mark.parametrize("muscle", ["upper-trapezius", "sternocleidomastoid", "infraspinatus", "gluteus-minimus", "soleus"])
def test_traces_match_the_knowledge_base(K: kb.KnowledgeBase, muscle: str) -> None:
    m = K.muscles[muscle]
    fig = body_map(muscles=[muscle])
    points = _role(fig, "trigger-points")
    assert sum(len(t.x) for t in points) == len(m.trigger_points)
    for zone in ("essential", "spillover"):
        ids = getattr(m.referral, zone)
        traces = _role(fig, f"{zone}-zone")
        assert len(traces) == len({v for r in ids for v in K.regions[r].shapes})  # one trace per view
        assert {r for t in traces for r in t.meta["regions"]} == set(ids)
        for t in traces:
            assert m.name in t.text and f"{zone} zone" in t.text
            assert all(K.regions[r].label in t.text and t.meta["view"] in K.regions[r].shapes for r in t.meta["regions"])
            assert t.x.count(None) == len(t.meta["regions"]) - 1  # separate outlines in one trace
    assert all(m.name in text for t in points for text in t.text)


def test_non_colour_cues(K: kb.KnowledgeBase) -> None:
    fig = body_map(muscles=["upper-trapezius"])
    (essential, *_), (spill, *_) = _role(fig, "essential-zone"), _role(fig, "spillover-zone")
    assert essential.fillpattern.shape is None and essential.line.dash == "solid"
    assert spill.fillpattern.shape == "." and spill.line.dash == "dot"  # stippled, like the manual
    assert _role(fig, "trigger-points")[0].marker.symbol == "x"
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert any("(solid)" in n for n in legend) and any("(dotted)" in n for n in legend) and any("(X)" in n for n in legend)


def test_description_says_what_is_shown(K: kb.KnowledgeBase) -> None:
    text = describe(body_map(muscles=["soleus"], regions=["heel"]))
    assert text.startswith("Body map, front and back views.")
    assert "Soleus" in text and "essential zone (solid): " in text and "heel" in text.lower()
    assert "Highlighted" in text
    assert "No muscle or region is selected." in describe(body_map())


@pytest.mark.parametrize(("view", "axes"), [("front", {"x"}), ("back", {"x"}), ("both", {"x", "x2"})])
def test_views(view: str, axes: set[str]) -> None:
    fig = body_map(muscles=["infraspinatus"], view=view)  # front zones, back trigger points
    used = {t.xaxis or "x" for t in fig.data}
    assert used == axes
    if view != "both":
        assert all(t.meta.get("view") in (None, view) for t in fig.data)


def test_single_trigger_point_uses_its_own_zones(K: kb.KnowledgeBase) -> None:
    m = K.muscles["sternocleidomastoid"]
    tp = next(t for t in m.trigger_points if t.referral is not None)
    fig = body_map(muscles=[m.id], trigger_point=tp.id)
    assert {r for t in _role(fig, "essential-zone") for r in t.meta["regions"]} == set(tp.referral.essential)
    assert sum(len(t.x) for t in _role(fig, "trigger-points")) == 1


def test_endangerment_overlay(K: kb.KnowledgeBase) -> None:
    fig = body_map(endangerment=True)
    traces = _role(fig, "endangerment")
    expected = sum(len(K.regions[r].shapes) for e in K.endangerment_sites.values() for r in e.regions)
    assert len(traces) == expected
    assert all(t.fillpattern.shape == "x" and "Endangerment site" in t.text for t in traces)
    assert "Endangerment sites" in describe(fig)


def test_zoom_crops_to_the_features() -> None:
    fig = body_map(muscles=["masseter"], zoom=True)
    y0, y1 = fig.layout.yaxis.range
    assert y0 > 100 and y1 <= 202  # the head, not the feet


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: body_map(muscles=["trapezus"]), UnknownNameError),  # typo in a muscle
        (lambda: body_map(regions=["elbow pit"]), UnknownNameError),  # unknown region
        (lambda: body_map(view="side"), ValueError),  # no such view
        (lambda: body_map(muscles=["soleus"], trigger_point="tp9"), ValueError),  # no such trigger point
    ],
)
def test_bad_arguments(call, error) -> None:
    with pytest.raises(error):
        call()


def test_click_grid_covers_the_body_only() -> None:
    fig = body_map(clickable=True)
    grids = _role(fig, "click-grid")
    assert [g.meta["view"] for g in grids] == ["front", "back"]
    for g in grids:
        assert len(g.x) > 500 and g.marker.opacity == 0
        assert all(geometry.inside_body(g.meta["view"], x, y) for x, y in list(zip(g.x, g.y))[::25])


@pytest.mark.parametrize(
    ("view", "x", "y", "expected"),
    [
        ("back", 68, 3, "heel"),  # back of the heel
        ("front", 60, 184, "forehead"),  # middle of the forehead
        ("back", 69, 50, "popliteal-fossa"),  # back of the knee
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
