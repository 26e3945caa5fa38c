"""The site offline: a service worker that keeps every file of the site on the student's device.

JupyterLite's service worker answers its own requests (the files drive the
kernel reads, input requests) and has a cache that leaves out everything under
``api/`` (the contents index notebooks are opened from), so on its own a site
cannot open a notebook without a connection. :func:`add_offline_worker` runs
last in the build, when every file is final: it lists every file of the site
with a short hash of its content, and writes ``service-worker.js`` as the
course's worker (``static/offline-worker.js``, with that list) followed by
JupyterLite's, unchanged. The course's worker answers the site's files and
passes everything else on to JupyterLite's (``docs/site.md``, "Offline").
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from .requirements import SiteBuildError

__all__ = ["CACHE_PREFIX", "MANIFEST_KEY", "WORKER", "OfflineList", "add_offline_worker", "jupyterlite_part",
           "offline_files", "site_size"]

HERE = Path(__file__).resolve().parent
#: the service worker JupyterLite registers for the whole site
WORKER = "service-worker.js"
_TEMPLATE = HERE / "static" / "offline-worker.js"
_PLACEHOLDER = "const NMT_OFFLINE = null;"
#: where a copy keeps the list it was saved from (the site's pages look for it to tell a whole copy)
MANIFEST_KEY = "__nmt-course-offline-manifest__.json"
#: the names of the copies on a device start with this
CACHE_PREFIX = "nmt-course-offline-"
_MARK = "// nmt-course: keeps the whole course on this device"
_SEAM = "\n// JupyterLite's service worker, unchanged:\n"
#: files of a built site no page ever asks for: build tools' settings, and the workers themselves
_NOT_SERVED = {"rspack.config.js", "rspack.config.analyze.js", "rspack.config.watch.js", "package.json",
               WORKER, f"build/{WORKER}"}


@dataclass(frozen=True)
class OfflineList:
    """What the offline worker keeps: ``files`` (site path -> content hash) and the build's id."""

    build: str
    files: dict[str, str]
    size_bytes: int


def site_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def offline_files(site: Path) -> OfflineList:
    """Every file of the built site a page can ask for, with the hash of its content."""
    files: dict[str, str] = {}
    size = 0
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_symlink() or not path.is_file() or rel in _NOT_SERVED or rel.endswith(".map"):
            continue
        files[rel] = _digest(path)
        size += path.stat().st_size
    build = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return OfflineList(build, files, size)


def jupyterlite_part(worker: str, *, where: Path | str = WORKER) -> str:
    """JupyterLite's own worker: the whole of ``worker`` as JupyterLite wrote it, or the part after the course's."""
    if not worker.startswith(_MARK):
        return worker
    if _SEAM not in worker:
        raise SiteBuildError(f"{where} holds a damaged copy of the course's offline worker: build the site again")
    return worker.split(_SEAM, 1)[1]


def add_offline_worker(site: Path) -> OfflineList:
    """Put the course's offline worker, listing every file as it is now, in front of JupyterLite's worker.

    Run again after changing a built site (a school's own welcome text, say), it lists the files afresh:
    devices that saved the course then fetch only the files whose content changed.
    """
    target = site / WORKER
    if not target.is_file():
        raise SiteBuildError(f"{target} is missing: JupyterLite's build writes it, so the build did not finish")
    lite = jupyterlite_part(target.read_text(encoding="utf-8"), where=target)
    template = _TEMPLATE.read_text(encoding="utf-8")
    if _PLACEHOLDER not in template:
        raise SiteBuildError(f"{_TEMPLATE} has lost its placeholder ({_PLACEHOLDER!r})")
    listed = offline_files(site)
    made = time.strftime("%Y%m%d%H%M%S", time.gmtime())
    data = json.dumps({"build": listed.build, "made": made, "files": listed.files}, separators=(",", ":"),
                      sort_keys=True)
    ours = template.replace(_PLACEHOLDER, f"const NMT_OFFLINE = {data};", 1)
    target.write_text(ours + _SEAM + lite, encoding="utf-8")
    return listed
