"""``compile_wheel``: a wheel with a compiled ``.pyc`` beside each module (stdlib only).

This module imports nothing but the standard library because the site's build
runs it inside Pyodide (see :mod:`.bytecode`); it compiles for whichever Python
runs it.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import io
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]  # the stdlib's own pyc writer
from pathlib import Path

__all__ = ["compile_wheel"]

_EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_row(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def compile_wheel(source: str | Path, target: str | Path, *, site_packages: str) -> int:
    """Copy the wheel ``source`` to ``target`` with a compiled ``.pyc`` beside every module; return how many.

    Code objects are named after where the module will be installed
    (``site_packages``/...), as an import from source would name them.
    Modules that do not compile here (examples in another Python's syntax)
    are left as source.
    """
    tag = sys.implementation.cache_tag
    added: dict[str, bytes] = {}
    with zipfile.ZipFile(source) as zin:
        members = [(info, zin.read(info.filename)) for info in zin.infolist()]
    names = {info.filename for info, _ in members}
    for info, data in members:
        name = info.filename
        top = name.split("/", 1)[0]
        if not name.endswith(".py") or top.endswith((".dist-info", ".data")):
            continue
        folder, _, stem = name.rpartition("/")
        pyc = f"{folder + '/' if folder else ''}__pycache__/{stem[:-3]}.{tag}.pyc"
        if pyc in names:
            continue
        try:
            code = compile(data, f"{site_packages}/{name}", "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            continue
        added[pyc] = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
    record_name = next(info.filename for info, _ in members if info.filename.endswith(".dist-info/RECORD"))
    record = next(data for info, data in members if info.filename == record_name).decode()
    rows = [row for row in csv.reader(io.StringIO(record)) if row and row[0] != record_name]
    rows += [_record_row(n, d) for n, d in sorted(added.items())] + [[record_name, "", ""]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for info, data in members:
            if info.filename != record_name:
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for n, d in sorted(added.items()):
            zout.writestr(zipfile.ZipInfo(n, date_time=_EPOCH), d, compress_type=zipfile.ZIP_DEFLATED)
        zout.writestr(zipfile.ZipInfo(record_name, date_time=_EPOCH), out.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    return len(added)
