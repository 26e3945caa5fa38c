"""Questions, scoring and quizzes.

``quiz.load_bank()`` gives every question in ``nmt_course/data/bank``;
``quiz.score(question, answer)`` the points an answer earns (0 to
``question.points``), with the partial-credit rules in
:mod:`nmt_course.quiz.scoring`.
"""

from __future__ import annotations

from .bank import Bank, bank_json_schema, check_bank, load_bank
from .models import QUESTION_ADAPTER, BankFile, Question
from .scoring import Result, check_format, grade, score

__all__ = [
    "Bank",
    "BankFile",
    "Question",
    "QUESTION_ADAPTER",
    "Result",
    "bank_json_schema",
    "check_bank",
    "check_format",
    "grade",
    "load_bank",
    "score",
]
