"""The muscle explorer, driven without a browser: set values, assert card and figure."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.figures import describe
from nmt_course.widgets import MuscleExplorer


@pytest.fixture(scope="module")
def K() -> kb.KnowledgeBase:
    return kb.load()


@pytest.fixture
def ex() -> MuscleExplorer:
    return MuscleExplorer()


def _roles(fig) -> list[str]:
    return [(t.meta or {}).get("role") for t in fig.data]


def test_starts_on_a_muscle_with_card_and_map(ex: MuscleExplorer) -> None:
    assert ex.muscle.id == "upper-trapezius"
    assert "Upper trapezius" in ex.card.value and "barbero2013" in ex.card.value
    assert "trigger-points" in _roles(ex.figure)
    assert "Upper trapezius" in ex.view.caption.value


@pytest.mark.parametrize("typed", ["SCM", "sternocleidomastoid", "Sternocleidomastoid"])  # alias, id, name
def test_select_updates_card_and_figure(ex: MuscleExplorer, K: kb.KnowledgeBase, typed: str) -> None:
    assert ex.select(typed) is True
    m = K.muscles["sternocleidomastoid"]
    assert ex.muscle is m
    for field in (m.origin, m.insertion, m.innervation):
        assert field.replace("'", "&#x27;") in ex.card.value or field in ex.card.value
    for source in m.sources:
        assert f"[{source}]" in ex.card.value
    assert "Evidence:" in ex.card.value
    zones = {r for t in ex.figure.data if (t.meta or {}).get("role") == "essential-zone" for r in t.meta["regions"]}
    assert zones == set(m.referral.essential)
    assert describe(ex.figure).count("Sternocleidomastoid") == 1


def test_typing_in_the_search_box_selects(ex: MuscleExplorer) -> None:
    ex.search.value = "TFL"
    assert ex.muscle.id == "tensor-fasciae-latae"
    assert ex.search.value == ""  # ready for the next search
    assert ex.muscle_list.value == "tensor-fasciae-latae"


def test_unknown_name_gives_a_message_not_an_error(ex: MuscleExplorer) -> None:
    before = ex.muscle.id
    assert ex.select("trapezus") is False
    assert ex.muscle.id == before
    assert "Did you mean" in ex.message.value and "Upper trapezius" in ex.message.value
    ex.search.value = "not a muscle at all"
    assert "I don" in ex.message.value


def test_area_filter_limits_the_list(ex: MuscleExplorer, K: kb.KnowledgeBase) -> None:
    ex.area.value = "hip-leg"
    ids = [v for _, v in ex.muscle_list.options]
    assert set(ids) == {m.id for m in K.muscles_in_area("hip-leg")}
    ex.muscle_list.value = "soleus"
    assert ex.muscle.id == "soleus"
    ex.select("masseter")  # a muscle outside the filter resets it
    assert ex.area.value == "all" and ex.muscle.id == "masseter"


def test_one_trigger_point_or_all(ex: MuscleExplorer, K: kb.KnowledgeBase) -> None:
    ex.select("sternocleidomastoid")
    m = K.muscles["sternocleidomastoid"]
    assert [v for _, v in ex.trigger_point.options] == ["all"] + [tp.id for tp in m.trigger_points]
    ex.trigger_point.value = m.trigger_points[0].id
    points = [t for t in ex.figure.data if (t.meta or {}).get("role") == "trigger-points"]
    assert sum(len(t.x) for t in points) == 1
    ex.trigger_point.value = "all"
    points = [t for t in ex.figure.data if (t.meta or {}).get("role") == "trigger-points"]
    assert sum(len(t.x) for t in points) == len(m.trigger_points)
    ex.show_trigger_point("tp99")
    assert "has no trigger point" in ex.message.value


def test_endangerment_overlay_toggles(ex: MuscleExplorer) -> None:
    ex.endangerment.value = True
    assert "endangerment" in _roles(ex.figure)
    ex.endangerment.value = False
    assert "endangerment" not in _roles(ex.figure)
