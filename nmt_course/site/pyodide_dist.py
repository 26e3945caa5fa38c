"""A Pyodide distribution made for the course: Pyodide's core plus exactly the wheels it needs.

The npm package ``pyodide`` holds only Pyodide's core (the WebAssembly
interpreter, its JavaScript loader and the standard library, which includes
``sqlite3``) and a lock file that names some 350 packages it does not contain.
:func:`assemble` copies the core, adds the course's wheels under
``wheels/<first 16 hex digits of sha256>/`` (so a changed wheel never meets a
stale copy in a browser's cache under the same address) and writes a
``pyodide-lock.json`` that names only those wheels, with their hashes: every
package the kernel can load is in the site, and nothing points elsewhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .requirements import SiteBuildError
from .wheels import Wheel, top_level_imports

__all__ = ["CORE_FILES", "fetch_pyodide", "read_lock", "assemble", "lock_entry"]

#: the files of the npm package the browser needs (the rest are docs, types and consoles)
CORE_FILES = ("pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")

Log = Callable[[str], None]


def fetch_pyodide(version: str, *, cache: Path, log: Log = print) -> Path:
    """The unpacked npm package ``pyodide@version`` (downloaded once with ``npm pack``, then cached)."""
    folder = cache / f"pyodide-{version}"
    if (folder / "package" / "pyodide-lock.json").is_file():
        return folder / "package"
    npm = shutil.which("npm")
    if npm is None:
        raise SiteBuildError("building the site needs npm (Node.js) to download Pyodide; install Node.js and build again")
    cache.mkdir(parents=True, exist_ok=True)
    log(f"downloading Pyodide {version} (the npm package pyodide)")
    done = subprocess.run([npm, "pack", f"pyodide@{version}", "--pack-destination", str(cache), "--silent"],
                          capture_output=True, text=True)
    tarball = cache / f"pyodide-{version}.tgz"
    if done.returncode != 0 or not tarball.is_file():
        raise SiteBuildError(f"npm could not download pyodide@{version}: {(done.stderr or done.stdout).strip()[-400:]}")
    tmp = cache / f"pyodide-{version}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tarball) as tf:
        tf.extractall(tmp, filter="data")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder / "package"


def read_lock(core: Path) -> dict:
    return json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))


def lock_entry(wheel: Wheel, file_name: str, sha256: str) -> dict:
    """One package of a Pyodide lock file (the pyodide-lock format)."""
    return {
        "name": wheel.name,
        "version": wheel.version,
        "file_name": file_name,
        "install_dir": "site",
        "sha256": sha256,
        "package_type": "package",
        "imports": top_level_imports(wheel.path),
        "depends": list(wheel.depends),
        "unvendored_tests": False,
    }


def assemble(core: Path, wheels: Mapping[str, Wheel], *, target: Path) -> dict:
    """Write the course's Pyodide into ``target``; return the lock file written there."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in CORE_FILES:
        source = core / name
        if not source.is_file():
            raise SiteBuildError(f"the Pyodide package has no {name}; is it the full npm package 'pyodide'?")
        shutil.copy2(source, target / name)
    info = read_lock(core)["info"]
    packages: dict[str, dict] = {}
    for name, wheel in sorted(wheels.items()):
        sha = wheel.sha256
        rel = f"wheels/{sha[:16]}/{wheel.path.name}"
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(wheel.path, target / rel)
        packages[name] = lock_entry(wheel, rel, sha)
    for entry in packages.values():
        missing = [d for d in entry["depends"] if d not in packages]
        if missing:
            raise SiteBuildError(f"{entry['name']} needs {', '.join(missing)}, which the site does not have")
    lock = {"info": info, "packages": packages}
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return lock
