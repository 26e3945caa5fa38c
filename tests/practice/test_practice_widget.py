"""Practice and progress_chart, driven without a browser, on temporary progress files."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmt_course import kb
from nmt_course.figures import describe
from nmt_course.practice import Practice, progress_chart
from nmt_course.practice.store import ProgressStore

from .helpers import Clock, fill, right_answer, wrong_answer


def _smallest_topic() -> str:
    from nmt_course import quiz
    from nmt_course.practice.selection import choose

    bank = quiz.load_bank()
    return min(bank.topics, key=lambda t: (len(choose(bank, topic=t).questions) or 999, t))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite"


def _answer_right(app: Practice) -> None:
    result = app.answer(right_answer(app.current))
    assert result is not None and result.correct


def test_a_right_answer_is_saved_and_moves_to_box_2(db: Path) -> None:
    clock = Clock()
    app = Practice(area="kinesiology", learner="ann", db_path=db, clock=clock)
    first = app.current
    assert first is not None and first.mblex_area == "kinesiology"
    _answer_right(app)
    assert "box 2 of 5, due again in 1 day" in app.message.value
    assert "✔ <b>Correct:</b>" in app.card.feedback.value
    with ProgressStore(db) as s:
        assert s.states("ann")[first.id].box == 2


def test_the_check_button_uses_the_controls(db: Path) -> None:
    app = Practice(area="kinesiology", learner="ann", db_path=db, clock=Clock())
    fill(app.card, right_answer(app.current))
    app.card.check_button.click()
    assert app.result is not None and app.result.correct and "Saved." in app.message.value


def test_a_missed_question_comes_back_after_a_few_others(db: Path) -> None:
    app = Practice(area="kinesiology", learner="ann", db_path=db, clock=Clock())
    missed = app.current
    result = app.answer(wrong_answer(missed))
    assert result is not None and result.valid and not result.correct
    assert "box 1 of 5, due again now" in app.message.value
    seen = []
    for _ in range(3):
        seen.append(app.next().id)
        _answer_right(app)
    assert missed.id not in seen  # held back for three questions
    assert app.next().id == missed.id  # then it is the first review due


def test_answers_are_not_taken_twice_and_odd_answers_are_not_saved(db: Path) -> None:
    app = Practice(area="kinesiology", learner="ann", db_path=db, clock=Clock())
    assert app.answer({"not": "an answer"}) is None or not app.result
    assert app.result is None and "⚠️" in app.card.feedback.value
    _answer_right(app)
    assert app.answer(right_answer(app.current)) is None
    assert "You have answered this one" in app.message.value
    with ProgressStore(db) as s:
        assert len(s.answers("ann")) == 1


def test_when_nothing_is_due_it_says_when_and_offers_to_practise_ahead(db: Path) -> None:
    clock = Clock()
    topic = _smallest_topic()
    app = Practice(topic=topic, learner="ann", db_path=db, clock=clock)
    for _ in range(len(app.questions)):
        _answer_right(app)
        app.next()
    assert app.current is None and "nothing is due now" in app.message.value
    assert "due in 1 day" in app.message.value and app.ahead_button.layout.display is None
    app.ahead_button.click()
    assert app.current is not None
    # a restart the next day: the same learner's reviews are due again
    clock.advance(days=1, minutes=1)
    again = Practice(topic=topic, learner="ann", db_path=db, clock=clock)
    assert again.current is not None and f"box 2: {len(app.questions)}" in again.status.value


def test_mistakes_in_the_arguments_give_messages(db: Path) -> None:
    bad = Practice(topic="trigger poitns", db_path=db)
    assert bad.current is None and "Did you mean" in bad.notices.value
    assert bad.next() is None and "no questions to practise" in bad.message.value
    assert bad.answer("A") is None and "No question is showing" in bad.message.value


def test_an_unwritable_progress_file_still_lets_the_student_practise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app = Practice(area="kinesiology", learner="ann", db_path=blocker / "p.sqlite", clock=Clock())
    assert "cannot be saved" in app.notices.value
    _answer_right(app)
    assert "Saved." in app.message.value


def test_progress_chart_counts_learnt_questions_by_topic_and_area(db: Path) -> None:
    clock = Clock()
    app = Practice(area="kinesiology", learner="ann", db_path=db, clock=clock)
    q = app.current
    _answer_right(app)
    clock.advance(days=1, minutes=1)
    again = Practice(area="kinesiology", learner="ann", db_path=db, clock=clock)
    assert again.current.id == q.id  # the only review due
    _answer_right(again)  # box 3: learnt
    fig = progress_chart("ann", db)
    learnt = [t for t in fig.data if t.meta["role"] == "learnt"]
    by_area = next(t for t in learnt if t.meta["group"] == "area")
    row = by_area.meta["ids"].index("kinesiology")
    assert by_area.x[row] > 0 and by_area.text[row] == "1"
    assert "1 of" in by_area.y[row] and "learnt" in by_area.y[row]  # the label says it in words
    assert {t.marker.pattern.shape for t in fig.data} == {"", "/", "."}  # not colour alone
    assert describe(fig).startswith("Progress of ann: 1 of")
    assert "By content area: Anatomy" in describe(fig)
    other = progress_chart("ben", db)
    assert describe(other).startswith("Progress of ben: 0 of")


def test_progress_chart_from_the_widget_and_from_a_broken_file(db: Path) -> None:
    app = Practice(area="kinesiology", learner="ann", db_path=db, clock=Clock())
    app.progress_button.click()
    figure, caption = app.chart_holder.children
    assert "What the chart shows" in caption.value and figure.layout.meta["learner"] == "ann"
    broken = db.with_name("broken.sqlite")
    broken.write_bytes(b"not a database at all" * 100)
    fig = progress_chart("ann", broken)
    assert "damaged" in describe(fig)
    assert len(kb.load().mblex.areas) == len(next(t for t in fig.data if t.meta["group"] == "area").y)
