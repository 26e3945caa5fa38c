"""Moodle GIFT: every bank question written and read back as Moodle's importer reads it."""

from __future__ import annotations

import pytest

from nmt_course import kb, quiz
from nmt_course.exports import escape_gift, to_gift
from nmt_course.exports.question_forms import general_feedback, region_names, stem_text

from .readers import MOODLE_FRACTIONS, question, read_gift

MOODLE_TYPE = {"single": "multichoice", "multiple": "multichoice", "matching": "match", "ordering": "match",
               "numeric": "numerical", "hotspot": "shortanswer", "written": "essay"}


@pytest.fixture(scope="module")
def bank() -> quiz.Bank:
    return quiz.load_bank()


@pytest.fixture(scope="module")
def parsed(bank: quiz.Bank) -> dict[str, dict]:
    category_of = {q.id: bank.topic_of_file[bank.file_of[q.id]] for q in bank}
    questions = read_gift(to_gift(bank, category_of=category_of))
    return {q["title"]: q for q in questions}


def test_every_question_is_read_back_with_its_category(bank: quiz.Bank, parsed: dict[str, dict]) -> None:
    assert list(parsed) == [q.id for q in bank]
    for q in bank:
        got = parsed[q.id]
        assert got["type"] == MOODLE_TYPE[q.type], q.id
        assert got["stem"] == stem_text(q), q.id
        assert got["general"] == general_feedback(q), q.id
        assert got["category"] == f"$course$/top/nmt-course/{bank.topic_of_file[bank.file_of[q.id]]}"


def test_single_choice_has_one_right_answer_and_every_feedback(bank: quiz.Bank, parsed: dict[str, dict]) -> None:
    for q in (q for q in bank if q.type == "single"):
        got = parsed[q.id]
        assert got["single"] is True
        assert [(a["text"], a["weight"], a["feedback"]) for a in got["answers"]] == [
            (o.text, 100.0 if o.id == q.answer else 0.0, o.feedback) for o in q.options
        ], q.id


def test_multiple_answer_weights_follow_the_course_rule(bank: quiz.Bank, parsed: dict[str, dict]) -> None:
    for q in (q for q in bank if q.type == "multiple"):
        got = parsed[q.id]
        assert got["single"] is False  # checkboxes
        assert [a["text"] for a in got["answers"]] == [o.text for o in q.options]
        assert [a["feedback"] for a in got["answers"]] == [o.feedback for o in q.options]
        right = [a["weight"] for a, o in zip(got["answers"], q.options, strict=True) if o.id in q.answer]
        wrong = [a["weight"] for a, o in zip(got["answers"], q.options, strict=True) if o.id not in q.answer]
        assert sum(right) == pytest.approx(100, abs=1e-3)
        assert all(w == pytest.approx(-right[0]) for w in wrong)  # each wrong pick costs one right pick


@pytest.mark.parametrize("right", range(1, 9))  # 1 to 8 right options, the model's limit
def test_multiple_answer_weights_are_in_moodles_grade_list(right: int) -> None:
    options = [{"id": chr(65 + i), "text": f"Option {i}", "feedback": "Why."} for i in range(max(right, 3))]
    q = question(type="multiple", options=options, answer=[o["id"] for o in options[:right]])
    weights = {a["weight"] for a in read_gift(to_gift([q]))[0]["answers"]}
    for w in weights:
        assert any(abs(abs(w) / 100 - f) < 1e-7 for f in MOODLE_FRACTIONS), w


def test_matching_and_ordering_pairs(bank: quiz.Bank, parsed: dict[str, dict]) -> None:
    for q in bank:
        if q.type == "matching":
            choice = {c.id: c.text for c in q.choices}
            expected = [{"prompt": o.text, "match": choice[q.answer[o.id]]} for o in q.options]
            spare = [{"prompt": "", "match": c.text} for c in q.choices if c.id not in q.answer.values()]
            assert parsed[q.id]["answers"] == expected + spare, q.id
        elif q.type == "ordering":
            place = {oid: n for n, oid in enumerate(q.answer, start=1)}
            assert parsed[q.id]["answers"] == [{"prompt": o.text, "match": f"Position {place[o.id]}"} for o in q.options]


def test_numeric_value_and_tolerance(bank: quiz.Bank, parsed: dict[str, dict]) -> None:
    for q in (q for q in bank if q.type == "numeric"):
        assert parsed[q.id]["answers"] == [{"value": q.answer.value, "tolerance": q.answer.tolerance}], q.id


def test_hotspot_accepts_region_ids_and_labels(bank: quiz.Bank, parsed: dict[str, dict]) -> None:
    regions = kb.load().regions
    for q in (q for q in bank if q.type == "hotspot"):
        answers = parsed[q.id]["answers"]
        accepted = {a["text"].lower() for a in answers if a["weight"] == 100}  # Moodle ignores case
        for rid in q.answer:
            assert {n.lower() for n in (rid, regions[rid].label, *regions[rid].aliases)} <= accepted, q.id
        wrong = {a["text"]: a["feedback"] for a in answers if a["weight"] == 0}
        for rid, why in q.region_feedback.items():
            names = region_names(rid, regions, short=True)  # id with spaces and label
            assert regions[rid].label.lower() in {n.lower() for n in names}
            assert all(wrong[name] == why for name in names), q.id


def test_written_questions_are_essays_with_the_model_answer(bank: quiz.Bank, parsed: dict[str, dict]) -> None:
    for q in (q for q in bank if q.type == "written"):
        assert parsed[q.id]["answers"] == []
        assert f"Model answer: {q.model_answer}" in parsed[q.id]["general"]


@pytest.mark.parametrize(
    "text",
    [
        "Tilde ~ equals = hash # braces { } colon :",  # every GIFT special character
        "Back\\slash, and \\= an escaped-looking equals",  # a backslash stays a backslash
        'She said "it\'s sore", then left',  # quotes and commas
        "Zoë Núñez à l'épaule: œdème",  # accents and a colon
        "Two lines\nof text",  # a line break survives as \n
        "Looks like ::a title:: and ####feedback",  # sequences GIFT gives meaning to
        "%50% looks like a weight",  # a leading percentage
    ],
)
def test_special_characters_survive(text: str) -> None:
    q = question(type="single", stem=text, explanation=text,
                 options=[{"id": "A", "text": text, "feedback": text}, {"id": "B", "text": "Other", "feedback": "No."}], answer="A")
    got = read_gift(to_gift([q]))[0]
    assert got["stem"] == got["general"] == text
    assert got["answers"][0] == {"text": text, "weight": 100.0, "feedback": text}


def test_matching_arrow_in_text_is_written_as_an_arrow_character() -> None:
    assert escape_gift("warm -> deep") == "warm → deep"  # GIFT cannot escape "->"
    q = question(type="matching", options=[{"id": "A", "text": "warm -> deep", "feedback": "x"}, {"id": "B", "text": "B", "feedback": "y"}],
                 choices=[{"id": "1", "text": "first"}, {"id": "2", "text": "second"}], answer={"A": "1", "B": "2"})
    assert read_gift(to_gift([q]))[0]["answers"][0] == {"prompt": "warm → deep", "match": "first"}


def test_same_input_same_text(bank: quiz.Bank) -> None:
    assert to_gift(bank) == to_gift(bank)
