"""Reading quiz answers from a notebook without running it.

Answers are literals (``q07 = "B"``), so they can be read with ``ast``:

- cells are read in order, up to the cell being graded (as a kernel would run them);
- in a cell that parses, each top-level ``qNN = <literal>`` sets the answer;
  any other way of binding the name (a call, an expression, ``+=``, ``del``,
  a loop or ``import ... as qNN``, ``globals()[...]``, a walrus, a name under
  ``if``) makes it "not a valid answer", because only a literal can be read
  safely;
- a cell that does not parse is skipped (in a kernel it would fail before
  assigning anything), unless it sets the answer at the start of a line
  (``q03 = b"``): then the answer is "not a valid answer" and the reason says
  what Python could not read, because that cell is the student's latest try;
- a cell over :data:`CELL_LIMIT` characters is not parsed at all; if a line of
  it sets the answer, the answer is "too long".

Every outcome is an :class:`Answer`; one that is not a value carries a
:class:`~nmt_course.quiz.reasons.Reason`. Reading is bounded: ``ast.parse``
sees at most :data:`CELL_LIMIT` characters, its ``RecursionError`` and
``MemoryError`` become reasons, and the rest is linear scans. No student code
is ever executed or imported.

:func:`typed_slip` finds what the student typed after ``qNN =`` when that is
why the answer cannot be read, so the grader gives the same advice the
notebook's typed-mistake guard gives (:mod:`nmt_course.quiz.typed_mistakes`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..quiz.parsing import ANSWER_LIMIT
from ..quiz.reasons import Reason, reason

__all__ = ["NOT_A_LITERAL", "CELL_LIMIT", "Answer", "read_answer", "read_answers", "read_answers_at", "sets_at_line_start", "typed_slip"]

#: the longest code cell that is parsed, in characters (ten times the longest answer)
CELL_LIMIT = 10 * ANSWER_LIMIT

# an answer line as the typed-mistake guard sees it (nmt_course.quiz.friendly)
_ASSIGN = re.compile(r"^[ \t]*(q\d{2,3})[ \t]*=(?!=)(.*)$", re.MULTILINE)


class _NotALiteral:
    def __repr__(self) -> str:
        return "NOT_A_LITERAL"


NOT_A_LITERAL = _NotALiteral()


@dataclass(frozen=True)
class Answer:
    variable: str
    value: Any  # a literal, None when never assigned, or NOT_A_LITERAL
    reason: Reason | None = None  # why the value is NOT_A_LITERAL, or that it was never assigned

    @property
    def valid_literal(self) -> bool:
        return self.value is not NOT_A_LITERAL

    @property
    def note(self) -> str:
        return self.reason.text if self.reason else ""


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
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and sub.name:
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


def _unreadable(exc: BaseException) -> str:
    """What Python could not read in a cell, in a few plain words."""
    if isinstance(exc, (RecursionError, MemoryError)) or "too many nested" in str(exc) or "too complex" in str(exc):
        return "too many brackets or signs inside each other"
    if "integer string conversion" in str(exc):  # Python's own limit on a number's digits (4,300)
        return "a number with thousands of digits"
    if isinstance(exc, SyntaxError):
        text = (exc.msg or "").split("(")[0].strip() or "invalid syntax"
        return f"line {exc.lineno}: {text}" if exc.lineno else text
    return "it is not Python"


_SHORT = 2_000  # an answer cell: thousands of them kept (a class's many copies are parsed once)


def _statements(source: str) -> tuple[_Statement, ...] | str:
    """A cell's top-level statements, analysed once per distinct source; why not, if it does not parse.

    Short sources (answer cells) are kept by the thousand, longer ones (a
    quiz's set-up cell, the same for every student) by the dozen, so what
    is kept stays within a few megabytes.
    """
    return _short_statements(source) if len(source) <= _SHORT else _long_statements(source)


@lru_cache(maxsize=4096)
def _short_statements(source: str) -> tuple[_Statement, ...] | str:
    return _parse(source)


@lru_cache(maxsize=32)
def _long_statements(source: str) -> tuple[_Statement, ...] | str:
    return _parse(source)


def _parse(source: str) -> tuple[_Statement, ...] | str:
    try:
        tree = ast.parse(source)
        return tuple(_statement(stmt) for stmt in tree.body)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        return _unreadable(exc)


def _statement(stmt: ast.stmt) -> _Statement:
    plain: frozenset[str] = frozenset()
    value: ast.expr | None = None
    if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets):
        plain = frozenset(t.id for t in stmt.targets if isinstance(t, ast.Name))
        value = stmt.value
    elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
        plain = frozenset({stmt.target.id})  # q01: str = "B"
        value = stmt.value
    binds, dynamic = _bound_names(stmt)
    return _Statement(plain, value, binds, dynamic)


_SCAN_PLACES = 10_000  # a long cell that holds the name more often than this counts as setting it (it is far too long anyway)
# what may follow the name: spaces, an annotation, then "=" (not "=="); each part bounded, so a check is a few hundred steps
_AFTER_NAME = re.compile(r"[ \t]{0,200}(?::[^\n=]{0,200})?=(?!=)")


def sets_at_line_start(source: str, name: str) -> bool:
    """Whether a line of ``source`` starts (after spaces) with ``name =`` or ``name: ... =``; linear, without parsing.

    Each place the name occurs is found in C (``str.find``) and checked in a
    bounded number of steps; at most :data:`_SCAN_PLACES` places are looked at.
    """
    at = source.find(name)
    for _ in range(_SCAN_PLACES):
        if at < 0:
            return False
        line_start = source.rfind("\n", max(0, at - 200), at) + 1
        before = source[line_start:at]
        if (line_start or at <= 200) and not before.strip(" \t") and _AFTER_NAME.match(source, at + len(name)):
            return True
        at = source.find(name, at + len(name))
    return True


def _apply(source: str, name: str, current: Answer) -> Answer:
    if len(source) > CELL_LIMIT:
        if sets_at_line_start(source, name):
            return Answer(name, NOT_A_LITERAL, reason("cell-too-long", variable=name, length=f"{len(source):,}", limit=f"{CELL_LIMIT:,}"))
        return current  # too long to parse, and it does not set the answer where a person would look
    statements = _statements(source)  # parsed once per distinct cell, whatever the number of variables
    if isinstance(statements, str):
        if sets_at_line_start(source, name):
            return Answer(name, NOT_A_LITERAL, reason("cell-unreadable", variable=name, detail=statements))
        return current  # the cell would fail in a kernel before assigning anything
    answer = current
    for st in statements:
        if name in st.plain_targets and st.value is not None:
            answer = _literal(name, st.value)
        elif name in st.binds or st.dynamic:
            answer = Answer(name, NOT_A_LITERAL, reason("changed-by-code", variable=name))
    return answer


def _literal(name: str, node: ast.expr) -> Answer:
    try:
        return Answer(name, ast.literal_eval(node))
    except (RecursionError, MemoryError):
        return Answer(name, NOT_A_LITERAL, reason("too-nested"))
    except (ValueError, TypeError, SyntaxError):
        return Answer(name, NOT_A_LITERAL, reason("set-by-code", variable=name))


def read_answers_at(cells: list[Any], stops: dict[str, int]) -> dict[str, Answer]:
    """Each variable's value after the code cells before its index in ``stops``, in one pass over the cells.

    Each cell is parsed once (short ones once per run), whatever the number
    of variables; a long one is scanned once per variable whose name it holds.
    """
    current = {name: Answer(name, None, reason("never-assigned", variable=name)) for name in stops}
    found: dict[str, Answer] = {}
    for i, cell in enumerate(cells):
        for name in [n for n, stop in stops.items() if stop <= i and n not in found]:
            found[name] = current[name]
        if len(found) == len(stops):
            break
        source = cell.get("source", "")
        if cell.get("cell_type") != "code" or not isinstance(source, str):
            continue
        for name in stops:
            if name not in found and name in source:
                current[name] = _apply(source, name, current[name])
    return {name: found.get(name, current[name]) for name in stops}


def read_answer(cells: list[Any], name: str, *, before: int | None = None) -> Answer:
    """The value of ``name`` after the code cells before index ``before`` (default: all)."""
    return read_answers_at(cells, {name: len(cells) if before is None else before})[name]


def read_answers(cells: list[Any], names: list[str]) -> dict[str, Answer]:
    return read_answers_at(cells, dict.fromkeys(names, len(cells)))


def typed_slip(cells: list[Any], answer: Answer, *, before: int) -> str | None:
    """What the student typed after ``qNN =``, when that is why the answer cannot be read; else None.

    That is: the last cell before ``before`` that assigns the answer does not
    parse (a kernel stops on it), or assigns something that is not a literal
    (``q03 = b``, which a kernel stops on as well). An answer changed by
    other code, or too long to read, is not a slip.
    """
    if answer.value is not NOT_A_LITERAL or answer.reason is None or answer.reason.code not in ("set-by-code", "cell-unreadable"):
        return None
    last: str | None = None
    for cell in cells[:before]:
        source = cell.get("source", "") if cell.get("cell_type") == "code" else ""
        if len(source) > CELL_LIMIT:
            continue
        found = [m.group(2) for m in _ASSIGN.finditer(source) if m.group(1) == answer.variable]
        if found:
            last = found[-1]
    return last
