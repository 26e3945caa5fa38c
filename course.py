#!/usr/bin/env python3
"""Set up the course in a local virtual environment and run it, or its tests.

    python3 course.py lab     # set up .venv, then start JupyterLab on the course
    python3 course.py test    # set up .venv (+ Chromium for browser tests), run every test

Needs only Python 3.10+. The virtual environment lives in ./.venv and is
reinstalled only when pyproject.toml changes. Extra arguments go to
``nmt-course lab`` or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = Path("/usr/bin/chromium")


def say(msg: str) -> None:
    print(f"[course] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def ensure_venv(*, with_tests: bool) -> None:
    if sys.version_info < (3, 10):
        sys.exit("nmt-course needs Python 3.10 or newer; you have " + sys.version.split()[0])
    if not PY.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".nmt-course-installed"
    have = stamp.read_text().split() if stamp.exists() else []
    if have and have[0] == digest and (not with_tests or "test" in have[1:]):
        return
    spec = ".[test]" if with_tests else "."
    say(f"installing the course and its dependencies ({spec}); the first time takes a few minutes")
    run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([str(PY), "-m", "pip", "install", "--quiet", "-e", spec], cwd=ROOT)
    stamp.write_text(f"{digest} {'test' if with_tests else 'base'}")


def ensure_chromium() -> None:
    """Browser tests and PNG rendering use Debian's Chromium; install it when we can."""
    if CHROMIUM.exists():
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing Chromium for the browser tests (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run([apt, "update", "-qq"], env=env)
        run([apt, "install", "-y", "-qq", "chromium"], env=env)
        return
    sys.exit(
        "The browser tests need Chromium at /usr/bin/chromium. Install it first "
        "(Debian/Ubuntu: sudo apt-get install chromium), then run this command again."
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test"}:
        print(__doc__)
        return 2
    what, rest = argv[0], argv[1:]
    env = dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))
    if what == "lab":
        ensure_venv(with_tests=False)
        return hand_over([str(BIN / "nmt-course"), "lab", *rest], env)
    ensure_venv(with_tests=True)
    ensure_chromium()
    say("running: pytest tests --nbval-lax notebooks " + " ".join(rest))
    return hand_over([str(PY), "-m", "pytest", "tests", "--nbval-lax", "notebooks", *rest], env)


def hand_over(cmd: list[str], env: dict[str, str]) -> int:
    """Become ``cmd`` (on POSIX), so that stopping this script stops it too; elsewhere, run it and wait."""
    os.chdir(ROOT)
    sys.stdout.flush()
    if os.name == "posix":
        os.execve(cmd[0], cmd, env)
    return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
