"""One home for "not a valid answer": every reason's wording, the examples per type, bounded excerpts."""

from __future__ import annotations

import ast
import string
import time
from pathlib import Path

import pytest

from nmt_course.quiz import QUESTION_ADAPTER, grade
from nmt_course.quiz.reasons import (
    EXAMPLES,
    EXCERPT,
    WORDING,
    advice_line,
    check_line,
    excerpt,
    invalid_message,
    reason,
    sentence,
)

PACKAGE = Path(__file__).resolve().parents[2] / "nmt_course"
COMMON = {"explanation": "Why.", "topics": ["t"], "mblex_area": "a", "difficulty": "easy", "sources": ["s"], "stem": "?"}
OPTIONS = [{"id": c, "text": f"option {c}", "feedback": "-"} for c in "ABCD"]
QUESTIONS = {
    "single": {"options": OPTIONS, "answer": "A"},
    "multiple": {"options": OPTIONS, "answer": ["A", "B"]},
    "ordering": {"options": OPTIONS, "answer": ["A", "B", "C", "D"]},
    "matching": {"options": OPTIONS[:2], "choices": [{"id": "1", "text": "x"}, {"id": "2", "text": "y"}], "answer": {"A": "1", "B": "2"}},
    "numeric": {"answer": {"value": 10, "tolerance": 1}},
    "hotspot": {"answer": ["heel"]},
}


@pytest.mark.parametrize("kind", sorted(QUESTIONS))
def test_each_types_example_is_a_well_formed_answer_of_that_type(kind: str) -> None:
    question = QUESTION_ADAPTER.validate_python({**COMMON, "id": "q", "type": kind, **QUESTIONS[kind]})
    assert grade(question, ast.literal_eval(EXAMPLES[kind])).valid
    message = grade(question, object()).message  # any invalid answer: the hint shows this type's example
    assert message.endswith(f"Write your answer like this: {EXAMPLES[kind]}")


def test_the_static_grader_names_the_variable_and_the_types_example() -> None:
    why = reason("set-by-code", variable="q07")
    assert invalid_message(why, "multiple", variable="q07") == (
        'Not a valid answer: q07 is set by code, not written as a plain answer. Write your answer like this: q07 = ["A", "C"]'
    )
    assert invalid_message(why, "numeric", variable="q07").endswith("q07 = 90")  # not "B" for every type


PARAMS = {"value": "Z", "letters": "A, B", "count": "3", "variable": "q03", "suggestion": "", "kind": "TypeError",
          "length": "12,000", "limit": "10,000", "detail": "line 1: unterminated string", "what": "the letter", "fix": 'q03 = "b"'}


@pytest.mark.parametrize("code", sorted(WORDING))
def test_every_reason_reads_as_plain_words(code: str) -> None:
    fields = {name for _, name, _, _ in string.Formatter().parse(WORDING[code]) if name}
    why = reason(code, **{name: PARAMS[name] for name in fields})
    assert why.text and "{" not in why.text and not why.text.endswith(".")
    said = sentence(why)
    assert said.endswith(".") and (said[0].isupper() or said[0] in "\"'")
    line = check_line("q03", why, "single")
    assert line.startswith("✖ q03: ") and "Traceback" not in line


def test_a_reason_needs_its_words() -> None:
    with pytest.raises(KeyError, match="no wording"):
        reason("no-such-reason")
    with pytest.raises(KeyError):
        reason("unknown-letter", value="Z")  # the letters are missing


@pytest.mark.parametrize(
    ("why", "check", "advice"),
    [
        (reason("needs-quotes", what="the letter", fix='q03 = "b"'),
         '✖ q03: not a valid answer: put the letter in quotes, like this: q03 = "b"', 'Put the letter in quotes: q03 = "b"'),
        (reason("cannot-run"), "✖ q03: Not a valid answer: it can't be read. Write your answer like this: q03 = \"B\"",
         "This answer can't be read. Write your answer like this: q03 = \"B\""),
        (reason("not-run", variable="q03"), "✖ q03: its cell has not been run (or was deleted). Run the cell with q03 = ... and try again.",
         "This answer can't be read. Write your answer like this: q03 = \"B\""),
    ],
)
def test_check_format_and_typed_mistake_lines(why: object, check: str, advice: str) -> None:
    assert check_line("q03", why, "single") == check  # type: ignore[arg-type]
    assert advice_line(why, "single", variable="q03") == advice  # type: ignore[arg-type]


def _deep(levels: int) -> list:
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    "value",
    ["x" * 50_000_000, "line one\n" * 1_000_000, _deep(100_000), list(range(1_000_000)), {"A": "y" * 1_000_000}, 10**4000, b"\0" * 10**6],
    ids=["50 MB text", "many lines", "deep", "long list", "big dict", "big number", "bytes"],
)
def test_an_excerpt_is_short_and_quick(value: object) -> None:
    started = time.perf_counter()
    shown = excerpt(value)
    assert len(shown) <= EXCERPT and "\n" not in shown
    assert time.perf_counter() - started < 2  # microseconds in fact, whatever the size
    assert len(reason("unknown-letter", value=value, letters="A").text) < 100


def test_a_student_value_in_a_message_is_an_excerpt() -> None:
    question = QUESTION_ADAPTER.validate_python({**COMMON, "id": "q", "type": "single", **QUESTIONS["single"]})
    result = grade(question, "Z" * 5_000)
    assert not result.valid and result.reason is not None and result.reason.code == "unknown-option"
    assert len(result.message) < 200


def _string_literals(path: Path) -> list[str]:
    """The string constants of a module, without its docstrings."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_the_wording_has_one_home() -> None:
    """No other module words an invalid answer: they all go through nmt_course/quiz/reasons.py."""
    elsewhere = {
        str(path.relative_to(PACKAGE)): text
        for path in sorted(PACKAGE.rglob("*.py")) if path.name != "reasons.py"
        for text in _string_literals(path)
        if any(words in text.lower() for words in ("not a valid answer", "write your answer like this", "not answered yet"))
    }
    assert not elsewhere
