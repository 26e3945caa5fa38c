"""Every module says what it exports: ``__all__`` lists real, unique names, and every public definition."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import nmt_course

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(nmt_course.__path__, prefix="nmt_course.") if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_real_unique_names_and_every_public_definition(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, (list, tuple)), f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ lists a name twice"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names what the module does not have: {missing}"
    if module.__name__ != name:
        return  # a contract alias (nmt_course.kb is nmt_course.knowledge): checked under its own name
    defined = [
        n for n, obj in vars(module).items()
        if not n.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name
    ]
    unlisted = sorted(set(defined) - set(exported))
    assert not unlisted, f"{name} defines public names missing from __all__: {unlisted} (list them, or make them private)"


def test_every_module_is_checked() -> None:
    assert len(MODULES) > 80 and "nmt_course.knowledge.base" in MODULES and "nmt_course.clinical.screening.screen" in MODULES
