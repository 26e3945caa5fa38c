"""Reading quiz answers from a notebook without running it.

Answers are literals (``q07 = "B"``), so they can be read with ``ast``:

- cells are read in order, up to the cell being graded (as a kernel would run them);
- a cell that does not parse is skipped entirely (in a kernel it would fail
  before assigning anything);
- in a cell that parses, each top-level ``qNN = <literal>`` sets the answer;
  any other way of binding the name (a call, an expression, ``+=``, ``del``,
  a loop or ``import ... as qNN``, ``globals()[...]``) makes it "not a valid
  answer", because only a literal can be read safely.

No student code is ever executed or imported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

__all__ = ["NOT_A_LITERAL", "Answer", "read_answer", "read_answers"]


class _NotALiteral:
    def __repr__(self) -> str:
        return "<not a valid answer>"


NOT_A_LITERAL = _NotALiteral()


@dataclass(frozen=True)
class Answer:
    variable: str
    value: Any  # a literal, None when never assigned, or NOT_A_LITERAL
    note: str = ""

    @property
    def valid_literal(self) -> bool:
        return self.value is not NOT_A_LITERAL


def _binds(node: ast.AST, name: str) -> bool:
    """Does this statement bind ``name`` in any way other than a plain single assignment?"""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id == name and isinstance(sub.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(sub, ast.alias) and (sub.asname or sub.name.split(".")[0]) == name:
            return True
        if isinstance(sub, (ast.Global, ast.Nonlocal)) and name in sub.names:
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in {"globals", "exec", "eval", "setattr", "vars", "locals"}:
            return True  # could rebind anything: we cannot know what it sets
    return False


def _apply(source: str, name: str, current: Answer) -> Answer:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return current  # the cell would fail in a kernel before assigning anything
    answer = current
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == name:
            try:
                answer = Answer(name, ast.literal_eval(stmt.value))
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                answer = Answer(name, NOT_A_LITERAL, f"{name} is set by code, not written as a plain answer")
        elif _binds(stmt, name):
            answer = Answer(name, NOT_A_LITERAL, f"{name} is changed by code, not written as a plain answer")
    return answer


def read_answer(cells: list[Any], name: str, *, before: int | None = None) -> Answer:
    """The value of ``name`` after the code cells before index ``before`` (default: all)."""
    answer = Answer(name, None, f"{name} was never given a value")
    for i, cell in enumerate(cells):
        if before is not None and i >= before:
            break
        if cell.get("cell_type") == "code" and name in cell.get("source", ""):
            answer = _apply(cell["source"], name, answer)
    return answer


def read_answers(cells: list[Any], names: list[str]) -> dict[str, Answer]:
    return {name: read_answer(cells, name) for name in names}
