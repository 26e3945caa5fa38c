"""The answer key of a quiz being built: what goes to ``answer-keys/<name>.json``, not into the notebook.

One entry per answer variable: the question's number, its bank id, where it
came from (``shipped`` or a private bank folder) and the whole question (its
key, option feedback and explanation), which :mod:`nmt_course.quiz.keys`
versions and writes. Written questions have no automatic key but are listed,
so item analysis can name them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..keys import key_record
from .context import BuildContext, key_spec

__all__ = ["answer_key"]


def answer_key(
    questions: Sequence[Any],
    *,
    name: str,
    reveal_answers: bool = True,
    origin: Mapping[str, str] | None = None,
    retired: Mapping[str, Any] | None = None,
    title: str = "",
) -> dict[str, Any]:
    """The key record of a quiz of ``questions`` (in quiz order) named ``name``."""
    ctx = BuildContext(name=name, title=name, questions=list(questions), seed=0)
    origin = origin or {}
    entries = {
        var: {"number": n, "id": q.id, "bank": origin.get(q.id, "shipped"), "question": key_spec(q)}
        for n, (var, q) in enumerate(ctx.variables.items(), start=1)
    }
    return key_record(name, entries, reveal_answers=reveal_answers, retired=dict(retired or {}), title=title)
