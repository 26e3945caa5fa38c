"""Reading a typed answer's text, in time linear in its length, whatever a student types.

The scorer accepts answers written forgivingly (``"b"``, ``"B)"``, ``"option
b"``, ``"A, C"``, ``"A2, B1"``, ``"90 s"``). The readers here turn that text
into letters, pairs and numbers with plain scans of the string: no regular
expression that can backtrack (two adjacent repeats that can match the same
characters), so a 10 KB answer costs microseconds, not minutes.

:func:`size_problem` is the first check on any answer: one longer than
:data:`ANSWER_LIMIT` characters (or nested deeper than :data:`DEPTH_LIMIT`)
is "too long" and is not read further.
"""

from __future__ import annotations

import re
from typing import Any

from .reasons import Reason, reason

__all__ = ["ANSWER_LIMIT", "DEPTH_LIMIT", "size_problem", "letter", "letters", "pairs", "number"]

#: the longest answer that is read, in characters (all its text together)
ANSWER_LIMIT = 10_000
#: the deepest brackets inside brackets an answer may have (a matching answer needs two)
DEPTH_LIMIT = 10

_SEPARATORS = re.compile(r"[,;\s]+")  # one character class, repeated: cannot backtrack
_COMMAS = re.compile(r"[,;]")
_RUN = re.compile(r"[A-Za-z]{2,8}")
_PAIR_GAP = set("-:=>")
_UNIT = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ%°")


def size_problem(value: Any) -> Reason | None:
    """``too-long`` or ``too-nested`` if the answer is too big to read; None if it can be read.

    Walks the value without recursion and stops as soon as a limit is
    passed, so the check itself costs at most about :data:`ANSWER_LIMIT` steps.
    """
    size = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > DEPTH_LIMIT:
            return reason("too-nested")
        if isinstance(item, str):
            size += len(item)
        elif isinstance(item, dict):
            size += len(item)
            if size <= ANSWER_LIMIT:
                stack.extend((part, depth + 1) for pair in item.items() for part in pair)
        elif isinstance(item, (list, tuple, set, frozenset)):
            size += len(item)
            if size <= ANSWER_LIMIT:
                stack.extend((part, depth + 1) for part in item)
        else:
            size += 1
        if size > ANSWER_LIMIT:
            return reason("too-long", length=f"over {ANSWER_LIMIT:,}" if stack else f"{size:,}", limit=f"{ANSWER_LIMIT:,}")
    return None


def letter(text: str) -> str | None:
    """The option letter in ``"b"``, ``"B)"``, ``"(b)"``, ``"b."``, ``"option b"``; None if the text is not one letter."""
    t = text.strip().lower()
    if t.startswith("("):
        t = t[1:].lstrip()
    if t.startswith("option") and t[6:7].isspace():
        t = t[6:].lstrip()
    if not t or not ("a" <= t[0] <= "z"):
        return None
    rest = t[1:].lstrip()
    if rest[:1] in (")", ".", ":") and rest:
        rest = rest[1:]
    return t[0].upper() if not rest.strip() else None


def letters(text: str, *, known: set[str]) -> list[str]:
    """The items of a list typed as text: ``"CA"`` (letters run together), ``"a, c"``, ``"A B D C"``, ``"soleus; rhomboids"``.

    ``known`` is the question's option letters (upper case), for telling a
    run of letters from a word.
    """
    text = text.strip()
    if _RUN.fullmatch(text) and all(c.upper() in known for c in text):
        return list(text)
    items = [p for p in _SEPARATORS.split(text) if p]
    if all(letter(p) is not None for p in items):
        return items
    return [p for p in _COMMAS.split(text) if p.strip()]


def pairs(text: str) -> list[tuple[str, str]]:
    """Letter-number pairs in a matching answer typed as text: ``"A2, B1"``, ``"a -> 3; b: 1"``.

    A letter, then any of ``- : = >`` and spaces, then digits, is a pair;
    anything else is skipped. Each character is looked at a bounded number of
    times (a gap is scanned only from the letter just before it).
    """
    found: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not ("A" <= ch <= "Z" or "a" <= ch <= "z"):
            i += 1
            continue
        j = i + 1
        while j < n and (text[j] in _PAIR_GAP or text[j].isspace()):
            j += 1
        k = j
        while k < n and text[k].isdecimal():
            k += 1
        if k > j:
            found.append((ch, text[j:k]))
            i = k
        else:
            i += 1  # the gap just scanned starts with no letter: the next letters skip it at once
    return found


def number(text: str) -> float | None:
    """The number in ``"90"``, ``"-2.5"``, ``"80,0"``, ``"85 s"``, ``"90 sec."``, ``"50%"``; None if there is none."""
    t = text.strip()
    i, n = 0, len(t)
    if i < n and t[i] in "+-":
        i += 1
    start = i
    while i < n and t[i].isdecimal():
        i += 1
    if i == start:
        return None
    if i + 1 < n and t[i] in ".," and t[i + 1].isdecimal():
        i += 1
        while i < n and t[i].isdecimal():
            i += 1
    value = t[:i].replace(",", ".")
    rest = t[i:].lstrip()
    j = 0
    while j < len(rest) and rest[j] in _UNIT:
        j += 1
    if rest[j:j + 1] == ".":
        j += 1
    if rest[j:].strip():
        return None
    try:
        return float(value)
    except ValueError:  # digits Python's float does not read (some scripts' digits)
        return None
