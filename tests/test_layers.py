"""Module boundaries: the package and its domain layer stay light to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

HEAVY = ("plotly", "ipywidgets", "nbgrader", "IPython", "nbformat", "click", "traitlets")


def _imported_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(','.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return {name.split(".")[0] for name in out.strip().split(",")}


@pytest.mark.parametrize(
    "statement",
    [
        "import nmt_course",  # what a notebook's first cell does
        "from nmt_course import kb; kb.load()",  # the knowledge base is pure domain
        "from nmt_course import session, screening; from nmt_course.clinical import cases, soap",  # clinical reasoning
        "from nmt_course.knowledge import symptoms",  # symptom search
        "from nmt_course import quiz; quiz.load_bank()",  # bank, scoring, selection
    ],
)
def test_domain_imports_no_front_end(statement: str) -> None:
    loaded = _imported_after(statement)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_import_nmt_course_loads_no_submodules() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, nmt_course; print(sorted(m for m in sys.modules if m.startswith('nmt_course')))"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout
    assert loaded.strip() == "['nmt_course']"
