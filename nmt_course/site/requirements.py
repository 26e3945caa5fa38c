"""Which Python packages the browser's Python needs, at which versions.

The site runs what the lab runs: every package takes the version installed in
the environment that builds the site (so the front-end extensions copied from
that environment match their Python side), except the kernel's own wheels,
which come with ``jupyterlite-pyodide-kernel``, and packages only Pyodide has
(``micropip``), which take the version of Pyodide's lock file.

Dependencies are read from each package's metadata and evaluated for Pyodide
(``sys_platform == "emscripten"``, Python 3.14), so ``pexpect`` and ``psutil``
drop out by their own markers. Packages that are only needed outside the
browser are left out by name (:data:`NOT_IN_BROWSER`).
"""

from __future__ import annotations

import importlib.metadata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..errors import NmtCourseError

__all__ = ["KERNEL_ROOTS", "NOT_IN_BROWSER", "Pin", "SiteBuildError", "pyodide_markers", "resolve", "wheel_metadata"]


class SiteBuildError(NmtCourseError):
    """The site could not be built (the message says what is missing and what to do)."""


#: what the Pyodide kernel imports or installs as it starts (jupyterlite-pyodide-kernel's worker)
KERNEL_ROOTS = ("micropip", "piplite", "pyodide-kernel", "ipykernel", "comm", "ipython", "jedi")

#: needed by the package outside the browser only; each is left out of the site on purpose
NOT_IN_BROWSER = {
    "jupyterlab": "the site is JupyterLite, which brings its own front end",
    "voila": "a server for the apps; the site shows the apps as notebooks",
    "nbgrader": "graded quizzes are not part of the site",
    "nbformat": "used by the grader only; it does not load in Pyodide",
    "nbconvert": "used by the grader only",
    "sqlalchemy": "nbgrader's gradebook, not part of the site",
    "fastjsonschema": "used by the grader only",
    "jupyterlab-widgets": "ipywidgets' front end, which the site has as a lab extension",
    "widgetsnbextension": "the classic notebook's widget front end, not used by JupyterLite",
}


def pyodide_markers(python: str) -> dict[str, str]:
    """PEP 508 marker values of Pyodide's Python (``python`` is its full version, e.g. 3.14.2)."""
    short = ".".join(python.split(".")[:2])
    return {
        "sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
        "os_name": "posix", "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "python_version": short, "python_full_version": python, "platform_release": "", "platform_version": "",
        "implementation_version": python, "extra": "",
    }


@dataclass(frozen=True)
class Pin:
    """One package for the browser: its version, where that came from, and what it needs there."""

    name: str
    version: str
    origin: str  # "local wheel", "environment" or "pyodide lock"
    depends: tuple[str, ...]


def wheel_metadata(wheel: Path) -> tuple[str, str, list[str]]:
    """(name, version, Requires-Dist lines) read from a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next((n for n in zf.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1), None)
        if meta_name is None:
            raise SiteBuildError(f"{wheel.name} is not a wheel (it has no METADATA)")
        msg = Parser().parsestr(zf.read(meta_name).decode("utf-8"))
    return canonicalize_name(msg["Name"]), str(msg["Version"]), list(msg.get_all("Requires-Dist") or [])


def _needs(lines: list[str], markers: Mapping[str, str]) -> list[tuple[str, Requirement | None]]:
    out: list[tuple[str, Requirement | None]] = []
    for line in lines:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate(dict(markers)):
            continue
        name = str(canonicalize_name(req.name))
        if name not in NOT_IN_BROWSER:
            out.append((name, req))
    return out


def resolve(roots: list[str], *, local: Mapping[str, Path], lock: Mapping[str, dict], python: str) -> dict[str, Pin]:
    """Every package the ``roots`` need in the browser, with its version and dependencies.

    ``local`` maps names to wheels on disk (the course's own, the kernel's);
    ``lock`` is the ``packages`` table of Pyodide's lock file. A required
    version that the chosen one does not satisfy stops the build with a
    message naming both.
    """
    markers = pyodide_markers(python)
    local_meta = {name: wheel_metadata(path) for name, path in local.items()}
    pins: dict[str, Pin] = {}
    wanted: list[tuple[str, Requirement | None, str]] = [(canonicalize_name(r), None, "the site") for r in roots]
    while wanted:
        name, req, owner = wanted.pop(0)
        if name not in pins:
            pins[name] = _pin(name, local_meta, lock, markers)
            wanted.extend((dep, dep_req, name) for dep, dep_req in _requirements(pins[name], local_meta, lock, markers))
        if req is not None and req.specifier and not req.specifier.contains(pins[name].version, prereleases=True):
            raise SiteBuildError(
                f"{owner} needs {req}, but the site would get {name} {pins[name].version} ({pins[name].origin}); "
                f"install a matching {name} in this environment and build again")
    return dict(sorted(pins.items()))


def _pin(name: str, local_meta: Mapping[str, tuple[str, str, list[str]]], lock: Mapping[str, dict],
         markers: Mapping[str, str]) -> Pin:
    if name in local_meta:
        _, version, lines = local_meta[name]
        return Pin(name, version, "local wheel", tuple(sorted({d for d, _ in _needs(lines, markers)})))
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        entry = lock.get(name)
        if entry is None:
            raise SiteBuildError(
                f"the site needs the Python package {name}, which is neither installed here nor part of Pyodide; "
                f"install it (pip install {name}) and build again") from None
        deps = tuple(sorted(canonicalize_name(d) for d in entry.get("depends", [])))
        return Pin(name, str(entry["version"]), "pyodide lock", deps)
    lines = importlib.metadata.requires(name) or []
    return Pin(name, version, "environment", tuple(sorted({d for d, _ in _needs(lines, markers)})))


def _requirements(pin: Pin, local_meta: Mapping[str, tuple[str, str, list[str]]], lock: Mapping[str, dict],
                  markers: Mapping[str, str]) -> list[tuple[str, Requirement | None]]:
    if pin.origin == "local wheel":
        return _needs(local_meta[pin.name][2], markers)
    if pin.origin == "environment":
        return _needs(importlib.metadata.requires(pin.name) or [], markers)
    return [(dep, None) for dep in pin.depends]
