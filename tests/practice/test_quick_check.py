"""quick_check, driven without a browser: set the controls, click Check, read the feedback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from nmt_course.practice import quick_check

from .helpers import fill, first_of_type, right_answer, wrong_answer

AUTO = ["single", "multiple", "ordering", "matching", "numeric", "hotspot"]


@pytest.mark.parametrize("kind", AUTO)
def test_a_right_answer_through_the_controls_says_correct(kind: str) -> None:
    q = first_of_type(kind)
    card = quick_check(q.id).cards[0]
    fill(card, right_answer(q))
    card.check_button.click()
    text = card.feedback.value
    assert "✔ <b>Correct:</b>" in text
    assert "Explanation:" in text and card.result is not None and card.result.correct


@pytest.mark.parametrize("kind", AUTO)
def test_a_first_miss_gets_a_second_try_without_the_key(kind: str) -> None:
    q = first_of_type(kind)
    card = quick_check(q.id).cards[0]
    fill(card, wrong_answer(q))
    card.check_button.click()
    text = card.feedback.value
    assert "Try again: 1 more try before the answer is shown." in text
    assert "right answer" not in text and "Explanation:" not in text and q.explanation not in text
    if kind == "single":  # why the chosen option is wrong, never the right one's text
        right = q.option(q.answer)
        assert "Why not:" in text and right.feedback not in text and right.text not in text
    fill(card, right_answer(q))
    card.check_button.click()
    assert "✔ <b>Correct:</b>" in card.feedback.value and "Explanation:" in card.feedback.value


def test_a_wrong_choice_twice_explains_every_option() -> None:
    q = first_of_type("single")
    card = quick_check(q.id).cards[0]
    fill(card, wrong_answer(q))
    card.check_button.click()
    card.check_button.click()  # the second try, still wrong: now everything is shown
    text = card.feedback.value
    assert "✖ <b>Not right:</b> 0 of" in text
    assert text.count("<li>") == len(q.options)  # every option's feedback, not only the one chosen
    assert "✔ right answer" in text and "you chose it" in text


def test_partly_right_gets_its_own_icon_and_words() -> None:
    q = next(q for q in _bank() if q.type == "multiple" and len(q.answer) >= 2)
    card = quick_check(q.id).cards[0]
    fill(card, q.answer[:1])
    card.check_button.click()
    assert "◐ <b>Partly right:</b>" in card.feedback.value and "Try again" in card.feedback.value
    card.check_button.click()
    assert "◐ <b>Partly right:</b>" in card.feedback.value and "Explanation:" in card.feedback.value


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("single", "Choose one option first."),  # nothing chosen
        ("multiple", "Tick at least one option first."),
        ("ordering", "Put an item in every position first."),
        ("matching", "Choose a match for every item first."),
        ("numeric", "Type a number first."),
        ("hotspot", "Choose a body region first."),
        ("written", "Write your answer first."),
    ],
)
def test_checking_a_blank_form_asks_for_an_answer(kind: str, message: str) -> None:
    card = quick_check(first_of_type(kind).id).cards[0]
    card.check_button.click()
    assert message in card.feedback.value and card.result is None


def test_an_item_used_twice_in_an_ordering_is_named() -> None:
    q = first_of_type("ordering")
    card = quick_check(q.id).cards[0]
    for drop in card.control.parts:
        drop.value = q.options[0].id
    card.check_button.click()
    assert f"{q.options[0].id} is used more than once" in card.feedback.value


def test_a_number_that_is_not_a_number_gets_a_short_message() -> None:
    card = quick_check(first_of_type("numeric").id).cards[0]
    card.control.parts[0].value = "about ninety"
    card.check_button.click()
    assert "⚠️ <b>Check:</b>" in card.feedback.value and "is not a number" in card.feedback.value
    assert "Write your answer like this" not in card.feedback.value  # the code-cell hint is not for widgets


def test_a_written_question_reveals_the_model_answer() -> None:
    q = first_of_type("written")
    card = quick_check(q.id).cards[0]
    card.reveal_button.click()
    assert "Model answer:" in card.model_answer.value and q.rubric[0].criterion[:20] in card.model_answer.value
    card.control.parts[0].value = "Both muscles share the accessory nerve."
    card.check_button.click()
    assert "✎ <b>Written answer:</b>" in card.feedback.value


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (("no-such-question",), "has no question 'no-such-question'"),  # unknown id
        ((), "Name the questions to show"),  # nothing asked for
        ((42,), "has no question 42"),  # not even a string
    ],
)
def test_unknown_or_missing_ids_give_a_friendly_message(ids: tuple, expected: str) -> None:
    qc = quick_check(*ids)
    assert qc.cards == []
    assert expected.replace("'", "&#x27;") in qc.message.value and "⚠️" in qc.message.value


def test_a_typo_suggests_the_id_and_the_known_questions_still_show() -> None:
    q = first_of_type("single")
    qc = quick_check(q.id, q.id[:-1])
    assert len(qc.cards) == 1 and qc.cards[0].question.id == q.id
    assert "did you mean" in qc.message.value and q.id in qc.message.value


def test_a_list_of_ids_works_and_repeats_are_shown_once() -> None:
    a, b = first_of_type("single"), first_of_type("matching")
    qc = quick_check([a.id, b.id], a.id)
    assert [c.question.id for c in qc.cards] == [a.id, b.id]
    assert "Question 1 of 2." in qc.cards[0].stem.value


def test_importing_practice_loads_no_front_end() -> None:
    code = ("import sys; import nmt_course.practice, nmt_course.practice.leitner, nmt_course.practice.selection, "
            "nmt_course.practice.store; print(sorted({m.split('.')[0] for m in sys.modules} & {'ipywidgets', 'plotly'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def _bank():
    from nmt_course import quiz

    return quiz.load_bank()
