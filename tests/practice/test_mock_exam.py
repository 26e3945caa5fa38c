"""The timed mock exam, driven without a browser, with a clock the test moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmt_course.practice import MockExam
from nmt_course.practice.exam import clock_text, default_minutes
from nmt_course.practice.store import ProgressStore

from .helpers import Clock, fill, right_answer, wrong_answer


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite"


def _exam(db: Path, clock: Clock, n: int = 10, **kwargs: object) -> MockExam:
    exam = MockExam(n=n, seed=5, learner="ann", db_path=db, clock=clock, **kwargs)
    assert exam.questions and not exam.start_button.disabled
    return exam


def test_the_time_limit_scales_with_the_number_of_questions() -> None:
    assert default_minutes(100) == 110 and default_minutes(10) == 11 and default_minutes(1) == 2
    assert [clock_text(s) for s in (6600, 59.2, -3)] == ["1:50:00", "1:00", "0:00"]


def test_an_exam_scores_by_content_area_and_saves_each_answer(db: Path) -> None:
    clock = Clock()
    exam = _exam(db, clock)
    assert exam.answer("A") is None and "Press Start the exam first" in exam.message.value
    exam.start_button.click()
    assert "Time left: 11:00" in exam.timer.value and "Answered: 0 of 10" in exam.counter.value
    right = 0
    for i, q in enumerate(list(exam.questions)):
        assert exam.card.question.id == q.id
        assert exam.card.check_button.description == "Save answer"
        answer = right_answer(q) if i % 2 == 0 else wrong_answer(q)
        clock.advance(seconds=30)  # thinking time
        if i == 0:
            fill(exam.card, answer)  # through the controls, as a student does
            exam.card.check_button.click()
        else:
            exam.answer(answer)
        right += i % 2 == 0
        if i == 0:
            assert exam.card.feedback.value == ""  # no feedback during the exam
            assert "Time left: 10:30" in exam.timer.value and "Answered: 1 of 10" in exam.counter.value
    score = exam.score
    assert score is not None and (score.right, score.answered, score.total) == (right, 10, 10)
    assert sum(a.total for a in score.by_area) == 10
    assert "Score by content area" in exam.report.value and "Review what you missed (5)" in exam.report.value
    assert "Exam finished." in exam.message.value
    with ProgressStore(db) as s:
        saved = s.answers("ann", mode="mock")
        assert len(saved) == 10 and len({a.session for a in saved}) == 1
    assert exam.answer("A") is None and "The exam is over" in exam.message.value


def test_skipped_questions_come_back_and_unanswered_ones_count_as_missed(db: Path) -> None:
    exam = _exam(db, Clock(), n=3)
    exam.start()
    first = exam.card.question.id
    exam.skip_button.click()
    assert "comes back after the others" in exam.message.value and exam.card.question.id != first
    exam.answer(right_answer(exam.card.question))
    exam.answer(right_answer(exam.card.question))
    assert exam.card.question.id == first  # the skipped one, last
    exam.skip()
    assert "last question left" in exam.message.value
    score = exam.finish_button.click() or exam.score
    assert score is not None and (score.right, score.answered, score.total) == (2, 2, 3)
    assert "Not answered." in exam.report.value


def test_when_time_runs_out_the_exam_ends_and_late_answers_are_refused(db: Path) -> None:
    clock = Clock()
    exam = _exam(db, clock, n=4, minutes=2)
    exam.start()
    exam.answer(right_answer(exam.card.question))
    clock.advance(minutes=1, seconds=59)
    exam.ticker.value += 1  # what the browser's timer does every second
    assert "Time left: 0:01" in exam.timer.value and exam.score is None
    clock.advance(seconds=2)
    assert exam.answer(right_answer(exam.card.question)) is None
    assert exam.score is not None and exam.score.timed_out and exam.score.answered == 1
    assert "Time is up." in exam.message.value and "Time left: 0:00" in exam.timer.value
    with ProgressStore(db) as s:
        assert len(s.answers("ann", mode="mock")) == 1


def test_an_odd_answer_is_not_saved_and_says_why(db: Path) -> None:
    exam = _exam(db, Clock(), n=3)
    exam.start()
    exam.card.check_button.click()  # nothing chosen yet
    assert "⚠️" in exam.card.feedback.value and exam.results == {}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"n": "ten"}, "whole number from 1 to 500, not &#x27;ten&#x27;"),  # words, not a number
        ({"n": 0}, "not 0"),  # no questions
        ({"n": 2.5}, "not 2.5"),  # half a question
        ({"n": 5, "minutes": -1}, "The time limit (minutes) must be a number from 1 to 600"),
    ],
)
def test_mistakes_in_the_settings_give_a_message(db: Path, kwargs: dict, expected: str) -> None:
    exam = MockExam(db_path=db, **kwargs)
    assert expected in exam.notices.value and exam.start_button.disabled
    exam.start()
    assert exam.answer("A") is None and "There is no exam to take" in exam.message.value


def test_a_full_size_exam_reports_areas_the_bank_cannot_fill(db: Path) -> None:
    exam = MockExam(seed=1, db_path=db)
    assert "1:50:00" in exam.intro.value
    if len(exam.questions) < 100:
        assert "not 100" in exam.notices.value
    else:  # pragma: no cover - once the bank is big enough
        assert "not 100" not in exam.notices.value
