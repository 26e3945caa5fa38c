"""``build_site``: the whole course as a static JupyterLite site.

Steps, in order: Pyodide's core from npm; the course's wheel from the
checkout; every wheel the browser needs (:mod:`.requirements`,
:mod:`.wheels`) and a lock file naming them (:mod:`.pyodide_dist`); the
notebooks and the site's own practice notebook as contents; JupyterLite's
configuration and build (:mod:`.lite`); the site's pages (:mod:`.pages`);
last, the offline worker's list of every file (:mod:`.offline`). Downloads
are cached, so a second build needs no network.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..launch import find_notebooks_dir
from .bytecode import precompile_wheels
from .course_wheel import build_course_wheel
from .lite import PROGRESS_FILE, build_config, find_extensions, page_config, run_lite_build, write_json
from .offline import add_offline_worker, site_size
from .pages import SITE_NOTEBOOKS, write_pages
from .pyodide_dist import assemble, fetch_pyodide, read_lock
from .requirements import KERNEL_ROOTS, SiteBuildError, resolve
from .wheels import fetch_wheels

__all__ = ["SiteBuild", "build_site", "default_cache_dir", "site_size"]

Log = Callable[[str], None]


@dataclass(frozen=True)
class SiteBuild:
    """What :func:`build_site` made."""

    output: Path
    size_bytes: int
    files: int
    notebooks: tuple[str, ...]
    packages: dict[str, str]  # name -> version, as the browser gets them
    seconds: float


def default_cache_dir() -> Path:
    """``$NMT_COURSE_SITE_CACHE``, else ``$XDG_CACHE_HOME/nmt-course/site`` (``~/.cache/nmt-course/site``)."""
    if os.environ.get("NMT_COURSE_SITE_CACHE"):
        return Path(os.environ["NMT_COURSE_SITE_CACHE"]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nmt-course" / "site"


def _check_replaceable(output: Path) -> None:
    """Refuse to replace a folder that is neither empty nor an earlier build of the site."""
    if not output.exists():
        return
    if not output.is_dir():
        raise SiteBuildError(f"{output} is a file: give --output a folder for the site")
    earlier = (output / "jupyter-lite.json").is_file() and (output / "nmt-course" / "kernel-status.js").is_file()
    if not earlier and any(output.iterdir()):
        raise SiteBuildError(f"{output} already holds other files; the site replaces its folder, so give --output "
                             "an empty or new folder (or an earlier build of the site)")


def _kernel_wheels(prefix: Path) -> dict[str, Path]:
    pypi = prefix / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
    found = {}
    for name, stem in (("pyodide-kernel", "pyodide_kernel"), ("ipykernel", "ipykernel"), ("piplite", "piplite")):
        wheels = sorted(pypi.glob(f"{stem}-*-py3-none-any.whl"))
        if not wheels:
            raise SiteBuildError(f"the Pyodide kernel's {name} wheel is missing from {pypi}; "
                                 "install the site's tools with: pip install 'nmt-course[site]'")
        found[name] = wheels[-1]
    return found


def _stage_contents(notebooks: Path, target: Path) -> list[str]:
    shutil.copytree(notebooks, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.sqlite*"))
    for source in SITE_NOTEBOOKS:
        shutil.copy2(source, target / source.name)
    return sorted(str(p.relative_to(target)) for p in target.rglob("*.ipynb"))


def build_site(*, output: Path, checkout: Path | None = None, cache_dir: Path | None = None,
               log: Log = print) -> SiteBuild:
    """Build the site into ``output`` (replaced if it exists) and return what was made."""
    started = time.monotonic()
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    notebooks = find_notebooks_dir(checkout / "notebooks" if checkout else None)
    checkout = checkout or notebooks.parent
    if not (checkout / "pyproject.toml").is_file() or not (checkout / "nmt_course").is_dir():
        raise SiteBuildError(f"{checkout} is not a checkout of the course: the site is built from one "
                             "(it makes the package's wheel from it)")
    cache = (cache_dir or default_cache_dir()).expanduser().resolve()
    output = output.expanduser().resolve()
    _check_replaceable(output)
    prefix = Path(sys.prefix)
    core = fetch_pyodide(PYODIDE_VERSION, cache=cache, log=log)
    lock = read_lock(core)
    python, abi = lock["info"]["python"], lock["info"]["abi_version"]
    site_packages = f"/lib/python{'.'.join(python.split('.')[:2])}/site-packages"  # where Pyodide installs them
    with tempfile.TemporaryDirectory(prefix="nmt-course-site-") as tmp:
        work = Path(tmp)
        local = _kernel_wheels(prefix)
        local["nmt-course"] = build_course_wheel(checkout, out=work / "course-wheel", log=log)
        env = {"NMT_COURSE_PROGRESS_DB": f"/drive/{PROGRESS_FILE}"}
        pins = resolve([*KERNEL_ROOTS, "nmt-course"], local=local, lock=lock["packages"], python=python)
        wheels = fetch_wheels(pins, local=local, cache=cache, abi=abi, python=python, log=log)
        wheels = precompile_wheels(wheels, core=core, cache=cache, site_packages=site_packages, log=log)
        lite = work / "lite"
        assemble(core, wheels, target=lite / "static" / "pyodide")
        staged = _stage_contents(notebooks, work / "contents")
        write_json(lite / "jupyter_lite_config.json", build_config(
            contents=work / "contents", extensions=find_extensions(prefix), output=work / "out", cache=cache / "lite"))
        write_json(lite / "jupyter-lite.json", page_config(packages=[*KERNEL_ROOTS, "nmt-course"], env=env))
        run_lite_build(lite, log=log)
        write_pages(work / "out", notebooks=staged, contents=work / "contents")
        offline = add_offline_worker(work / "out")
        log(f"the offline worker keeps {len(offline.files)} files ({offline.size_bytes / 1e6:.1f} MB) on a device")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(work / "out"), output)
    size, files = site_size(output)
    log(f"wrote the site to {output}: {size / 1e6:.1f} MB in {files} files")
    return SiteBuild(output, size, files, tuple(staged), {n: p.version for n, p in pins.items()},
                     time.monotonic() - started)
