"""Reading quiz answers from a notebook without running it.

Answers are literals (``q07 = "B"``), so they can be read with ``ast``:

- cells are read in order, up to the cell being graded (as a kernel would run them);
- a cell that does not parse is skipped entirely (in a kernel it would fail
  before assigning anything);
- in a cell that parses, each top-level ``qNN = <literal>`` sets the answer;
  any other way of binding the name (a call, an expression, ``+=``, ``del``,
  a loop or ``import ... as qNN``, ``globals()[...]``) makes it "not a valid
  answer", because only a literal can be read safely.

No student code is ever executed or imported. :func:`typed_slip` finds the
line of an answer that cannot be read, so the grader can give the same advice
the notebook's typed-mistake guard gives (:mod:`nmt_course.quiz.typed_mistakes`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["NOT_A_LITERAL", "Answer", "read_answer", "read_answers", "typed_slip"]

# an answer line as the typed-mistake guard sees it (nmt_course.quiz.friendly)
_ASSIGN = re.compile(r"^[ \t]*(q\d{2,3})[ \t]*=(?!=)(.*)$", re.MULTILINE)


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


_DYNAMIC = {"globals", "exec", "eval", "setattr", "vars", "locals"}


def _bound_names(node: ast.AST) -> tuple[frozenset[str], bool]:
    """Names a statement binds (assign, delete, import, loop, global...) and whether it calls
    something that could bind any name (``globals()``, ``exec``...)."""
    names: set[str] = set()
    dynamic = False
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
        elif isinstance(sub, ast.alias):
            names.add(sub.asname or sub.name.split(".")[0])
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            names.add(sub.name)
        elif isinstance(sub, (ast.MatchAs, ast.MatchStar)) and sub.name:
            names.add(sub.name)
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            names.update(sub.names)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in _DYNAMIC:
            dynamic = True
    return frozenset(names), dynamic


@dataclass(frozen=True)
class _Statement:
    plain_targets: frozenset[str]  # the names in a plain ``name = value`` (or ``a = b = value``)
    value: ast.expr | None
    binds: frozenset[str]
    dynamic: bool


@lru_cache(maxsize=4096)
def _statements(source: str) -> tuple[_Statement, ...] | None:
    """A cell's top-level statements, analysed once per distinct source; None if it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    out = []
    for stmt in tree.body:
        plain: frozenset[str] = frozenset()
        if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets):
            plain = frozenset(t.id for t in stmt.targets)  # type: ignore[attr-defined]
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            plain = frozenset({stmt.target.id})  # q01: str = "B"
        binds, dynamic = _bound_names(stmt)
        out.append(_Statement(plain, stmt.value if plain else None, binds, dynamic))
    return tuple(out)


def _apply(source: str, name: str, current: Answer) -> Answer:
    statements = _statements(source)
    if statements is None:
        return current  # the cell would fail in a kernel before assigning anything
    answer = current
    for st in statements:
        if name in st.plain_targets and st.value is not None:
            try:
                answer = Answer(name, ast.literal_eval(st.value))
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                answer = Answer(name, NOT_A_LITERAL, f"{name} is set by code, not written as a plain answer")
        elif name in st.binds or st.dynamic:
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


def typed_slip(cells: list[Any], answer: Answer, *, before: int) -> str | None:
    """What the student typed after ``qNN =``, when that is why the answer cannot be read; else None.

    That is: the last cell before ``before`` that assigns the answer does not
    parse (a kernel stops on it), or assigns something that is not a literal
    (``q03 = b``, which a kernel stops on as well). An answer changed by
    other code is not a slip.
    """
    if answer.value is not NOT_A_LITERAL and answer.value is not None:
        return None
    last: str | None = None
    for cell in cells[:before]:
        source = cell.get("source", "") if cell.get("cell_type") == "code" else ""
        found = [m.group(2) for m in _ASSIGN.finditer(source) if m.group(1) == answer.variable]
        if found:
            last, parsed = found[-1], _statements(source) is not None
    if last is None:
        return None
    if answer.value is None:
        return last if not parsed else None
    return last if answer.note == f"{answer.variable} is set by code, not written as a plain answer" else None
