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

__all__ = ["__version__", "kb", "session", "screening", "quiz", "errors"]

__version__ = "0.1.0"

_SUBMODULES = {
    "kb", "session", "screening", "errors", "knowledge", "clinical", "quiz", "grading", "analysis", "exports",
    "practice", "figures", "widgets", "launch",
}


def __getattr__(name: str) -> Any:
    # ``from nmt_course import kb`` works without importing every submodule up front.
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
