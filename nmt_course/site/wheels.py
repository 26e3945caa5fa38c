"""Wheels Pyodide can load, fetched from PyPI (with pip) into a cache and reused.

- Pure-Python packages: their ``py3-none-any`` wheel from PyPI.
- ``pydantic-core``: its WebAssembly wheel for Pyodide's ABI
  (``pyemscripten_<abi>_wasm32``), also from PyPI.
- ``pyyaml``: PyPI has no WebAssembly wheel, but PyYAML is also a pure-Python
  package when built without libyaml (``PYYAML_FORCE_LIBYAML=0``), so that is
  built from its source release; the course reads YAML with the pure loader
  when the C one is missing.
- The course itself (built from the checkout) and the kernel's own wheels are
  local files, copied as they are.

Downloads are kept in ``cache/wheels`` and found again by name and version, so
a second build asks PyPI nothing.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name, parse_wheel_filename

from .requirements import Pin, SiteBuildError

__all__ = ["pip", "Wheel", "COMPILED", "PURE_BUILD", "fetch_wheels", "top_level_imports"]

#: compiled packages that publish WebAssembly wheels for Pyodide on PyPI
COMPILED = {"pydantic-core"}
#: compiled on PyPI, pure Python when built from source without the C library
PURE_BUILD = {"pyyaml": {"PYYAML_FORCE_LIBYAML": "0"}}

Log = Callable[[str], None]


@dataclass(frozen=True)
class Wheel:
    name: str
    version: str
    path: Path
    depends: tuple[str, ...]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def _find(folder: Path, name: str, version: str) -> Path | None:
    for path in sorted(folder.glob("*.whl")):
        try:
            wname, wversion, _, _ = parse_wheel_filename(path.name)
        except ValueError:
            continue
        if canonicalize_name(wname) == name and str(wversion) == version:
            return path
    return None


def pip(args: list[str], *, env: Mapping[str, str] | None = None, what: str) -> None:
    """Run pip in this environment; on failure, stop the build saying ``what`` could not be had."""
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-6:])
        raise SiteBuildError(f"pip could not get {what}:\n{tail}")


def fetch_wheels(pins: Mapping[str, Pin], *, local: Mapping[str, Path], cache: Path, abi: str, python: str,
                 log: Log = print) -> dict[str, Wheel]:
    """A wheel for every pin: local files as they are, the rest from the cache or PyPI."""
    folder = cache / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    short = "".join(python.split(".")[:2])
    found: dict[str, Path] = {name: local[name] for name in pins if name in local}
    for name, pin in pins.items():
        if name not in found and (path := _find(folder, name, pin.version)):
            found[name] = path
    missing = [pin for name, pin in pins.items() if name not in found]
    pure = [f"{p.name}=={p.version}" for p in missing if p.name not in COMPILED and p.name not in PURE_BUILD]
    if pure:
        log(f"downloading {len(pure)} pure-Python wheels from PyPI")
        pip(["download", "--quiet", "--no-deps", "--only-binary=:all:", "--platform", "any", "--implementation", "py",
              "--python-version", python, "--abi", "none", "-d", str(folder), *pure], what=", ".join(pure) + " from PyPI")
    for pin in missing:
        if pin.name in COMPILED:
            log(f"downloading {pin.name} {pin.version} for WebAssembly (pyemscripten_{abi}_wasm32) from PyPI")
            pip(["download", "--quiet", "--no-deps", "--only-binary=:all:", "--platform", f"pyemscripten_{abi}_wasm32",
                  "--platform", f"pyodide_{abi}_wasm32", "--implementation", "cp", "--abi", f"cp{short}",
                  "--python-version", python, "-d", str(folder), f"{pin.name}=={pin.version}"],
                 what=f"{pin.name} {pin.version} for Pyodide (a WebAssembly wheel) from PyPI")
        elif pin.name in PURE_BUILD:
            log(f"building {pin.name} {pin.version} as pure Python from its source release")
            pip(["wheel", "--quiet", "--no-deps", "--no-binary", pin.name, "-w", str(folder), f"{pin.name}=={pin.version}"],
                 env=PURE_BUILD[pin.name], what=f"the source of {pin.name} {pin.version} from PyPI")
    wheels: dict[str, Wheel] = {}
    for name, pin in pins.items():
        path = found.get(name) or _find(folder, name, pin.version)
        if path is None:
            raise SiteBuildError(f"no wheel of {name} {pin.version} was found after downloading it")
        _check_loads_in_pyodide(path, abi=abi)
        wheels[name] = Wheel(name, pin.version, path, pin.depends)
    return wheels


def _check_loads_in_pyodide(path: Path, *, abi: str) -> None:
    _, _, _, tags = parse_wheel_filename(path.name)
    ok = {f"pyemscripten_{abi}_wasm32", f"pyodide_{abi}_wasm32", "any"}
    if not any(tag.platform in ok for tag in tags):
        raise SiteBuildError(f"{path.name} is built for {sorted({t.platform for t in tags})}, which Pyodide cannot load")


def top_level_imports(path: Path) -> list[str]:
    """The importable top-level names a wheel installs (for the lock file's ``imports``)."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        top = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
        if top is not None:
            listed = [line.strip() for line in zf.read(top).decode().splitlines() if line.strip()]
            if listed:
                return sorted(set(listed))
    found = set()
    for name in names:
        first, _, rest = name.partition("/")
        if first.endswith((".dist-info", ".data")):
            continue
        if rest == "__init__.py" or (not rest and first.endswith(".py")):
            found.add(first.removesuffix(".py"))
    return sorted(found)
