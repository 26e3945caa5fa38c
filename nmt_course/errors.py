"""The project's exception tree: one base, a few specific kinds.

Every error a student or instructor can trigger is one of these, with a
message written for a person (what went wrong, what to type instead), so the
front ends can print it instead of a traceback::

    NmtCourseError                      anything nmt-course raises on purpose
    ├── ContentError                    a broken content file (knowledge base, cases, bank): file, line, place
    ├── UnknownNameError (LookupError)  a muscle, region, step... the course does not know: with suggestions
    ├── PlanError (ValueError)          a session plan that cannot be read
    ├── ScreeningInputError (ValueError)  an intake value that cannot be read
    ├── ItemAnalysisError (ValueError)  scores handed to item analysis that are not fractions
    ├── ProgressError                   practice progress that cannot be saved or read
    └── SubmissionError                 one student's submission that cannot be graded: why, and what to do

The modules that raise them re-export them (``session.PlanError``,
``screening.ScreeningInputError``...), so callers can catch them where they
use them.
"""

from __future__ import annotations

__all__ = [
    "NmtCourseError",
    "ContentError",
    "UnknownNameError",
    "PlanError",
    "ScreeningInputError",
    "ItemAnalysisError",
    "ProgressError",
    "SubmissionError",
]


class NmtCourseError(Exception):
    """Base of every error nmt-course raises on purpose."""


class ContentError(NmtCourseError):
    """A content file (knowledge base, question bank) is broken.

    ``file`` names the file and ``place`` the path inside it (``muscles[3] >
    trigger_points[0] > x``), with a line number when one could be found.
    """

    def __init__(self, message: str, *, file: str = "", place: str = "", line: int | None = None):
        self.message = message
        self.file = file
        self.place = place
        self.line = line
        where = file
        if line is not None:
            where += f", line {line}"
        if place:
            where += f" ({place})" if where else place
        super().__init__(f"{where}: {message}" if where else message)


class UnknownNameError(NmtCourseError, LookupError):
    """A name (muscle, region, step, condition...) that is not in the course.

    ``suggestions`` holds close matches, best first.
    """

    def __init__(self, kind: str, name: str, suggestions: list[str] | tuple[str, ...] = ()):
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions)
        msg = f"I don't know a {kind} called {name!r}."
        if self.suggestions:
            msg += " Did you mean " + _or_list(self.suggestions) + "?"
        else:
            msg += f" Check the spelling, or list the {kind}s to see what is available."
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would quote the message otherwise
        return str(self.args[0])


class PlanError(NmtCourseError, ValueError):
    """A session plan that cannot be read (minutes that are not a whole number, a strange entry)."""


class ScreeningInputError(NmtCourseError, ValueError):
    """An intake value that cannot be read (pregnancy weeks out of range, a number as a name)."""


class ItemAnalysisError(NmtCourseError, ValueError):
    """The scores handed to item analysis are not fractions from 0 to 1, or a weight is not above 0."""


class ProgressError(NmtCourseError):
    """A practice answer could not be saved or progress could not be read (the message says why)."""


class SubmissionError(NmtCourseError):
    """Why one submission could not be graded, in words for the instructor (the batch goes on).

    Raised and caught inside the grading engine, which reports it as the
    student's ``problem``; it never stops a grading run.
    """


def _or_list(items: list[str]) -> str:
    quoted = [f'"{s}"' for s in items]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
