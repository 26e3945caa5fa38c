"""What grading reports: one :class:`StudentResult` per student, a :class:`GradingSummary` per run.

Plain values (no nbgrader, no database), so they cross process boundaries
(a worker sends its results down a pipe) and the CLI and tests read them
without importing the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["StudentResult", "GradingSummary"]


@dataclass(frozen=True)
class StudentResult:
    """One student's outcome: graded (``ok``, with the score) or not, with the reason in ``problem``."""

    student: str
    ok: bool
    score: float | None = None
    max_score: float | None = None
    problem: str = ""
    notes: tuple[str, ...] = ()  # what grading noticed and put right (edited locked cells, lateness)
    invalid: tuple[tuple[str, str], ...] = ()  # (answer variable, why) for each answer that was not a valid answer
    seconds: float = field(default=0.0, compare=False)  # how long grading this student took


@dataclass
class GradingSummary:
    """Every student's result for one assignment, in roster order."""

    assignment: str
    results: list[StudentResult] = field(default_factory=list)

    @property
    def failed(self) -> list[StudentResult]:
        return [r for r in self.results if not r.ok]
