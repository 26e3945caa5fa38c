"""The state a quiz build passes from step to step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["BuildContext", "key_spec", "variable_name"]


def variable_name(position: int, total: int) -> str:
    """``q01``... (two digits, or three for quizzes of 100 or more)."""
    width = 3 if total >= 100 else 2
    return f"q{position:0{width}d}"


def key_spec(question: Any) -> dict[str, Any]:
    """What the answer key keeps of a question: everything the scorer and the feedback need (not the kb links)."""
    return question.model_dump(mode="json", exclude={"kb"})


@dataclass
class BuildContext:
    name: str
    title: str
    questions: list[Any]
    seed: int
    notes: list[str] = field(default_factory=list)

    @property
    def variables(self) -> dict[str, Any]:
        """Answer variable -> question, in quiz order."""
        total = len(self.questions)
        return {variable_name(i + 1, total): q for i, q in enumerate(self.questions)}

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)

    def version_of(self, variable: str) -> str:
        """The version a test cell names: the digest of its question's key."""
        from ..keys import question_version

        return question_version(key_spec(self.variables[variable]))
