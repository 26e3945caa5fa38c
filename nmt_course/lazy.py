"""Lazy package attributes: import a submodule only when one of its names is used.

Students wait on ``import nmt_course``; packages that front heavy modules
(ipywidgets, plotly, nbgrader) expose their names through :func:`lazy_getattr`
so importing the package costs nothing until a name is touched.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds ``name`` in ``package.<names[name]>``."""

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(f"{package}.{names[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
