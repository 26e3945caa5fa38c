"""Why an answer is "not a valid answer", and every word said about it: one home for the wording.

Whatever finds that an answer cannot be read (the scorer, the static grader's
reader, ``check_format()``, the typed-mistake guard, the practice widgets)
describes it as a :class:`Reason`: a code from :data:`WORDING` plus the few
values its sentence needs. How a reason is said is decided here and only
here, so a newcomer changes a message in this one file:

- :meth:`Reason.text` is the clause (``"Z" is not one of the options; choose
  from A, B, C``), :func:`sentence` the same as a sentence for a widget;
- :func:`invalid_message` is what a test cell prints (``Not a valid answer:
  ... Write your answer like this: q07 = ["A", "C"]``), with the example for
  the question's type (:data:`EXAMPLES`), never one type's example for all;
- :func:`check_line` is what ``check_format()`` prints for that answer, and
  :func:`advice_line` the one line a cell that could not run prints.

A student's own text is never echoed whole: every value put into a sentence
goes through :func:`excerpt` (at most :data:`EXCERPT` characters, in time and
memory bounded by that length whatever the value).
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

__all__ = [
    "NOT_VALID",
    "EXAMPLES",
    "EXCERPT",
    "WORDING",
    "Reason",
    "reason",
    "excerpt",
    "example",
    "example_line",
    "format_hint",
    "sentence",
    "invalid_message",
    "check_line",
    "advice_line",
]

#: what every answer that cannot be read is called, wherever it is reported
NOT_VALID = "not a valid answer"

#: one example answer per question type, as a student types it
EXAMPLES: dict[str, str] = {
    "single": '"B"',
    "multiple": '["A", "C"]',
    "ordering": '["C", "A", "D", "B"]',
    "matching": '{"A": "2", "B": "1"}',
    "numeric": "90",
    "hotspot": '"temple"',
    "written": '"""Your answer in a few sentences."""',
}

#: the longest excerpt of a student's answer any message shows
EXCERPT = 40

#: every reason code and its wording (``str.format`` fields are the reason's parameters)
WORDING: dict[str, str] = {
    # nothing there yet (not "not valid": not answered)
    "blank": "not answered yet",
    "never-assigned": "{variable} was never given a value",
    "not-run": "its cell has not been run (or was deleted). Run the cell with {variable} = ... and try again",
    # the scorer: the value is there but is not in a form the question accepts
    "not-text": "{value} is not an option: use its letter in quotes, like \"A\"",
    "unknown-letter": "\"{value}\" is not one of the options; choose from {letters}",
    "unknown-option": "\"{value}\" is not one of the options; use a letter from {letters}",
    "not-a-list": "this answer is a list of letters in square brackets",
    "repeated": "you listed the same option twice",
    "incomplete-order": "list every item once, in your order: {count} letters from {letters}",
    "not-a-choice": "{value} is not a choice number",
    "unknown-choice": "\"{value}\" is not one of the choices; use a number from 1 to {count}",
    "no-pairs": "pair each letter with a number",
    "not-pairs": "this answer pairs letters with numbers inside curly brackets",
    "not-a-number": "this answer is a number",
    "unreadable-number": "\"{value}\" is not a number",
    "not-finite": "this answer is an ordinary number",
    "not-a-region": "name the body region in quotes, like \"temple\"",
    "unknown-region": "\"{value}\" is not a body region I know{suggestion}",
    "written-not-text": "write your answer as text in quotes",
    "too-long": "the answer is too long to read ({length} characters; at most {limit})",
    "too-nested": "the answer is too complicated to read (too many brackets or signs inside each other)",
    "odd-value": "this answer could not be read ({kind})",
    # the static grader's reader: the cell is there, but the answer is not a plain literal
    "set-by-code": "{variable} is set by code, not written as a plain answer",
    "changed-by-code": "{variable} is changed by code, not written as a plain answer",
    "cell-unreadable": "Python could not read the cell that sets {variable} ({detail})",
    "cell-too-long": "the cell that sets {variable} is too long to read ({length} characters; at most {limit})",
    # a typed answer cell that could not run (the kernel's guard): the fix is shown
    "needs-quotes": "put {what} in quotes",
    "needs-closing": "close {what}",
    "nothing-after-equals": "write your answer after the = sign",
    "just-the-number": "write just the number",
    "cannot-run": "it can't be read",
}

#: reasons that are not "not a valid answer" (nothing was written yet)
_NOT_ANSWERED = {"blank", "never-assigned", "not-run"}


@dataclass(frozen=True)
class Reason:
    """Why one answer cannot be read: a code from :data:`WORDING` and its parameters (already excerpted)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """The clause, lower case, no final full stop: ``"Z" is not one of the options; choose from A, B``."""
        return WORDING[self.code].format(**dict(self.params))

    @property
    def fix(self) -> str:
        """The repaired answer line, for a typed mistake (``q03 = "b"``); empty if there is none."""
        return dict(self.params).get("fix", "")

    @property
    def answered(self) -> bool:
        """False for "not answered yet" and "not run": nothing to call invalid."""
        return self.code not in _NOT_ANSWERED


def reason(code: str, **params: object) -> Reason:
    """A :class:`Reason`; text parameters that came from a student are shortened with :func:`excerpt`.

    ``value`` is the student's own text (shown in quotes); any other
    parameter is written by the caller (letters, counts, a variable name) and
    kept as it is. An unknown code or a missing parameter raises ``KeyError``
    at once, so a typo in a caller fails its tests, not a student's quiz.
    """
    if code not in WORDING:
        raise KeyError(f"no wording for reason {code!r}: add it to WORDING in nmt_course/quiz/reasons.py")
    values = {name: (excerpt(value) if name == "value" else str(value)) for name, value in params.items()}
    made = Reason(code, tuple(sorted(values.items())))
    made.text  # noqa: B018 - every field the wording needs must be given
    return made


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A short, bounded view of a student's value: text as it is (cut), anything else as a cut ``repr``.

    Costs no more for a 50 MB string, a list nested 100,000 deep or a number
    with a million digits than for a short one: text is cut before it is
    looked at, and other values go through :mod:`reprlib` (a few items per
    level, a few levels).
    """
    if isinstance(value, str):
        text = value[: limit * 4]
    else:
        try:
            text = _REPR.repr(value)
        except Exception:
            text = f"<{type(value).__name__}>"
    text = " ".join(text.split())  # one line
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_repr() -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother, short.maxlong = 3, EXCERPT, EXCERPT, EXCERPT
    short.maxlist = short.maxtuple = short.maxdict = short.maxset = short.maxfrozenset = 6
    return short


_REPR = _short_repr()


def example(kind: str | None) -> str:
    """The example answer for a question type (a single-choice one for an unknown type)."""
    return EXAMPLES.get(kind or "single", EXAMPLES["single"])


def example_line(variable: str, kind: str | None) -> str:
    return f"{variable} = {example(kind)}"


def format_hint(kind: str | None, variable: str | None = None) -> str:
    """``Write your answer like this: q07 = ["A", "C"]`` (the example alone when the variable is not known)."""
    return "Write your answer like this: " + (example_line(variable, kind) if variable else example(kind))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(why: Reason) -> str:
    """The reason as a sentence of its own (for a widget): ``"Z" is not one of the options; choose from A, B.``."""
    return _capital(why.text) + "."


def invalid_message(why: Reason, kind: str | None, *, variable: str | None = None, hint: bool = True) -> str:
    """What a graded cell prints: ``Not a valid answer: <reason>. Write your answer like this: <example>``.

    ``hint=False`` leaves out the code-cell example (the practice widgets need none).
    """
    head = sentence(why) if not why.answered else f"{_capital(NOT_VALID)}: {why.text}."
    return head + (" " + format_hint(kind, variable) if hint else "")


def check_line(variable: str, why: Reason, kind: str | None = None) -> str:
    """``check_format()``'s line for an answer that needs fixing: ``✖ q03: not a valid answer: put it in quotes, ...``."""
    if why.code == "not-run":
        return f"✖ {variable}: {why.text}."
    if why.fix:
        return f"✖ {variable}: {NOT_VALID}: {why.text}, like this: {why.fix}"
    return f"✖ {variable}: {invalid_message(why, kind, variable=variable)}"


def advice_line(why: Reason, kind: str | None = None, *, variable: str | None = None) -> str:
    """The one line a typed answer cell that could not run prints: ``Put the letter in quotes: q03 = "b"``."""
    if why.fix:
        return f"{_capital(why.text)}: {why.fix}"
    return f"This answer can't be read. {format_hint(kind, variable)}"
