"""nmt-course: an open course on neuromuscular therapy, as Jupyter notebooks.

``import nmt_course`` is deliberately light: it loads no plotly, ipywidgets,
nbgrader or even the knowledge base. Import the part you need::

    from nmt_course import kb
    K = kb.load()
    K.muscle("SCM").referral.essential
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["__version__", "kb", "errors", "models"]

__version__ = "0.1.0"

_SUBMODULES = {
    "kb", "errors", "models", "matching", "integrity", "geometry", "session", "screening", "cases", "soap",
    "symptoms", "quiz", "grading", "analysis", "exports", "practice", "figures", "widgets", "tour", "launch",
}


def __getattr__(name: str) -> Any:
    # ``from nmt_course import kb`` works without importing every submodule up front.
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
