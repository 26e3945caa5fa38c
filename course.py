#!/usr/bin/env python3
"""Set up the course in a local virtual environment and run it, or its tests.

    python3 course.py lab     # set up .venv, then start JupyterLab on the course
    python3 course.py test    # set up .venv (+ Chromium, PostgreSQL for the tests), run every test

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


def _missing_debian_packages() -> list[str]:
    """What the tests need from Debian that this machine lacks.

    Chromium for the browser tests and PNG rendering; PostgreSQL's server
    programs for the gradebook-on-PostgreSQL and class-hub tests, which start
    their own throwaway server; the system Python's venv module, from which the
    hub test builds the environment the student accounts run.
    """
    import glob

    missing = []
    if not CHROMIUM.exists():
        missing.append("chromium")
    if not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"):
        missing.append("postgresql")
    if Path("/usr/bin/python3").exists() and subprocess.run(["/usr/bin/python3", "-c", "import ensurepip, venv"], capture_output=True).returncode != 0:
        missing.append("python3-venv")
    return missing


def ensure_debian_packages() -> None:
    """Install what :func:`_missing_debian_packages` names, when we can (apt-get, as root)."""
    missing = _missing_debian_packages()
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say(f"installing {', '.join(missing)} for the tests (apt-get)")
        if "postgresql" in missing:
            # the tests start their own servers: no system-wide cluster is created or started
            conf = Path("/etc/postgresql-common/createcluster.d")
            conf.mkdir(parents=True, exist_ok=True)
            (conf / "nmt-course-no-main-cluster.conf").write_text("create_main_cluster = false\n")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run([apt, "update", "-qq"], env=env)
        run([apt, "install", "-y", "-qq", *missing], env=env)
        return
    sys.exit(
        f"The tests need these Debian packages: {', '.join(missing)}. Install them first "
        f"(Debian/Ubuntu: sudo apt-get install {' '.join(missing)}), then run this command again."
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
    ensure_debian_packages()
    # files or folders named (tests/quiz, notebooks/02-x.ipynb, tests/a.py::test_b): run those only
    named = any(not a.startswith("-") and (ROOT / a.split("::")[0]).exists() for a in rest)
    where = [] if named else ["tests", "notebooks"]
    say("running: pytest --nbval-lax " + " ".join([*where, *rest]))
    return hand_over([str(PY), "-m", "pytest", "--nbval-lax", *where, *rest], env)


def hand_over(cmd: list[str], env: dict[str, str]) -> int:
    """Become ``cmd`` (on POSIX), so that stopping this script stops it too; elsewhere, run it and wait."""
    os.chdir(ROOT)
    sys.stdout.flush()
    if os.name == "posix":
        os.execve(cmd[0], cmd, env)
    return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
