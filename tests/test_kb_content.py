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
        ("muscles", 80),
        ("regions", 80),
        ("techniques", 8),
        ("contraindications", 25),
        ("endangerment_sites", 10),
        ("conditions", 15),
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
        assert m.perpetuating_factors and m.self_care, m.id


TRIGGER_POINT_MANUALS = {"ts1983", "ts1992", "sts1999", "donnelly2019", "granger2011"}


def test_every_muscle_cites_a_trigger_point_manual(K: kb.KnowledgeBase) -> None:
    # the referral patterns come from the manuals; an anatomy text alone is not enough
    assert not [m.id for m in K.muscles.values() if not TRIGGER_POINT_MANUALS & set(m.sources)]


def test_every_trigger_point_says_where_and_how_to_palpate(K: kb.KnowledgeBase) -> None:
    short = [f"{m.id}:{tp.id}" for m in K.muscles.values() for tp in m.trigger_points if len(tp.description) < 40]
    assert not short, short


def test_no_name_or_alias_is_shared_by_two_muscles(K: kb.KnowledgeBase) -> None:
    # a shared alias would silently send one muscle's name to the other in every lookup
    from nmt_course.knowledge.names import normalise

    owner: dict[str, str] = {}
    shared = []
    for m in K.muscles.values():
        for name in {normalise(n) for n in (m.id, m.name, *m.aliases)}:
            if name in owner:
                shared.append((name, owner[name], m.id))
            owner.setdefault(name, m.id)
    assert not shared, shared


def test_disputed_roots_carry_a_caveat(K: kb.KnowledgeBase) -> None:
    # where the innervation text itself says the texts differ, the caveat must say so too
    hedges = ("some texts", "some give", "in others", "texts differ", "texts give", "most texts", "many texts")
    missing = [
        m.id
        for m in K.muscles.values()
        if any(h in m.innervation.lower() for h in hedges) and not any(c.status == "sources-disagree" for c in m.caveats)
    ]
    assert not missing, missing


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
    assert not sorted(set(K.regions) - used)


# Regions no muscle refers to, and why (docs/reviews/muscles-round-two.md). In the
# manuals' charts the zones of the course's muscles pass over these areas without
# a zone of their own; they stay on the map for their endangerment sites, so that a
# click on them gets an honest "no muscle here". A region that gains a referring
# muscle must leave this table; any other region must have one.
NO_REFERRING_MUSCLE = {
    "anterior-neck": "the anterior triangle of the neck: throat and sternum zones (SCM, digastric) are drawn with those regions",
    "axilla": "the armpit: pectoral, latissimus and serratus anterior zones run past it to the chest, arm and scapula",
    "supraclavicular": "the posterior triangle: scalene and trapezius zones pass over it to the chest, arm and neck",
}


def test_every_region_has_a_referring_muscle_or_a_stated_reason(K: kb.KnowledgeBase) -> None:
    used = {rid for m in K.muscles.values() for rid in (*m.referral.essential, *m.referral.spillover)}
    assert sorted(set(K.regions) - used) == sorted(NO_REFERRING_MUSCLE)
    sites = {rid for e in K.endangerment_sites.values() for rid in e.regions}
    assert set(NO_REFERRING_MUSCLE) <= sites


@pytest.mark.parametrize(
    "region",
    ["lower-incisors", "nose", "palmar-fingers", "lateral-ankle", "ball-of-foot", "kidney-area", "lower-abdomen", "olecranon", "palm"],
)
def test_regions_added_or_filled_in_round_two_have_a_muscle(K: kb.KnowledgeBase, region: str) -> None:
    # the five regions the new charts needed, and four that had no referring muscle before
    assert K.refers_to(region), region


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
        # second round (issue 18): the patterns the new records rest on (ts1983, ts1992, sts1999)
        ("semispinalis-capitis", "essential", "temple"),  # band around the head to the temple
        ("digastric", "essential", "lower-incisors"),  # anterior belly: four lower incisors
        ("digastric", "essential", "mastoid"),  # posterior belly: upper SCM below the ear
        ("occipitofrontalis", "essential", "behind-eye"),  # occipitalis: through the head to behind the eye
        ("zygomaticus-major", "essential", "nose"),  # arc beside the nose to the forehead
        ("coracobrachialis", "essential", "anterior-deltoid"),  # front of the shoulder
        ("brachialis", "essential", "radial-hand"),  # base of the thumb
        ("supinator", "essential", "lateral-epicondyle"),  # "tennis elbow"
        ("supinator", "spillover", "radial-hand"),  # dorsal web of the thumb
        ("extensor-carpi-radialis-brevis", "essential", "dorsal-wrist"),  # back of the wrist and hand
        ("palmaris-longus", "essential", "palm"),  # prickling palm
        ("pronator-teres", "essential", "volar-wrist"),  # deep radial volar wrist
        ("finger-flexors", "essential", "palmar-fingers"),  # through the finger to its tip
        ("subclavius", "essential", "radial-hand"),  # thumb, index and middle fingers
        ("serratus-posterior-superior", "essential", "scapula"),  # deep under the upper scapula
        ("serratus-posterior-superior", "spillover", "ulnar-hand"),  # to the little finger
        ("serratus-posterior-inferior", "essential", "kidney-area"),  # over the lower ribs
        ("rectus-abdominis", "essential", "sacroiliac"),  # lower fibres: band across the low back
        ("abdominal-obliques", "essential", "groin"),  # lower abdominal wall
        ("pelvic-floor", "essential", "sacrum-coccyx"),  # coccydynia
        ("sartorius", "essential", "medial-knee"),  # down the thigh to the inner knee
        ("pectineus", "essential", "groin"),  # just below the inguinal ligament
        ("gracilis", "essential", "medial-thigh"),  # stinging inner thigh
        ("popliteus", "essential", "popliteal-fossa"),  # back of the knee
        ("plantaris", "essential", "popliteal-fossa"),  # back of the knee to the calf
        ("fibularis-longus-brevis", "essential", "lateral-ankle"),  # around the lateral malleolus
        ("tibialis-posterior", "essential", "achilles"),  # above the heel, spillover to the sole
        ("long-toe-extensors", "essential", "dorsal-foot"),  # top of the foot
        ("long-toe-flexors", "essential", "ball-of-foot"),  # plantar forefoot
        ("abductor-hallucis", "essential", "heel"),  # inner heel and instep
        ("quadratus-plantae", "essential", "heel"),  # plantar heel
    ],
)
def test_referral_patterns_follow_the_fact_base(K: kb.KnowledgeBase, muscle: str, zone: str, region: str) -> None:
    referral = K.muscles[muscle].referral
    assert region in (referral.essential if zone == "essential" else referral.spillover)


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


def test_upper_trapezius_inserts_on_the_lateral_clavicle(K: kb.KnowledgeBase) -> None:
    # issue 18: the acromion and the spine of the scapula are the middle fibres' insertion
    upper = K.muscles["upper-trapezius"].insertion.lower()
    assert "lateral third of the clavicle" in upper and "middle fibres" in upper
    middle = K.muscles["middle-trapezius"].insertion.lower()
    assert "acromion" in middle and "spine of the scapula" in middle


def test_obliquus_capitis_superior_attaches_between_the_nuchal_lines(K: kb.KnowledgeBase) -> None:
    insertion = K.muscles["suboccipitals"].insertion.lower()
    sentence = next(s for s in insertion.split(". ") if "obliquus capitis superior" in s)
    assert "between the superior and inferior nuchal lines" in sentence


def test_bank_keys_give_the_corrected_upper_trapezius_insertion() -> None:
    from nmt_course import quiz

    bank = quiz.load_bank()
    item = bank["an-upper-trap-insertion"]
    key = next(o for o in item.options if o.id == item.answer)
    assert "clavicle" in key.text.lower() and "acromion" not in key.text.lower()
    written = bank["an-written-trap-scm"]
    assert "acromion and spine" not in " ".join(c.criterion for c in written.rubric)


@pytest.mark.parametrize(
    ("condition", "muscles"),
    [
        ("lateral-epicondylalgia", {"extensor-carpi-radialis-brevis", "supinator"}),
        ("plantar-heel-pain", {"quadratus-plantae", "abductor-hallucis", "tibialis-posterior"}),
        ("carpal-tunnel-like-symptoms", {"wrist-flexors", "finger-flexors", "palmaris-longus", "pronator-teres"}),
        ("thoracic-outlet-symptoms", {"subclavius"}),
        ("piriformis-pseudo-sciatica", {"short-lateral-rotators"}),
        ("back-of-knee-pain", {"popliteus", "plantaris"}),
        ("groin-pain", {"pectineus"}),
    ],
)
def test_conditions_name_their_main_muscles(K: kb.KnowledgeBase, condition: str, muscles: set[str]) -> None:
    assert muscles <= set(K.conditions[condition].muscles)

