"""Screening: every contraindication by name, alias and medication; sites, pregnancy, unknown names."""

from __future__ import annotations

import pytest

from nmt_course import kb, screening
from nmt_course.errors import NmtCourseError
from nmt_course.clinical.soap import soap_note

K = kb.load()
CONTRAS = list(K.contraindications.values())
NAMES = [(c.id, c.kind, c.name) for c in CONTRAS]
ALIASES = [(c.id, c.kind, a) for c in CONTRAS for a in c.aliases]
MEDICATIONS = [(c.id, c.kind, m) for c in CONTRAS for m in c.medications]


@pytest.mark.parametrize(("cid", "kind", "typed"), NAMES, ids=[n[0] for n in NAMES])
def test_every_contraindication_is_found_by_its_name(cid: str, kind: str, typed: str) -> None:
    result = screening.screen([typed])
    f = result.finding(cid)
    assert f is not None and f.kind == kind and result.complete
    assert f.guidance and f.rationale and f.sources and f.name == K.contraindications[cid].name


@pytest.mark.parametrize(("cid", "kind", "typed"), ALIASES, ids=[f"{a[0]}:{a[2]}" for a in ALIASES])
def test_every_alias_finds_its_contraindication(cid: str, kind: str, typed: str) -> None:
    for text in (typed, typed.upper()):  # as written, and shouted
        f = screening.screen([text]).finding(cid)
        assert f is not None and f.kind == kind


@pytest.mark.parametrize(("cid", "kind", "typed"), MEDICATIONS, ids=[f"{m[0]}:{m[2]}" for m in MEDICATIONS])
def test_every_medication_finds_its_class(cid: str, kind: str, typed: str) -> None:
    result = screening.screen(medications=[typed])
    f = result.finding(cid)
    assert f is not None and f.kind == kind and typed in f.matched
    assert screening.screen(medications=[f"{typed.title()} 20 mg twice daily"]).finding(cid) is not None  # with a dose


def test_the_three_kinds_and_their_limits() -> None:
    assert {c.kind for c in CONTRAS} == {"systemic", "local", "caution"}
    for c in CONTRAS:
        f = screening.screen([c.name]).finding(c.id)
        assert f is not None
        expected = {"systemic": "postpone", "local": "avoid-area"}.get(c.kind)
        assert expected is None or f.limit == expected


@pytest.mark.parametrize(
    ("kwargs", "decision"),
    [
        ({}, screening.PROCEED),  # empty intake
        ({"conditions": ["none"]}, screening.PROCEED),  # "none" written on the form
        ({"conditions": ["tension headache"]}, screening.PROCEED),  # a condition massage addresses
        ({"conditions": ["fever"]}, screening.POSTPONE),  # systemic
        ({"conditions": ["DVT", "diabetes"]}, screening.POSTPONE),  # systemic wins over a caution
        ({"conditions": ["open wound"]}, screening.ADAPT),  # local
        ({"medications": ["warfarin"]}, screening.ADAPT),  # caution from a medication
        ({"pregnancy_weeks": 20}, screening.ADAPT),  # pregnancy
        ({"recent_injury_site": "calf"}, screening.ADAPT),  # recent injury
    ],
)
def test_decision(kwargs: dict, decision: str) -> None:
    assert screening.screen(**kwargs).decision == decision


@pytest.mark.parametrize(
    ("typed", "cid"),
    [
        ("DVT", "deep-vein-thrombosis"),  # abbreviation
        ("HBP", "controlled-hypertension"),  # abbreviation
        ("history of DVT", "deep-vein-thrombosis"),  # filler words
        ("suspected blood clot", "deep-vein-thrombosis"),  # filler words
        ("breast cancer", "cancer"),  # the last word names it
        ("stomach flu", "acute-systemic-infection"),  # the last word names it
        ("high blood pressure (uncontrolled)", "uncontrolled-hypertension"),  # qualifier in brackets
        ("Deep vein thrombosis", "deep-vein-thrombosis"),  # one side of a slash in the KB name
        ("taking warfarin", "anticoagulants"),  # a medicine written under conditions
        ("  Type 2   DIABETES ", "diabetes"),  # spaces and case
    ],
)
def test_names_people_write(typed: str, cid: str) -> None:
    assert screening.screen([typed]).finding(cid) is not None


@pytest.mark.parametrize(
    ("typed", "cid"),
    [
        ("Coumadin", "anticoagulants"),  # brand of warfarin
        ("Eliquis 5mg", "anticoagulants"),  # brand with a dose
        ("Plavix", "antiplatelet-medication"),  # brand of clopidogrel
        ("Fosamax weekly", "osteoporosis"),  # brand of alendronate
        ("blood thinners", "anticoagulants"),  # the class in lay words
        ("steroids", "corticosteroids"),  # the class in lay words
        ("Advil as needed", "pain-medication"),  # brand, as needed
        ("insulin", "diabetes"),  # one medicine, two items (also the injection site)
    ],
)
def test_medications_people_write(typed: str, cid: str) -> None:
    assert screening.screen(medications=[typed]).finding(cid) is not None


def test_insulin_flags_diabetes_and_the_injection_site() -> None:
    result = screening.screen(medications=["insulin"])
    assert set(result.ids) == {"diabetes", "insulin-injection-site"}


@pytest.mark.parametrize(
    ("typed", "field", "suggestion"),
    [
        ("diabtes", "condition", "Diabetes"),  # typo in a condition
        ("osteoprosis", "condition", "Osteoporosis"),  # typo
        ("deep vein thrombosys in right calf", "condition", "Deep vein thrombosis / thrombophlebitis"),  # typo and a site
        ("dvtt", "condition", "Deep vein thrombosis / thrombophlebitis"),  # typo in an abbreviation
    ],
)
def test_unknown_conditions_are_reported_with_suggestions(typed: str, field: str, suggestion: str) -> None:
    result = screening.screen([typed])
    assert result.findings == () and not result.complete
    (u,) = result.unknown
    assert (u.name, u.field) == (typed, field)
    assert suggestion in u.suggestions and "Did you mean" in u.message
    assert result.level == "undecided" and result.decision == "cannot decide yet: check 1 name"
    assert "could not read" in result.summary() and "proceed" not in result.summary()


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("warfrin", "warfarin"),  # typo
        ("metformine", "metformin"),  # typo
    ],
)
def test_unknown_medications_are_reported_with_suggestions(typed: str, suggestion: str) -> None:
    (u,) = screening.screen(medications=[typed]).unknown
    assert u.field == "medication" and suggestion in u.suggestions
    assert "ask what it is for" in u.message


def test_a_medicine_the_course_does_not_know_is_never_dropped() -> None:
    (u,) = screening.screen(medications=["levothyroxine"]).unknown
    assert u.name == "levothyroxine"


def test_course_conditions_are_noted_not_unknown() -> None:
    result = screening.screen(["tension headache", "tennis elbow"])
    assert result.unknown == () and result.findings == ()
    assert [n.id for n in result.noted] == ["tension-type-headache", "lateral-epicondylalgia"]


@pytest.mark.parametrize(
    ("weeks", "phrase"),
    [
        (8, "first trimester"),  # few data this early
        (16, "from about 20 weeks"),  # supine still possible
        (26, "side-lying"),  # no lying flat
    ],
)
def test_pregnancy_weeks_change_the_guidance(weeks: int, phrase: str) -> None:
    f = screening.screen(pregnancy_weeks=weeks).finding("pregnancy")
    assert f is not None and f.kind == "caution"
    assert phrase in f.notes[0] and f.guidance.startswith(f.notes[0])
    assert "mueller2021" in f.sources and f.caveats


def test_pregnant_without_weeks_asks_for_them() -> None:
    f = screening.screen(["pregnant"]).finding("pregnancy")
    assert f is not None and "how many weeks" in f.guidance


@pytest.mark.parametrize("weeks", [0, None])  # the form's "not pregnant"
def test_no_pregnancy(weeks: int | None) -> None:
    assert screening.screen(pregnancy_weeks=weeks).findings == ()


@pytest.mark.parametrize("weeks", [-1, 43, 2.5, "ten", True])  # impossible values
def test_bad_pregnancy_weeks_are_friendly(weeks: object) -> None:
    with pytest.raises(screening.ScreeningInputError) as info:
        screening.screen(pregnancy_weeks=weeks)  # type: ignore[arg-type]
    assert isinstance(info.value, NmtCourseError) and "1 to 42" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "cid", "site"),
    [
        ({"recent_surgery_site": "right shoulder"}, "recent-surgery", "acromion"),  # plain word + side
        ({"recent_surgery_site": "Back of the knee"}, "recent-surgery", "popliteal-fossa"),  # region label
        ({"recent_injury_site": "calf"}, "acute-injury", "calf"),  # region id
        ({"recent_injury_site": "LEFT ANKLE"}, "acute-injury", "anterior-ankle"),  # shouting
        ({"conditions": ["open wound on the left shin"]}, "open-wound", "medial-shin"),  # site in the text
        ({"conditions": ["varicose veins (calf)"]}, "severe-varicose-veins", "calf"),  # site in brackets
        ({"conditions": ["radiotherapy to the left chest"]}, "recent-radiation-area", "pectoral"),  # broad word
    ],
)
def test_sites_make_findings_local_to_a_region(kwargs: dict, cid: str, site: str) -> None:
    f = screening.screen(**kwargs).finding(cid)
    assert f is not None and f.site == site and site in f.regions
    assert f.site_label == K.regions[site].label and f.limit == "avoid-area"
    assert f.kind == K.contraindications[cid].kind  # the KB decides the kind


def test_unknown_site_keeps_the_finding_and_reports_the_site() -> None:
    result = screening.screen(recent_injury_site="elbw")
    f = result.finding("acute-injury")
    assert f is not None and f.site is None
    (u,) = result.unknown
    assert u.field == "body region" and "elbow" in u.suggestions


def test_findings_are_ordered_systemic_local_caution() -> None:
    result = screening.screen(["osteoporosis", "open wound", "fever"])
    assert [f.kind for f in result.findings] == ["systemic", "local", "caution"]
    assert [len(result.of_kind(k)) for k in ("systemic", "local", "caution")] == [1, 1, 1]


def test_several_names_for_one_item_make_one_finding() -> None:
    result = screening.screen(["diabetic"], ["metformin"])
    (f,) = result.findings
    assert f.id == "diabetes" and f.matched == ("diabetic", "metformin")


def test_comma_separated_text_from_a_form() -> None:
    result = screening.screen("fever; open wound\nosteoporosis", "warfarin, ")
    assert set(result.ids) == {"fever", "open-wound", "osteoporosis", "anticoagulants"}
    assert result.intake.conditions == ("fever", "open wound", "osteoporosis")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"conditions": [42]},  # a number, not a name
        {"medications": [None]},  # nothing
        {"recent_surgery_site": 3},  # a number as a site
    ],
)
def test_non_text_input_is_a_friendly_error(kwargs: dict) -> None:
    with pytest.raises(screening.ScreeningInputError):
        screening.screen(**kwargs)


def test_caveats_travel_with_findings() -> None:
    f = screening.screen(["hypertension"]).finding("controlled-hypertension")
    assert f is not None and any("Older texts" in c for c in f.caveats)


def test_result_text() -> None:
    result = screening.screen(["fever", "diabtes"])
    text = str(result)
    assert text.startswith("Decision: postpone and refer.") and "✖ Systemic contraindication: Fever" in text
    assert "diabtes" in text


def test_soap_note_draft() -> None:
    result = screening.screen(["open wound on the shin", "diabtes"], ["warfarin"], pregnancy_weeks=24)
    note = soap_note(result, client="Sofia", complaint="Low back ache")
    for part in ("## SOAP note (draft): Sofia", "**S (subjective).** Main complaint: Low back ache",
                 "Pregnant, 24 weeks", "**O (objective).**", "**A (assessment).** Screening decision: cannot decide yet: check 1 name",
                 "Not checked: 'diabtes'", "**P (plan).** No hands-on work yet", "(inner shin (along the tibia))",
                 "Together: A blood thinner during pregnancy", "Sources:"):
        assert part in note, part
    typed_as_condition = soap_note(screening.screen(["warfarin 5 mg"]))
    assert "Medications: warfarin 5 mg." in typed_as_condition  # a medicine listed under conditions is still reported
    postpone = soap_note(screening.screen(["fever"]))
    assert "Postpone the session and refer" in postpone and "Client" in postpone


# ----- never "proceed" by mistake (issue 18) ------------------------------------------------------------

@pytest.mark.parametrize(
    ("conditions", "medications", "level", "ids"),
    [
        # typos in a systemic contraindication: the unread names stop the decision
        ("deep vein thrombosys in right calf, feaver", "", "undecided", set()),
        ("dvtt", "", "undecided", set()),
        # pregnancy weeks typed in free text, in either field
        ("pregnant 30 wks", "", "adapt", {"pregnancy"}),
        ("", "30 weeks pregnant", "adapt", {"pregnancy"}),
        # lay words the screener must know
        ("bp meds", "", "adapt", {"controlled-hypertension"}),
        ("had a clot in calf last year", "", "postpone", {"deep-vein-thrombosis"}),
        ("lymphoedema", "", "adapt", {"lymphoedema"}),
        ("swollen ankles", "", "postpone", {"oedema-unknown-cause"}),
        ("pre-eclampsia", "", "postpone", {"high-risk-pregnancy"}),
        ("concussion last week", "", "postpone", {"recent-head-injury"}),
        # combined risks raise the decision
        ("warfarin, varicose veins, pregnant 24 weeks", "", "consult", {"anticoagulants", "severe-varicose-veins", "pregnancy"}),
        ("", "heparin", "consult", {"anticoagulants", "pregnancy"}),  # with pregnancy_weeks below
        ("osteoporosis, diabetes, elderly", "prednisone", "consult", {"osteoporosis", "diabetes", "elderly-frail", "corticosteroids"}),
        # denials are neither findings nor unknown names
        ("no diabetes, denies smoking, not pregnant", "", "proceed", set()),
        ("not sure about a clot", "", "undecided", set()),  # "not sure" is no denial
    ],
)
def test_the_decision_is_never_proceed_by_mistake(conditions: str, medications: str, level: str, ids: set[str]) -> None:
    weeks = 28 if medications == "heparin" else None
    result = screening.screen(conditions, medications, pregnancy_weeks=weeks)
    assert result.level == level, (result.decision, result.ids, [u.name for u in result.unknown])
    assert ids <= set(result.ids)
    if result.unknown:
        assert result.level in ("postpone", "undecided") and "proceed" not in result.summary()


def test_weeks_typed_as_text_are_used_and_not_asked_again() -> None:
    f = screening.screen(["30 weeks pregnant"]).finding("pregnancy")
    assert f is not None and f.notes[0].startswith("At 30 weeks")
    assert screening.screen(["30 weeks pregnant"]).intake.pregnancy_weeks == 30


def test_a_local_contraindication_without_a_site_draws_where_it_usually_is() -> None:
    f = screening.screen(["varicose veins"]).finding("severe-varicose-veins")
    assert f is not None and {"calf", "popliteal-fossa"} <= set(f.regions) and f.site is None
    assert "ask the client where it is" in f.guidance
    sited = screening.screen(["varicose veins on the left calf"]).finding("severe-varicose-veins")
    assert sited is not None and sited.regions == ("calf",)


def test_combined_risks_say_why_with_sources() -> None:
    result = screening.screen(["pregnant 26 weeks"], ["warfarin"])
    assert result.decision == screening.CONSULT
    (combo,) = result.combined
    assert combo.id == "anticoagulant-in-pregnancy" and "Ask why it was prescribed" in combo.message
    assert set(combo.findings) == {"pregnancy", "anticoagulants"} and combo.sources


def test_random_intakes_keep_the_invariants() -> None:
    """Mix known names, typos and junk: an unread name or combined risks never end in 'adapt' or 'proceed'."""
    import random

    K = kb.load()
    known = [a for c in K.contraindications.values() for a in [c.name, *c.aliases]]
    junk = ["feaver", "dvtt", "xyzzy", "bloood thiners", "heart thing", "not sure"]
    rng = random.Random(18)
    for _ in range(300):
        entries = rng.sample(known, rng.randint(0, 4)) + rng.sample(junk, rng.randint(0, 2))
        result = screening.screen(entries)
        if result.unknown:
            assert result.level in ("postpone", "undecided"), entries
        if result.combined:
            assert result.level in ("postpone", "undecided", "consult"), entries
        if result.level == "proceed":
            assert not result.findings and not result.unknown, entries
