"""Where does it hurt?, driven without a browser."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.figures import geometry
from nmt_course.figures.bodymap import region_at
from nmt_course.widgets import WhereDoesItHurt


@pytest.fixture
def app() -> WhereDoesItHurt:
    return WhereDoesItHurt()


def test_select_region_ranks_essential_first(app: WhereDoesItHurt) -> None:
    assert app.select_region("temple")
    zones = [c.zone for c in app.candidates]
    assert zones == sorted(zones, key=lambda z: z != "essential")
    assert [c.muscle.id for c in app.candidates] == [c.muscle.id for c in kb.load().refers_to("temple")]
    labels = [label for label, _ in app.candidate_list.options]
    assert all(label.endswith(("(essential zone)", "(spillover zone)")) for label in labels)
    assert "through their essential zone" in app.message.value


def test_choosing_a_candidate_shows_its_pattern(app: WhereDoesItHurt) -> None:
    app.select_region("heel")
    app.candidate_list.value = "soleus"
    roles = {(t.meta or {}).get("role") for t in app.figure.data}
    assert {"essential-zone", "trigger-points", "selected-region", "muscle"} <= roles
    assert "Soleus" in app.figure.layout.title.text
    assert app.view.plot.figure["layout"]["meta"]["clickable"] is True  # the page reports clicks on this map


def test_region_from_the_dropdown_and_the_text_box(app: WhereDoesItHurt) -> None:
    app.region_list.value = "popliteal-fossa"
    assert app.state.region_id == "popliteal-fossa" and app.candidates
    app.region_text.value = "Temple"
    assert app.state.region_id == "temple" and app.region_list.value == "temple"


def _click(app: WhereDoesItHurt, view: str, x: float, y: float) -> None:
    """What the page sends when the map is clicked (body-map units, computed in the browser)."""
    app.view.plot._on_message(app.view.plot, {"kind": "click", "view": view, "x": x, "y": y}, [])


def test_clicking_the_map_selects_the_region_under_the_pointer(app: WhereDoesItHurt) -> None:
    _click(app, "back", 68, 3)
    assert app.state.region_id == "heel"
    _click(app, "front", 2, 2)
    assert "not one of the course&#x27;s pain regions" in app.message.value
    assert app.state.region_id == "heel"  # unchanged
    _click(app, "side", 61, 182.6)  # the side view can be clicked too
    assert app.state.region_id == "temple"


def test_every_region_can_be_clicked_without_an_error(app: WhereDoesItHurt) -> None:
    K = kb.load()
    revision = app.view.plot.revision
    for region in K.regions.values():
        for view, polygon in region.shapes.items():
            x, y = geometry.centroid(polygon)
            if not geometry.contains(polygon, x, y):
                x, y = polygon[0]
            _click(app, view, x, y)  # raises nothing, whatever the map showed before
            expected = region_at(view, x, y, K=K)
            assert app.state.region_id == expected.id, (region.id, view)
            assert app.view.plot.revision > revision  # and the map was redrawn
            revision = app.view.plot.revision


@pytest.mark.parametrize(
    "message",
    [
        {"kind": "click", "view": "front"},  # no position
        {"kind": "click", "view": "front", "x": "left", "y": 3},  # not a number
        {"kind": "something else"},
        "not even a dict",
    ],
)
def test_odd_messages_from_the_page_are_ignored(app: WhereDoesItHurt, message) -> None:
    app.view.plot._on_message(app.view.plot, message, [])
    assert app.state.region_id is None


def test_unknown_region_suggests(app: WhereDoesItHurt) -> None:
    assert app.select_region("templ") is False
    assert "Did you mean" in app.message.value and "Temple" in app.message.value


def test_region_with_no_muscle_gets_a_clear_message(app: WhereDoesItHurt) -> None:
    K = kb.load()
    empty = [r for r in K.regions if not K.refers_to(r)]
    assert empty, "the knowledge base has no region without referral; pick another case"
    app.select_region(empty[0])
    assert app.candidates == [] and app.candidate_list.options == ()
    assert "No muscle in this course refers pain to" in app.message.value


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("headache", "upper-trapezius"),  # one word
        ("can't reach back pocket", "infraspinatus"),  # a phrase with an apostrophe
        ("pain sitting", "gluteus-maximus"),  # generic "pain" plus a specific word
        ("Dizzy", "sternocleidomastoid"),  # capital letter, different word form
    ],
)
def test_symptom_search(app: WhereDoesItHurt, query: str, expected: str) -> None:
    matches = app.search_symptoms(query)
    assert expected in [m.muscle_id for m in matches]
    assert "Muscles with matching symptoms" in app.symptom_results.value


@pytest.mark.parametrize("query", ["", "   ", "xyzzy"])  # blank, spaces, nonsense
def test_symptom_search_without_results_says_so(app: WhereDoesItHurt, query: str) -> None:
    assert app.search_symptoms(query) == []
    assert app.symptom_results.value and "<ul>" not in app.symptom_results.value


def test_choose_rejects_non_candidates(app: WhereDoesItHurt) -> None:
    assert app.choose("soleus") is False
    assert "choose a region first" in app.message.value


def test_zoom_follows_the_checkbox(app: WhereDoesItHurt) -> None:
    assert app.figure.layout.meta["views"] == ["front", "back", "side"]  # at the start, every view can be clicked
    app.select_region("temple")
    assert app.figure.layout.yaxis.range[0] > 100  # zoomed on the head
    app.zoom.value = False
    assert app.figure.layout.yaxis.range[0] < 0  # whole body, to click elsewhere
    assert app.figure.layout.meta["views"] == ["front", "back", "side"]
