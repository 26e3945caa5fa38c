"""Lint and types, as CI runs them: ruff (with import sorting) and mypy, configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing_in_the_package_tests_and_benchmarks() -> None:
    done = _run(str(BIN / "ruff"), "check", "--no-cache", "nmt_course", "tests", "benchmarks", "course.py", "labextension/build.py")
    assert done.returncode == 0, f"ruff check (fix with `.venv/bin/ruff check --fix`):\n{done.stdout[-6000:]}{done.stderr[-2000:]}"


@pytest.mark.slow
def test_mypy_finds_no_type_error_in_the_package() -> None:
    done = _run(str(BIN / "mypy"), "--cache-dir", str(ROOT / ".mypy_cache"))
    assert done.returncode == 0, f"mypy (configured in pyproject.toml):\n{done.stdout[-6000:]}{done.stderr[-2000:]}"
