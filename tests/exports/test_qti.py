"""Canvas QTI 1.2: the zip unpacked, the XML parsed, every item checked against the bank."""

from __future__ import annotations

import pytest

from nmt_course import kb, quiz
from nmt_course.exports import to_qti_zip
from nmt_course.exports.qti import QUESTION_TYPES
from nmt_course.exports.question_forms import general_feedback, region_names, stem_text

from .readers import question, read_qti

ASSESSMENT = "nmt-course-bank/nmt-course-bank.xml"


@pytest.fixture(scope="module")
def bank() -> quiz.Bank:
    return quiz.load_bank()


@pytest.fixture(scope="module")
def package(bank: quiz.Bank) -> dict:
    return read_qti(to_qti_zip(bank))


def _scoring(item) -> list:
    """The respconditions that set or add to SCORE."""
    return [c for c in item.iter("respcondition") if c.find("setvar") is not None]


def test_zip_holds_the_manifest_and_one_assessment_with_fixed_stamps(package: dict) -> None:
    assert [i.filename for i in package["infos"]] == ["imsmanifest.xml", ASSESSMENT]
    assert {i.date_time for i in package["infos"]} == {(1980, 1, 1, 0, 0, 0)}


def test_manifest_references_the_assessment(package: dict) -> None:
    resource = package["manifest"].find("resources/resource")
    assert resource.get("type") == "imsqti_xmlv1p2"
    assert resource.find("file").get("href") == ASSESSMENT
    assert package["manifest"].findtext("metadata/schema") == "IMS Content"


def test_assessment_structure(bank: quiz.Bank, package: dict) -> None:
    root = package["assessment"]
    assert root.tag == "questestinterop"
    assessment = root.find("assessment")
    assert assessment.get("title") == "nmt-course question bank"
    items = assessment.findall("section/item")
    assert [i.get("ident") for i in items] == [q.id for q in bank]


def test_every_item_has_its_type_points_stem_and_explanation(bank: quiz.Bank, package: dict) -> None:
    for q in bank:
        item = package["items"][q.id]
        assert item["meta"]["question_type"] == QUESTION_TYPES[q.type], q.id
        assert float(item["meta"]["points_possible"]) == q.points
        assert item["stem"] == stem_text(q), q.id
        assert item["feedback"]["general_fb"] == general_feedback(q, regions=kb.load().regions, with_region_feedback=True)


def test_choice_items(bank: quiz.Bank, package: dict) -> None:
    for q in (q for q in bank if q.type in ("single", "multiple")):
        item = package["items"][q.id]
        element = item["element"]
        lid = element.find("presentation/response_lid")
        assert lid.get("rcardinality") == ("Single" if q.type == "single" else "Multiple")
        labels = lid.findall("render_choice/response_label")
        assert [lb.findtext("material/mattext") for lb in labels] == [o.text for o in q.options]
        ident = {lb.get("ident"): o for lb, o in zip(labels, q.options, strict=True)}
        assert item["meta"]["original_answer_ids"].split(",") == list(ident)
        for answer_id, option in ident.items():  # per-answer feedback, linked from a condition
            assert item["feedback"][f"{answer_id}_fb"] == option.feedback
        links = {d.get("linkrefid") for d in element.iter("displayfeedback")}
        assert links == {"general_fb", *(f"{a}_fb" for a in ident)}
        [scoring] = _scoring(element)
        assert scoring.findtext("setvar") == "100"
        if q.type == "single":
            assert [ident[v.text].id for v in scoring.iter("varequal")] == [q.answer]
        else:
            both = scoring.find("conditionvar/and")
            assert [ident[v.text].id for v in both.findall("varequal")] == [o.id for o in q.options if o.id in q.answer]
            assert [ident[v.text].id for v in both.findall("not/varequal")] == [o.id for o in q.options if o.id not in q.answer]


def test_matching_and_ordering_items(bank: quiz.Bank, package: dict) -> None:
    for q in (q for q in bank if q.type in ("matching", "ordering")):
        element = package["items"][q.id]["element"]
        lids = element.findall("presentation/response_lid")
        assert [lid.findtext("material/mattext") for lid in lids] == [o.text for o in q.options]
        choices = {lb.get("ident"): lb.findtext("material/mattext") for lb in lids[0].findall("render_choice/response_label")}
        if q.type == "matching":
            assert list(choices.values()) == [c.text for c in q.choices]
            key = {o.text: {c.id: c.text for c in q.choices}[q.answer[o.id]] for o in q.options}
        else:
            assert list(choices.values()) == [f"Position {n}" for n in range(1, len(q.options) + 1)]
            key = {q.option(oid).text: f"Position {n}" for n, oid in enumerate(q.answer, start=1)}
        prompt_of = {lid.get("ident"): lid.findtext("material/mattext") for lid in lids}
        scoring = _scoring(element)
        got = {prompt_of[c.find("conditionvar/varequal").get("respident")]: choices[c.findtext("conditionvar/varequal")] for c in scoring}
        assert got == key, q.id
        assert all(c.find("setvar").get("action") == "Add" for c in scoring)
        assert sum(float(c.findtext("setvar")) for c in scoring) == pytest.approx(100, abs=0.01)


def test_numerical_items(bank: quiz.Bank, package: dict) -> None:
    for q in (q for q in bank if q.type == "numeric"):
        element = package["items"][q.id]["element"]
        assert element.find("presentation/response_str/render_fib").get("fibtype") == "Decimal"
        [scoring] = _scoring(element)
        either = scoring.find("conditionvar/or")
        assert float(either.findtext("varequal")) == q.answer.value
        assert float(either.findtext("and/vargte")) == pytest.approx(q.answer.value - q.answer.tolerance)
        assert float(either.findtext("and/varlte")) == pytest.approx(q.answer.value + q.answer.tolerance)


def test_hotspot_items_accept_region_names(bank: quiz.Bank, package: dict) -> None:
    regions = kb.load().regions
    for q in (q for q in bank if q.type == "hotspot"):
        [scoring] = _scoring(package["items"][q.id]["element"])
        accepted = [v.text for v in scoring.iter("varequal")]
        assert accepted == [n for rid in q.answer for n in region_names(rid, regions)]
        assert set(q.answer) <= set(accepted)


def test_essay_items_have_no_automatic_score(bank: quiz.Bank, package: dict) -> None:
    for q in (q for q in bank if q.type == "written"):
        element = package["items"][q.id]["element"]
        assert _scoring(element) == []
        assert element.find("resprocessing/respcondition/conditionvar/other") is not None
        assert f"Model answer: {q.model_answer}" in package["items"][q.id]["feedback"]["general_fb"]


@pytest.mark.parametrize(
    "text",
    [
        'Markup <b>bold</b> & "quotes" \'apostrophes\'',  # HTML and XML specials in the stem
        "Zoë Núñez, à l'épaule; œdème ~ = # { } :",  # accents, punctuation, GIFT specials
        "First paragraph.\n\nSecond paragraph.",  # paragraphs survive
    ],
)
def test_special_characters_survive(text: str) -> None:
    q = question(type="single", stem=text, explanation=text,
                 options=[{"id": "A", "text": text, "feedback": text}, {"id": "B", "text": "Other", "feedback": "No."}], answer="A")
    item = read_qti(to_qti_zip([q]))["items"]["t-question"]
    assert item["stem"] == item["feedback"]["general_fb"] == item["feedback"]["t-question-A_fb"] == text
    assert item["element"].find("presentation/response_lid/render_choice/response_label/material/mattext").text == text


def test_same_input_same_bytes(bank: quiz.Bank) -> None:
    assert to_qti_zip(bank) == to_qti_zip(bank)
    assert to_qti_zip(bank, title="Other") != to_qti_zip(bank)
