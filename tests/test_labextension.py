"""The JupyterLab extension nmt-course-quiz: the shipped build is current, and pip install enables it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

SHIPPED = ROOT / "nmt_course" / "labextension"
pytestmark = pytest.mark.slow


def test_the_shipped_build_is_what_the_source_builds() -> None:
    """CI rebuilds the extension from labextension/ (jlpm, @jupyter/builder) and compares it byte for byte."""
    done = subprocess.run([sys.executable, str(ROOT / "labextension" / "build.py"), "--check"], capture_output=True, text=True,
                          timeout=1500)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "matches its source" in done.stdout


def test_the_shipped_build_names_its_entry_point() -> None:
    meta = json.loads((SHIPPED / "package.json").read_text())
    assert meta["name"] == "nmt-course-quiz"
    load = meta["jupyterlab"]["_build"]["load"]
    assert (SHIPPED / load).is_file() and meta["jupyterlab"]["_build"]["extension"] == "./extension"


def _fresh_venv(tmp: Path) -> Path:
    """A new virtual environment that sees this one's packages (JupyterLab...) but not nmt-course itself."""
    target = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    site = next((target / "lib").glob("python*/site-packages"))
    ours = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site / "_nmt_course_deps.pth").write_text("\n".join(ours) + "\n")
    return target


@pytest.mark.parametrize("editable", [True, False], ids=["editable", "wheel"])
def test_pip_install_enables_the_extension(tmp_path: Path, editable: bool) -> None:
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", "node_modules", "test-output", "*.egg-info", "build", ".git", "__pycache__", "lib")
    shutil.copytree(ROOT, source, ignore=ignore)
    env_dir = _fresh_venv(tmp_path)
    py = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PIP_", "VIRTUAL_ENV"))}
    env.update(JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"), PYTHONWARNINGS="ignore")
    cmd = [str(py), "-m", "pip", "install", "--quiet", "--no-deps", *(["-e"] if editable else []), str(source)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    installed = env_dir / "share" / "jupyter" / "labextensions" / "nmt-course-quiz"
    assert sorted(p.name for p in (installed / "static").iterdir()) == sorted(p.name for p in (SHIPPED / "static").iterdir())
    # the fresh environment's own `jupyter labextension list` (not whichever `jupyter-labextension` is first on PATH)
    lister = "import sys; from jupyterlab.labextensions import main; sys.argv = ['jupyter-labextension', 'list']; main()"
    listing = subprocess.run([str(py), "-c", lister], capture_output=True, text=True, env=env, timeout=300)
    text = (listing.stdout + listing.stderr).replace("\x1b[32m", "").replace("\x1b[0m", "")
    line = next((line for line in text.splitlines() if "nmt-course-quiz" in line), "")
    assert "nmt-course-quiz v0.1.0 enabled OK (python, nmt-course)" in line, text
    assert str(env_dir / "share" / "jupyter" / "labextensions") in text
