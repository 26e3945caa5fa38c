"""The Python environment a class hub runs, built as deploy/hub/README.md says: from the system Python.

The hub, the course service and every student's server run this
environment's programs as their own accounts, so it must not live under
/root and must be readable by everyone. It is a plain (non-editable)
install of this checkout with the ``hub`` and ``postgres`` extras, built in
``/var/cache/nmt-course-tests/hub-env-<key>``, where the key is a digest of
everything the install depends on (the system Python's version, the
package's files, ``pyproject.toml``). A later run with the same inputs reuses
it; a new key builds a new one next to it (old ones are removed after a few
days). Builds by concurrent runs are serialised with a lock file.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from nmt_course.site.course_wheel import WHEEL_INPUTS

__all__ = ["HubEnvironment", "hub_environment", "SYSTEM_PYTHON", "CACHE"]

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")
CACHE = Path("/var/cache/nmt-course-tests")
EXTRAS = "hub,postgres"
KEEP_DAYS = 3
# what the package install reads (pyproject's readme, its package data and code); the readme is only
# the package's description, so a changed README alone does not call for a new environment
INPUTS = WHEEL_INPUTS
UNKEYED = ("README.md",)


@dataclass(frozen=True)
class HubEnvironment:
    path: Path
    build_seconds: float  # 0 when it came from the cache

    @property
    def bin(self) -> Path:
        return self.path / "bin"


def _inputs() -> list[Path]:
    files: list[Path] = []
    for name in INPUTS:
        item = ROOT / name
        files += [item] if item.is_file() else sorted(p for p in item.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files


def _key() -> str:
    digest = hashlib.sha256()
    version = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True).stdout
    digest.update(f"{version}|{EXTRAS}\n".encode())
    for path in _inputs():
        if path.name in UNKEYED and path.parent == ROOT:
            continue
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def hub_environment() -> HubEnvironment:
    """The environment for this checkout, built now if no cached copy matches."""
    if not SYSTEM_PYTHON.exists():
        raise RuntimeError(f"the hub test builds its environment from the system Python, and there is no {SYSTEM_PYTHON}")
    CACHE.mkdir(parents=True, exist_ok=True)
    os.chmod(CACHE, 0o755)
    target = CACHE / f"hub-env-{_key()}"
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run building the same environment: wait for it
        if (target / ".complete").exists():
            os.utime(target / ".complete")
            return HubEnvironment(target, 0.0)
        started = time.monotonic()
        _build(target)
        _forget_old(keep=target)
        return HubEnvironment(target, time.monotonic() - started)


def _build(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix="nmt-hub-src-"))
    try:
        for path in _inputs():  # a copy of the sources, so the build leaves nothing in the checkout
            dest = staging / path.relative_to(ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
        subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", str(target)], check=True, capture_output=True)
        pip = [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        done = subprocess.run([*pip, f"{staging}[{EXTRAS}]"], capture_output=True, text=True, cwd=staging)
        if done.returncode != 0:
            raise RuntimeError(f"building the hub's environment failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)
        (target / ".complete").write_text(f"built by {sys.executable} for {ROOT}\n")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _forget_old(*, keep: Path) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for old in CACHE.glob("hub-env-*"):
        stamp = old / ".complete"
        if old != keep and (not stamp.exists() or stamp.stat().st_mtime < cutoff):
            shutil.rmtree(old, ignore_errors=True)
