"""The feedback block: a marked question, with the key only when the instructor reveals it."""

from __future__ import annotations

import html
import re

import pytest

from nmt_course import quiz
from nmt_course.quiz.feedback import format_points, render_feedback
from nmt_course.quiz.scoring import grade


def _block(qid: str, answer: object, *, reveal: bool, number: int = 3) -> tuple[str, str, object]:
    q = quiz.load_bank()[qid]
    bundle = render_feedback(q, grade(q, answer), answer=answer, number=number, reveal=reveal)
    return bundle["text/html"], bundle["text/plain"], q


def _visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize(
    ("qid", "answer", "head"),
    [
        ("an-upper-trap-nerve", "B", "Question 3: Right, 1 of 1 point."),  # single, right
        ("an-upper-trap-nerve", "a", "Question 3: Not right, 0 of 1 point."),  # single, wrong (case forgiven)
        ("an-multi-cn-xi", ["A", "C"], "Question 3: Partly right, 0.67 of 1 point."),  # two of three: points rounded once
        ("sf-order-first-visit", ["B", "D", "A", "E", "C"], "Question 3: Partly right, 0.9 of 1 point."),  # one neighbour swap
        ("an-match-shoulder-actions", {"A": "3", "B": "5", "C": "4", "D": "1"}, "Question 3: Partly right, 0.5 of 1 point."),
        ("ci-pregnancy-supine-weeks", "24 weeks", "Question 3: Right, 1 of 1 point."),  # numeric, on the edge
        ("an-hot-ql-lower-attachment", "kidney area", "Question 3: Not right, 0 of 1 point."),  # hotspot by label
        ("an-upper-trap-nerve", None, "Question 3: Not answered, 0 of 1 point."),  # the template left as it is
        ("an-upper-trap-nerve", "Z", "Question 3: Not a valid answer, 0 of 1 point."),  # not an option
    ],
)
def test_the_head_says_the_verdict_and_the_points_once(qid: str, answer: object, head: str) -> None:
    fragment, text, q = _block(qid, answer, reveal=True)
    assert text.splitlines()[0] == head
    assert text.count(" of 1 point") == 1 and _visible(fragment).count(" of 1 point") == 1  # one format, once
    assert q.stem in text and html.escape(q.stem) in fragment  # the question itself, as a marked paper


@pytest.mark.parametrize("reveal", [True, False])
def test_a_wrong_single_choice_shows_the_pick_and_its_feedback(reveal: bool) -> None:
    fragment, text, q = _block("an-upper-trap-nerve", "A", reveal=reveal)
    picked, key = q.option("A"), q.option(q.answer)
    assert "✖ your answer: not right" in text and picked.feedback in text  # why the pick is wrong, always
    assert ("the right answer" in text) is reveal  # the key is marked only when revealed
    assert (q.explanation in text) is reveal
    assert key.feedback not in text  # the explanation says why; the key's own feedback is not repeated
    assert 'class="nmt-fb nmt-fb-wrong"' in fragment


@pytest.mark.parametrize("reveal", [True, False])
def test_multiple_marks_each_pick_and_the_missed_right_options_only_when_revealed(reveal: bool) -> None:
    _, text, q = _block("an-multi-cn-xi", ["A", "B"], reveal=reveal)
    assert "A. Upper trapezius  [✔ your answer: right]" in text
    assert "B. Levator scapulae  [✖ your answer: not right]" in text
    missed = [c for c in q.answer if c != "A"]
    for c in missed:
        assert (f"{c}. {q.option(c).text}  [➜ right, not chosen]" in text) is reveal


def test_ordering_with_reveal_marks_where_each_step_was_put() -> None:
    _, text, q = _block("sf-order-first-visit", ["B", "D", "A", "E", "C"], reveal=True)
    first = q.option(q.answer[0]).text
    assert "9 of 10 pairs in the right order." in text
    assert f"  1. {first}  [✖ you put it 2nd]" in text
    _, hidden, _ = _block("sf-order-first-visit", ["B", "D", "A", "E", "C"], reveal=False)
    assert "The right order" not in hidden and "Your order:" in hidden


@pytest.mark.parametrize("reveal", [True, False])
def test_matching_marks_each_pair(reveal: bool) -> None:
    _, text, _q = _block("an-match-shoulder-actions", {"A": "3", "B": "5", "C": "4", "D": "1"}, reveal=reveal)
    assert "[✔ right]" in text and "[✖ not right" in text
    assert ("the right match: 1." in text) is reveal


@pytest.mark.parametrize(("answer", "reveal", "shown", "hidden"), [
    ("40", True, ["Your answer: 40 weeks", "Accepted: 22 weeks, give or take 2"], []),  # numeric, revealed
    ("40", False, ["Your answer: 40 weeks"], ["Accepted"]),  # numeric, not revealed
])
def test_numeric(answer: str, reveal: bool, shown: list[str], hidden: list[str]) -> None:
    _, text, _ = _block("ci-pregnancy-supine-weeks", int(answer), reveal=reveal)
    assert all(s in text for s in shown) and not any(h in text for h in hidden)


@pytest.mark.parametrize("reveal", [True, False])
def test_hotspot_explains_a_tempting_wrong_region_only_when_revealed(reveal: bool) -> None:
    _, text, q = _block("an-hot-ql-lower-attachment", "kidney area", reveal=reveal)
    assert "Your answer: Kidney area" in text or "Your answer: " in text
    assert (q.region_feedback["kidney-area"] in text) is reveal
    assert ("Right answer: Along the top of the pelvis" in text) is reveal


def test_an_unreadable_answer_says_why_in_the_scorers_words() -> None:
    q = quiz.load_bank()["an-upper-trap-nerve"]
    fragment, text, _ = _block("an-upper-trap-nerve", "Z", reveal=False)
    assert grade(q, "Z").message in text  # the same sentence check_format() gives
    assert "your answer:" not in text  # nothing was read, so nothing is marked
    assert 'class="nmt-fb nmt-fb-invalid"' in fragment


def test_text_is_escaped_and_student_text_is_not_echoed() -> None:
    q = quiz.load_bank()["an-upper-trap-nerve"].model_copy(update={"stem": "Is <b>this</b> & that safe?"})
    hostile = "<script>alert(1)</script>" * 1000
    bundle = render_feedback(q, grade(q, hostile), answer=hostile, number=1, reveal=True)
    assert "&lt;b&gt;this&lt;/b&gt; &amp; that" in bundle["text/html"]
    assert "<script>" not in bundle["text/html"] and len(bundle["text/html"]) < 5000


@pytest.mark.parametrize(("points", "of", "shown"), [(0.6667, 1, "0.67 of 1 point"), (2, 3, "2 of 3 points"), (1, None, "1 point"), (0.5, None, "0.5 points")])
def test_points_have_one_format(points: float, of: float | None, shown: str) -> None:
    assert format_points(points, of) == shown
