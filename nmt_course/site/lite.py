"""JupyterLite's configuration for the course, and its build.

Two files go into the JupyterLite folder before ``jupyter lite build`` runs:

- ``jupyter_lite_config.json`` (how to build): the contents folder, only the
  lab extensions the course needs (none of this environment's others, such as
  nbgrader's instructor menus), the lab, notebook and file-browser apps, no
  source maps, and ``.sqlite`` files kept as binary (base64) in the browser's
  storage;
- ``jupyter-lite.json`` (how the page behaves): the Pyodide kernel loads the
  course's packages from the site's own lock file as it starts, never falls
  back to PyPI, and keeps practice progress in ``my-progress/practice.sqlite``
  on the contents drive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from .requirements import SiteBuildError

__all__ = ["APPS", "PROGRESS_FILE", "STORAGE_NAME", "EXTENSIONS", "find_extensions", "build_config", "page_config",
           "run_lite_build", "write_json"]

#: JupyterLite apps in the site: JupyterLab, the one-notebook-per-tab interface, its file list, its text editor
APPS = ("lab", "notebooks", "tree", "edit")
#: where practice progress is kept, relative to the top of the file browser
PROGRESS_FILE = "my-progress/practice.sqlite"
#: the name of the browser storage (IndexedDB) that holds the student's files and settings
STORAGE_NAME = "nmt-course"
#: lab extensions the site needs, by npm name: the kernel, widgets, plotly figures and FigureWidget
EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager", "jupyterlab-plotly",
              "anywidget")

_KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"

Log = Callable[[str], None]


def find_extensions(prefix: Path | None = None) -> list[Path]:
    """The folders of :data:`EXTENSIONS` in this environment (``share/jupyter/labextensions``)."""
    root = Path(prefix or sys.prefix) / "share" / "jupyter" / "labextensions"
    found = []
    for name in EXTENSIONS:
        folder = root / name
        if not (folder / "package.json").is_file():
            raise SiteBuildError(f"the lab extension {name} is missing from {root}; "
                                 "install the site's tools with: pip install 'nmt-course[site]'")
        found.append(folder)
    return found


def build_config(*, contents: Path, extensions: list[Path], output: Path, cache: Path) -> dict:
    """``jupyter_lite_config.json``."""
    return {
        "LiteBuildConfig": {
            "apps": list(APPS),
            "contents": [str(contents)],
            "ignore_sys_prefix": True,
            "federated_extensions": [str(p) for p in extensions],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
            "output_dir": str(output),
            "cache_dir": str(cache),
            "extra_file_types": {
                "sqlite": {"name": "sqlite", "extensions": [".sqlite"], "mimeTypes": ["application/vnd.sqlite3"],
                           "fileFormat": "base64"},
            },
        },
    }


def page_config(*, packages: list[str], env: Mapping[str, str]) -> dict:
    """``jupyter-lite.json``: settings every page of the site reads."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "NMT course",
            "contentsStorageName": STORAGE_NAME,
            "exposeAppInBrowser": "true",
            "litePluginSettings": {
                _KERNEL_PLUGIN: {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": list(packages), "env": dict(env)},
                },
            },
        },
    }


def run_lite_build(lite_dir: Path, *, log: Log = print) -> None:
    """``jupyter lite build`` in ``lite_dir`` (which holds both configuration files)."""
    log("building the JupyterLite site")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir)],
                          cwd=lite_dir, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise SiteBuildError(f"jupyter lite build failed:\n{tail}")
    (lite_dir / "build.log").write_text(done.stdout + done.stderr, encoding="utf-8")


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as indented JSON."""
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
