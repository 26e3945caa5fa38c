"""Grading quizzes without running student code (static autograde inside nbgrader).

The names below are loaded when first used, so ``nmt-course`` starts without
importing nbgrader or the quiz bank.
"""

from __future__ import annotations

from typing import Any

__all__ = ["grade_quiz", "read_answer", "read_answers"]


def __getattr__(name: str) -> Any:
    if name == "grade_quiz":
        from .autograde import grade_quiz

        return grade_quiz
    if name in ("read_answer", "read_answers"):
        from . import answers

        return getattr(answers, name)
    raise AttributeError(name)
