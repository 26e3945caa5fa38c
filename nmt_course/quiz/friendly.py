"""No traceback for a typed mistake: a guard for quiz answer cells and "Your turn" cells.

The quiz's first cell calls :func:`install` (``install(QUIZ_FORMATS)``); a
course notebook calls ``install(your_turn=True)`` in its first code cell. From
then on, in that kernel:

- an **answer cell** (a cell that assigns one of the quiz's answer variables,
  ``q03 = ...``) that cannot run (a bare ``b``, a missing quote, a stray
  bracket) prints one plain line saying what to type instead (see
  :mod:`.typed_mistakes`), shows no traceback and finishes *without an error*,
  so Run All goes on to "Check my answers". The variable is left unset, as a
  fresh kernel would have it, and ``check_format()`` reports it as "not a
  valid answer" with the same advice;
- a **"Your turn" cell** (one whose first line is a ``# Your turn`` comment)
  that stops prints one plain line instead of a traceback, and Run All goes on.

Every other cell runs exactly as before. How: an IPython input transformer
looks at each cell's text; a cell that cannot even be parsed is replaced by a
call that prints the advice, and a cell that parses is wrapped in
``try``/``except`` by an AST transformer (its last expression is still shown
as the cell's result). Graders are not affected: nbgrader's kernel still gets
no value for a broken answer (0 points, as before) and the static grader reads
the cell's text, not the kernel.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from .typed_mistakes import answer_advice, cell_advice

__all__ = ["install", "invalid_answers", "AnswerGuard", "GUARD_NAME"]

GUARD_NAME = "__nmt_course_guard__"
_ASSIGN = re.compile(r"^[ \t]*(q\d{2,3})[ \t]*=(?!=)(.*)$", re.MULTILINE)
_YOUR_TURN = re.compile(r"^\s*#\s*your turn\b", re.IGNORECASE)


@dataclass
class _Cell:
    kind: str  # "answer" or "your-turn"
    source: str
    variables: tuple[str, ...] = ()


@dataclass
class AnswerGuard:
    """The state the guard keeps in one kernel: the quiz's formats and the answers that failed."""

    formats: dict[str, dict[str, Any]] = field(default_factory=dict)
    your_turn: bool = False
    invalid: dict[str, str] = field(default_factory=dict)  # variable -> what check_format() says
    current: _Cell | None = None
    shell: Any = None

    # what the kernel runs --------------------------------------------------
    def classify(self, source: str) -> _Cell | None:
        if self.your_turn and _YOUR_TURN.match(source):
            return _Cell("your-turn", source)
        names = tuple(dict.fromkeys(m.group(1) for m in _ASSIGN.finditer(source)))
        if self.formats:
            names = tuple(n for n in names if n in self.formats)
        return _Cell("answer", source, names) if names else None

    def begin(self, variables: tuple[str, ...]) -> None:
        for name in variables:
            self.invalid.pop(name, None)

    def failed(self, error: BaseException, variables: tuple[str, ...], source: str) -> None:
        """An answer cell stopped: unset its variables, remember why, print one line."""
        if not variables:
            print(cell_advice(error))
            return
        user_ns = self.shell.user_ns if self.shell is not None else {}
        lines = []
        for name in variables:
            user_ns.pop(name, None)
            advice = answer_advice(name, _value_text(source, name), kind=self._kind(name))
            self.invalid[name] = advice.summary
            lines.append(advice.line)
        print("⚠️ " + " ".join(lines))

    def unreadable(self, source: str) -> None:
        """A cell that does not parse (its replacement code calls this)."""
        cell = self.classify(source)
        if cell is None or cell.kind == "your-turn":
            try:
                ast.parse(source)
            except SyntaxError as err:
                print(cell_advice(err))
            return
        self.begin(cell.variables)
        self.failed(SyntaxError(), cell.variables, source)

    def _kind(self, name: str) -> str | None:
        spec = self.formats.get(name)
        return spec.get("type") if isinstance(spec, dict) else None

    # IPython hooks -----------------------------------------------------------
    def transform_lines(self, lines: list[str]) -> list[str]:
        """Input transformer: note the cell; replace one that cannot be parsed."""
        source = "".join(lines)
        self.current = self.classify(source)
        if self.current is None:
            return lines
        try:
            ast.parse(source)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            self.current = None
            return [f"{GUARD_NAME}.unreadable({source!r})\n"]
        return lines


def _value_text(source: str, name: str) -> str:
    """The text after ``name =`` on the last line that assigns it."""
    found = [m.group(2) for m in _ASSIGN.finditer(source) if m.group(1) == name]
    return found[-1] if found else ""


class _Wrap(ast.NodeTransformer):
    """AST transformer: wrap the noted cell in try/except (its last expression still displayed)."""

    def __init__(self, guard: AnswerGuard) -> None:
        self.guard = guard

    def visit(self, node: ast.AST) -> Any:
        cell, self.guard.current = self.guard.current, None
        if cell is None or not isinstance(node, ast.Module) or not node.body:
            return node
        try:
            return _wrapped(node, cell)
        except Exception:  # never break the kernel: run the cell as it is
            return node


def _call(method: str, *args: ast.expr) -> ast.stmt:
    func = ast.Attribute(value=ast.Name(id=GUARD_NAME, ctx=ast.Load()), attr=method, ctx=ast.Load())
    return ast.Expr(value=ast.Call(func=func, args=list(args), keywords=[]))


def _wrapped(module: ast.Module, cell: _Cell) -> ast.Module:
    body = list(module.body)
    if isinstance(body[-1], ast.Expr):  # show the last value, as IPython would
        show = ast.Attribute(value=ast.Name(id="__nmt_course_sys__", ctx=ast.Load()), attr="displayhook", ctx=ast.Load())
        body[-1] = ast.Expr(value=ast.Call(func=show, args=[body[-1].value], keywords=[]))
    names = ast.Tuple(elts=[ast.Constant(n) for n in cell.variables], ctx=ast.Load())
    error = ast.Name(id="__nmt_course_error__", ctx=ast.Load())
    handler = ast.ExceptHandler(
        type=ast.Name(id="Exception", ctx=ast.Load()), name="__nmt_course_error__",
        body=[_call("failed", error, names, ast.Constant(cell.source))],
    )
    guarded = ast.Try(body=[_call("begin", names), *body], handlers=[handler], orelse=[], finalbody=[])
    new = ast.Module(body=[guarded], type_ignores=[])
    return ast.fix_missing_locations(ast.copy_location(new, module))


def install(formats: dict[str, dict[str, Any]] | None = None, *, your_turn: bool = False, shell: Any = None) -> None:
    """Install the guard in this IPython kernel (again: replaces the old one); outside IPython, do nothing.

    Returns nothing, so that a notebook cell ending with this call shows no output;
    the guard itself is ``shell.user_ns[GUARD_NAME]``.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # not in IPython: nothing to guard
            return
        shell = get_ipython()
    if shell is None:
        return
    old = shell.user_ns.get(GUARD_NAME)
    guard = AnswerGuard(formats=dict(formats or {}), your_turn=your_turn, shell=shell)
    if isinstance(old, AnswerGuard):  # the set-up cell run again: keep what the old guard knew
        guard.your_turn = guard.your_turn or old.your_turn
        guard.formats = guard.formats or old.formats
        guard.invalid = dict(old.invalid)
    shell.input_transformers_post[:] = [t for t in shell.input_transformers_post if not _ours(t)]
    shell.ast_transformers[:] = [t for t in shell.ast_transformers if not isinstance(t, _Wrap) and type(t).__name__ != "_Wrap"]
    shell.input_transformers_post.append(guard.transform_lines)
    shell.ast_transformers.append(_Wrap(guard))
    for ns in (shell.user_ns, shell.user_ns_hidden):
        ns[GUARD_NAME] = guard
        ns["__nmt_course_sys__"] = sys


def _ours(transformer: Any) -> bool:
    owner = getattr(transformer, "__self__", None)
    return type(owner).__name__ == "AnswerGuard"


def invalid_answers(namespace: dict[str, Any]) -> dict[str, str]:
    """Answer variables whose cell failed, with the short advice (``check_format`` reports them)."""
    guard = namespace.get(GUARD_NAME)
    if guard is None or not hasattr(guard, "invalid"):
        return {}
    return dict(guard.invalid)
