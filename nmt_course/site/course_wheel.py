"""The course's own wheel for the browser: built from the checkout, with its content pre-parsed.

The wheel is built from a copy of the checkout (so the checkout gets no build
folders), then each YAML content file in it gets its JSON twin (see
:mod:`nmt_course.knowledge.files`): Pyodide has only PyYAML's pure-Python loader,
which takes seconds for the knowledge base and the question bank, while the
twins load in milliseconds, on every kernel start.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from ..knowledge.files import PARSED_SUFFIX, parsed_twin
from .requirements import SiteBuildError
from .wheels import pip

__all__ = ["build_course_wheel", "add_to_wheel", "parsed_twins", "WHEEL_INPUTS", "copy_wheel_inputs"]

# Everything a build of the package reads from a checkout: the metadata, the build shim, the package,
# and the one data file of the prebuilt JupyterLab extension that lives beside its source.
# A build from a copy of the checkout (this wheel, the class hub's test environment) copies these.
WHEEL_INPUTS = ("pyproject.toml", "README.md", "setup.py", "labextension/install.json", "nmt_course")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", f"*{PARSED_SUFFIX}")

Log = Callable[[str], None]


def build_course_wheel(checkout: Path, *, out: Path, log: Log = print) -> Path:
    """Build ``nmt_course-<version>-py3-none-any.whl`` from ``checkout`` into ``out``, twins included."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("nmt_course-*.whl"):
        old.unlink()
    log("building the nmt-course wheel from this checkout")
    with tempfile.TemporaryDirectory(prefix="nmt-course-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        copy_wheel_inputs(checkout, src)
        pip(["wheel", "--quiet", "--no-deps", "-w", str(out), str(src)], what="the build tools for the course's wheel")
    wheels = sorted(out.glob("nmt_course-*.whl"))
    if not wheels:
        raise SiteBuildError("building the course's wheel made no file")
    wheel = wheels[-1]
    add_to_wheel(wheel, parsed_twins(wheel))
    return wheel


def copy_wheel_inputs(checkout: Path, target: Path) -> None:
    """Copy what a build of the package reads (:data:`WHEEL_INPUTS`) from ``checkout`` into ``target``."""
    for name in WHEEL_INPUTS:
        source, dest = checkout / name, target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, dest, ignore=_SKIP)
        else:
            shutil.copy2(source, dest)


def parsed_twins(wheel: Path) -> dict[str, bytes]:
    """A JSON twin for every YAML file of the wheel whose content JSON can hold exactly."""
    twins: dict[str, bytes] = {}
    with zipfile.ZipFile(wheel) as zf, tempfile.TemporaryDirectory(prefix="nmt-course-yaml-") as tmp:
        for name in zf.namelist():
            if not name.endswith(".yaml"):
                continue
            copy = Path(tmp) / Path(name).name
            copy.write_bytes(zf.read(name))
            twin = parsed_twin(copy)
            if twin is not None:
                twins[name + PARSED_SUFFIX] = twin.encode("utf-8")
    return twins


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def add_to_wheel(wheel: Path, files: Mapping[str, bytes]) -> None:
    """Add ``files`` (archive name -> content) to a wheel, listing each in its RECORD."""
    if not files:
        return
    with zipfile.ZipFile(wheel) as zf:
        entries = [(info, zf.read(info.filename)) for info in zf.infolist()]
    record_name = next(info.filename for info, _ in entries if info.filename.endswith(".dist-info/RECORD"))
    kept = [(info, data) for info, data in entries if info.filename != record_name and info.filename not in files]
    rows = [row for row in csv.reader(io.StringIO(dict((i.filename, d) for i, d in entries)[record_name].decode()))
            if row and row[0] not in files and row[0] != record_name]
    rows += [_record_line(name, data) for name, data in sorted(files.items())]
    rows.append([record_name, "", ""])
    record = io.StringIO()
    csv.writer(record, lineterminator="\n").writerows(rows)
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info, data in kept:
            zf.writestr(info, data)
        for name, data in sorted(files.items()):
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo(record_name, date_time=(1980, 1, 1, 0, 0, 0)), record.getvalue(),
                    compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(wheel)
