"""The knowledge base's content: counts, coverage, placement and DOMAIN.md facts."""

from __future__ import annotations

import pytest

from nmt_course import kb
from nmt_course.figures import geometry


@pytest.fixture(scope="module")
def K() -> kb.KnowledgeBase:
    return kb.load()


@pytest.mark.parametrize(
    ("collection", "minimum"),
    [
        ("muscles", 40),
        ("regions", 40),
        ("techniques", 8),
        ("contraindications", 25),
        ("endangerment_sites", 10),
        ("conditions", 10),
    ],
)
def test_minimum_counts(K: kb.KnowledgeBase, collection: str, minimum: int) -> None:
    assert len(getattr(K, collection)) >= minimum


def test_muscles_cover_every_body_area(K: kb.KnowledgeBase) -> None:
    counts = {area: len(K.muscles_in_area(area)) for area in ("head-neck", "shoulder-arm", "trunk", "hip-leg")}
    assert all(n >= 5 for n in counts.values()), counts


def test_every_muscle_is_complete(K: kb.KnowledgeBase) -> None:
    for m in K.muscles.values():
        assert m.trigger_points and m.referral.essential and m.sources, m.id
        assert m.origin and m.insertion and m.action and m.innervation and m.symptoms, m.id


def test_trigger_points_lie_on_the_body(K: kb.KnowledgeBase) -> None:
    off = [
        f"{m.id}:{tp.id} ({tp.view} {tp.x},{tp.y})"
        for m in K.muscles.values()
        for tp in m.trigger_points
        if not geometry.inside_body(tp.view, tp.x, tp.y, tolerance=0.5)
    ]
    assert not off, off


def test_trigger_points_are_on_the_clients_right(K: kb.KnowledgeBase) -> None:
    # front view: client's right is x < 60; back view: x > 60 (docs/content-format.md)
    wrong = [
        f"{m.id}:{tp.id}"
        for m in K.muscles.values()
        for tp in m.trigger_points
        if (tp.view == "front" and tp.x > 61) or (tp.view == "back" and tp.x < 59)
    ]
    assert not wrong, wrong


def test_region_outlines_lie_on_the_body(K: kb.KnowledgeBase) -> None:
    off = []
    for r in K.regions.values():
        for view, polygon in r.shapes.items():
            outside = [p for p in polygon if not geometry.inside_body(view, p[0], p[1], tolerance=1.0)]
            if outside:
                off.append(f"{r.id} ({view}): {outside[:2]}")
    assert not off, off


def test_every_region_is_reachable_or_an_endangerment_site(K: kb.KnowledgeBase) -> None:
    used = {rid for m in K.muscles.values() for rid in (*m.referral.essential, *m.referral.spillover)}
    used |= {rid for e in K.endangerment_sites.values() for rid in e.regions}
    unused = sorted(set(K.regions) - used)
    # a few regions exist only so students can click them and get an honest "no muscle here" answer
    assert len(unused) <= 8, unused


@pytest.mark.parametrize(
    ("muscle", "zone", "region"),
    [
        ("upper-trapezius", "essential", "posterolateral-neck"),  # question-mark pattern up the neck
        ("upper-trapezius", "essential", "temple"),  # ...to the temple
        ("levator-scapulae", "essential", "angle-of-neck"),  # stiff neck
        ("infraspinatus", "essential", "anterior-deltoid"),  # deep front of shoulder
        ("soleus", "essential", "heel"),  # heel pain
        ("gastrocnemius", "essential", "instep"),  # instep of the foot
        ("tibialis-anterior", "essential", "big-toe"),  # front of ankle and big toe
        ("gluteus-maximus", "essential", "sacrum-coccyx"),  # crescent to sacrum and coccyx
        ("quadratus-lumborum", "essential", "sacroiliac"),  # SI joint and lower buttock
        ("temporalis", "essential", "upper-molars"),  # upper teeth
    ],
)
def test_referral_patterns_follow_the_fact_base(K: kb.KnowledgeBase, muscle: str, zone: str, region: str) -> None:
    referral = K.muscles[muscle].referral
    assert region in referral.essential + referral.spillover
    if zone == "essential":
        assert region in referral.essential


def test_medial_pterygoid_does_not_refer_to_the_teeth(K: kb.KnowledgeBase) -> None:
    r = K.muscles["medial-pterygoid"].referral
    assert not {"upper-molars", "lower-molars"} & set(r.essential + r.spillover)


def test_quadratus_lumborum_is_not_a_hip_flexor(K: kb.KnowledgeBase) -> None:
    # a common error in the seed articles (DOMAIN.md)
    action = K.muscles["quadratus-lumborum"].action.lower()
    assert "hip flex" not in action.replace("not a hip flexor", "")


def test_quadratus_lumborum_innervation_is_flagged_as_disputed(K: kb.KnowledgeBase) -> None:
    assert any(c.status == "sources-disagree" for c in K.muscles["quadratus-lumborum"].caveats)


def test_gluteus_maximus_nerve(K: kb.KnowledgeBase) -> None:
    innervation = K.muscles["gluteus-maximus"].innervation.lower()
    assert "inferior gluteal" in innervation and "superior gluteal" not in innervation


def test_ischemic_compression_hold_time_is_unverified(K: kb.KnowledgeBase) -> None:
    caveats = K.techniques["ischemic-compression"].caveats
    assert any(c.status == "unverified" and "8" in c.text and "12" in c.text for c in caveats)


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("deep-vein-thrombosis", "systemic"),  # strict: no massage, refer
        ("fever", "systemic"),
        ("open-wound", "local"),
        ("severe-varicose-veins", "local"),
        ("anticoagulants", "caution"),
        ("osteoporosis", "caution"),
        ("pregnancy", "caution"),
        ("diabetes", "caution"),
    ],
)
def test_contraindication_kinds_follow_werner(K: kb.KnowledgeBase, item: str, kind: str) -> None:
    assert K.contraindications[item].kind == kind


def test_anticoagulant_drug_names_are_known(K: kb.KnowledgeBase) -> None:
    assert "warfarin" in [m.lower() for m in K.contraindications["anticoagulants"].medications]


def test_no_unsupported_claims_in_content(K: kb.KnowledgeBase) -> None:
    # DOMAIN.md: the course corrects these claims; it may name them only to refute them
    texts = []
    for collection in (K.muscles, K.techniques, K.conditions, K.contraindications):
        for item in collection.values():
            texts.append((item.id, item.model_dump_json().lower()))
    for item_id, text in texts:
        for claim in ("flush toxins", "flushes toxins", "releases toxins", "cures depression", "eliminates sciatica"):
            assert claim not in text, (item_id, claim)


def test_mblex_outline_weights(K: kb.KnowledgeBase) -> None:
    assert K.mblex.questions == 100 and K.mblex.minutes == 110
    assert len(K.mblex.areas) == 7
    assert abs(sum(a.weight for a in K.mblex.areas) - 1) < 1e-9
