"""What to say when a typed answer or a "Your turn" cell cannot run: one plain line.

Pure text in, text out (no IPython): :mod:`.friendly` calls these when a cell
fails, and ``check_format()`` repeats the short form. This module decides
*which* mistake it was and what the repaired line is; the words said about it
are :mod:`.reasons`' (codes ``needs-quotes``, ``needs-closing``,
``nothing-after-equals``, ``just-the-number``, ``cannot-run``), the one home
of every "not a valid answer" sentence.

For an answer cell (``q03 = b``) the advice repairs the answer when it can and
shows the repaired line::

    Put the letter in quotes: q03 = "b"
    Close the quotes: q05 = "temple"
    Put each letter in quotes: q02 = ["A", "C"]

and otherwise shows the example for the question's type. The repair is only a
suggestion: nothing is ever assigned for the student.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .reasons import Reason, advice_line, check_line, example_line, reason

__all__ = ["Advice", "answer_advice", "cell_advice", "answer_line", "REPAIR_LIMIT"]

#: typed answers longer than this get the type's example, not a repaired copy of themselves
REPAIR_LIMIT = 200
_KEYWORDS = {"None", "True", "False"}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9'’\-]*)*")
_NUMBER_FIRST = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)")


@dataclass(frozen=True)
class Advice:
    """Why a typed answer cell could not run (:attr:`why`), and how it is said.

    :attr:`line` is the one line the failed cell prints; :attr:`summary` is
    what ``check_format()`` says after ``✖ q03:``. Both come from
    :mod:`.reasons`.
    """

    variable: str
    why: Reason
    kind: str | None = None

    @property
    def fix(self) -> str:
        return self.why.fix

    @property
    def line(self) -> str:
        return advice_line(self.why, self.kind, variable=self.variable)

    @property
    def summary(self) -> str:
        return check_line(self.variable, self.why, self.kind).removeprefix(f"✖ {self.variable}: ")


def answer_line(variable: str, literal: str) -> str:
    return f"{variable} = {literal}"


def _outside_quotes(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` into (quoted, piece) runs; an unclosed quote runs to the end."""
    runs: list[tuple[bool, str]] = []
    i, start, quote = 0, 0, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                runs.append((True, text[start : i + 1]))
                start, quote = i + 1, ""
        elif ch in "\"'":
            if start < i:
                runs.append((False, text[start:i]))
            start, quote = i, ch
        i += 1
    if start < len(text):
        runs.append((bool(quote), text[start:]))
    return runs


def _strip_comment(text: str) -> str:
    out = []
    for quoted, piece in _outside_quotes(text):
        if not quoted and "#" in piece:
            out.append(piece.split("#", 1)[0])
            break
        out.append(piece)
    return "".join(out).strip()


def _open_quote(text: str) -> str:
    """The quote character left open at the end of ``text``, or ""."""
    runs = _outside_quotes(text)
    if runs and runs[-1][0]:
        piece = runs[-1][1]
        if len(piece) < 2 or piece[-1] != piece[0]:
            return piece[0]
    return ""


def _close(text: str) -> str:
    """Close an unclosed quote, then any open brackets."""
    quote = _open_quote(text)
    if quote:
        text = text.rstrip() + quote
    stack: list[str] = []
    pairs = {"(": ")", "[": "]", "{": "}"}
    for quoted, piece in _outside_quotes(text):
        if quoted:
            continue
        for ch in piece:
            if ch in pairs:
                stack.append(pairs[ch])
            elif ch in pairs.values() and stack and stack[-1] == ch:
                stack.pop()
    return text + "".join(reversed(stack))


def _quote_words(text: str) -> str:
    """Put quotes round every bare word (not None/True/False, not a number)."""
    out = []
    for quoted, piece in _outside_quotes(text):
        if quoted:
            out.append(piece)
            continue
        out.append(_WORD.sub(lambda m: m.group(0) if m.group(0) in _KEYWORDS else f'"{m.group(0).strip()}"', piece))
    return "".join(out)


def _reads(text: str) -> bool:
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _what(kind: str | None, literal: str) -> str:
    """"the letter", "each letter", "the region"...: what needs quotes, in the student's words."""
    if kind == "hotspot":
        return "the region"
    if literal.lstrip().startswith("{"):
        return "each letter"
    if literal.lstrip().startswith(("[", "(")):
        return "each letter" if kind in {"multiple", "ordering", None} else "each answer"
    bare = literal.strip().strip("\"'")
    return "the letter" if len(bare) == 1 else "your answer"


def answer_advice(variable: str, value_text: str, *, kind: str | None = None) -> Advice:
    """Advice for an answer cell whose right-hand side ``value_text`` cannot run."""
    rhs = _strip_comment(value_text[: REPAIR_LIMIT * 4])
    if not rhs:
        return Advice(variable, reason("nothing-after-equals", fix=example_line(variable, kind)), kind)
    if len(rhs) > REPAIR_LIMIT:  # too long to echo back repaired: the example instead
        return Advice(variable, reason("cannot-run"), kind)
    if kind == "numeric":
        number = _NUMBER_FIRST.match(rhs)
        if number:
            return Advice(variable, reason("just-the-number", fix=answer_line(variable, number.group(1).replace(",", "."))), kind)
    candidates = [
        ("close", _close(rhs)),
        ("quote", _quote_words(rhs)),
        ("both", _quote_words(_close(rhs))),
        ("both", _close(_quote_words(rhs))),
    ]
    for how, text in candidates:
        if text == rhs or not _reads(text):
            continue
        fixed = answer_line(variable, text)
        if how == "close":
            noun = "the quotes" if _open_quote(rhs) else "the brackets"
            return Advice(variable, reason("needs-closing", what=noun, fix=fixed), kind)
        return Advice(variable, reason("needs-quotes", what=_what(kind, text), fix=fixed), kind)
    return Advice(variable, reason("cannot-run"), kind)


def cell_advice(error: BaseException) -> str:
    """One line for a "Your turn" cell that stopped with ``error`` (no traceback)."""
    from ..errors import NmtCourseError

    if isinstance(error, NmtCourseError):
        return f"⚠️ {error}"
    if isinstance(error, NameError):
        name = getattr(error, "name", None) or (re.findall(r"'([^']+)'", str(error)) or ["that word"])[0]
        return f'⚠️ Put {name} in quotes: "{name}". Names of steps, muscles and body regions always go in quotes.'
    if isinstance(error, SyntaxError):
        text = (error.text or "").strip()
        where = f"line {error.lineno}" if error.lineno else "this cell"
        quotes = sum(ch in "\"'" for ch in text) % 2 == 1
        hint = "a quote is not closed" if quotes else "check the quotes, commas and brackets"
        shown = f" ({text})" if text else ""
        return f"⚠️ Python could not read {where}{shown}: {hint}. Every name goes in quotes, like \"warming\", with commas between."
    return f"⚠️ This cell stopped: {error}. Check what you changed, then run it again."
