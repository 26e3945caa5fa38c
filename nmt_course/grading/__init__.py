"""Grading quizzes without running student code (static autograde inside nbgrader)."""

from __future__ import annotations

__all__ = ["grade_quiz", "read_answer", "read_answers"]

from .answers import read_answer, read_answers


def __getattr__(name: str):
    if name == "grade_quiz":
        from .autograde import grade_quiz

        return grade_quiz
    raise AttributeError(name)
