"""Field types and the base model shared by every content file.

The knowledge base (:mod:`.models`), the case studies
(:mod:`nmt_course.clinical.cases`) and the question bank
(:mod:`nmt_course.quiz.models`) all validate with these, so an id or a piece
of text means the same thing everywhere and an unknown field is rejected the
same way.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = ["ID_PATTERN", "Id", "Text", "Strict"]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A stable kebab-case id: lower-case words joined by hyphens (``upper-trapezius``)."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""Text that is not blank (surrounding spaces are stripped)."""


class Strict(BaseModel):
    """Base for every content model: no unknown fields, frozen after load."""

    model_config = ConfigDict(extra="forbid", frozen=True)
