"""Wheels with their bytecode compiled in advance, by Pyodide's own Python.

Pyodide imports packages from their source: every kernel start compiles each
imported module again (measured: more than half of the time from the start of
Python to the first body map went into ``compile``). Pyodide's own packages
ship compiled; PyPI's do not. So the build opens each wheel in the very
Python the browser runs (Pyodide, in Node.js, from the npm package already
downloaded) and adds ``__pycache__/<module>.cpython-314.pyc`` beside each
module. The files are *unchecked hash-based* pycs (PEP 552), so Python uses
them without comparing timestamps, which the browser's unpacking does not
keep. The sources stay, so tracebacks and ``inspect`` still show code.

The compiling itself is :func:`.pyc.compile_wheel`, plain Python that
compiles for whichever interpreter runs it (the tests run it here, the build
runs it in Pyodide).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from .requirements import SiteBuildError
from .wheels import Wheel

__all__ = ["precompile_wheels"]

Log = Callable[[str], None]
_PYC_MODULE = Path(__file__).with_name("pyc.py")


# Node.js runs this: start Pyodide, define compile_wheel from pyc.py, compile every job.
_NODE_SCRIPT = r"""
const [core, moduleFile, jobsFile] = process.argv.slice(1);
const fs = await import("node:fs");
const { loadPyodide } = await import(core + "/pyodide.mjs");
const py = await loadPyodide({ indexURL: core + "/" });
py.FS.mkdirTree("/jobs");
py.runPython(fs.readFileSync(moduleFile, "utf8"));
const jobs = JSON.parse(fs.readFileSync(jobsFile, "utf8"));
const done = {};
for (const [i, job] of jobs.entries()) {
  py.FS.writeFile(`/jobs/${i}.whl`, fs.readFileSync(job.source));
  done[job.target] = py.globals.get("compile_wheel").callKwargs(`/jobs/${i}.whl`, `/jobs/${i}-out.whl`,
    { site_packages: job.site_packages });
  fs.writeFileSync(job.target, py.FS.readFile(`/jobs/${i}-out.whl`));
  py.FS.unlink(`/jobs/${i}.whl`);
  py.FS.unlink(`/jobs/${i}-out.whl`);
}
console.log(JSON.stringify(done));
"""


def precompile_wheels(wheels: Mapping[str, Wheel], *, core: Path, cache: Path, site_packages: str,
                      log: Log = print) -> dict[str, Wheel]:
    """The same wheels with bytecode added (by Pyodide in Node.js), cached by the source wheel's hash."""
    folder = cache / "compiled" / core.parent.name
    out: dict[str, Wheel] = {}
    jobs = []
    for name, wheel in wheels.items():
        target = folder / wheel.sha256[:16] / wheel.path.name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            jobs.append({"source": str(wheel.path), "target": str(target), "site_packages": site_packages})
        out[name] = replace(wheel, path=target)
    if jobs:
        node = shutil.which("node")
        if node is None:
            raise SiteBuildError("building the site needs Node.js (node) to compile the packages for the browser")
        log(f"compiling {len(jobs)} wheels to bytecode with Pyodide's Python (Node.js)")
        with tempfile.TemporaryDirectory(prefix="nmt-course-pyc-") as tmp:
            jobs_file = Path(tmp) / "jobs.json"
            partial = [{**job, "target": str(Path(tmp) / f"{i}.whl")} for i, job in enumerate(jobs)]
            jobs_file.write_text(json.dumps(partial), encoding="utf-8")
            done = subprocess.run([node, "--input-type=module", "-e", _NODE_SCRIPT, str(core), str(_PYC_MODULE), str(jobs_file)],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise SiteBuildError("compiling the packages with Pyodide failed:\n" + done.stderr.strip()[-1500:])
            for job, tmp_job in zip(jobs, partial, strict=True):
                shutil.move(tmp_job["target"], job["target"])
    return out
