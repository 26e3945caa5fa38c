"""The browser site: cold and warm start to the first body map drawn, and the site's size.

    python benchmarks/bench_site.py               # builds the site (cached downloads), 3 runs each
    python benchmarks/bench_site.py --site DIR --runs 5

Serves the site on 127.0.0.1 and opens the trigger point chapter (03) in
Debian's Chromium, with every request to another host refused:

- cold: a fresh browser profile (empty cache and storage), as a student's
  first visit: from opening the page, through Python starting, to Run All
  drawing the first body map;
- warm: the same profile opening the chapter again, the same measurement.
  Between the two, the cold page stays open until the site's offline worker
  says the whole course is saved on the device (as it does for a student who
  reads for a minute); that wait is printed, not counted;
- later: the same profile a third time (Chromium can keep Python's compiled
  WebAssembly beside a copy it was answered from; a trace showed it reused
  on a fourth visit, so this start shows whether that gains anything).

Prints the medians side by side with their targets (cold < 45 s, warm
< 10 s, later: the warm target; size < 150 MB), the time to "Python is ready"
in each, and what each start downloaded from the server.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CHAPTER = "03-trigger-points-and-referred-pain.ipynb"
TARGETS = {"cold": 45.0, "warm": 10.0, "later": 10.0}


SENT = [0]  # bytes the server has sent


class _Files(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # count what a start downloads
        data = source.read()
        SENT[0] += len(data)
        outputfile.write(data)


class _Refuse(socketserver.StreamRequestHandler):
    """The proxy Chromium must use for every other host: it records the host and answers 403.

    (Blocking with Playwright's request routing instead would turn off the browser's cache, and so the
    warm start.)
    """

    def handle(self) -> None:
        line = self.rfile.readline(8192).decode("latin-1").split()
        while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
            pass
        if len(line) >= 2:
            REFUSED.append(line[1])
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


REFUSED: list[str] = []


def one_start(context, base: str, *, until_saved: bool = False) -> tuple[float, float, int, float | None]:
    """Seconds to Python ready and to the first body map drawn, bytes sent by then, and the seconds from then
    to "saved on this device" (if asked)."""
    page = context.new_page()
    started = time.monotonic()
    page.goto(f"{base}/lab/index.html?path={CHAPTER}")
    page.wait_for_selector("#nmt-kernel-status.nmt-kernel-status--ready", state="attached", timeout=600_000)
    ready = time.monotonic() - started
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        """() => { const w = window.jupyterapp.shell.currentWidget; const cells = w.content.model.cells;
                   for (let i = 0; i < cells.length; i++) {
                     if (!cells.get(i).sharedModel.source.includes('body_map(muscles=["upper-trapezius"]')) continue;
                     const n = w.content.widgets[i]; w.content.scrollToItem(i, 'start');
                     return !!(n && n.node.querySelector('.js-plotly-plot .scatterlayer .trace')); }
                   return false; }""", timeout=600_000, polling=200)
    drawn = time.monotonic() - started
    sent = SENT[0]
    saved = None
    if until_saved:
        page.wait_for_selector("#nmt-offline-status.nmt-kernel-status--ready", state="attached", timeout=600_000)
        saved = time.monotonic() - started - drawn
    page.close()
    return ready, drawn, sent, saved


def without_offline_worker(site: Path, folder: Path) -> Path:
    """A copy of ``site`` whose service worker is JupyterLite's alone (the site as it was before the offline worker)."""
    from nmt_course.site.offline import WORKER, jupyterlite_part

    shutil.copytree(site, folder)
    (folder / WORKER).write_text(jupyterlite_part((folder / WORKER).read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Files, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=None, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=3, help="cold, warm and later starts to measure (default 3 each)")
    parser.add_argument("--without-offline-too", action="store_true",
                        help="alternate each run with the same site under JupyterLite's worker alone, and compare")
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="bench-site-")
    site = args.site
    if site is None:
        from nmt_course.site import build_site

        site = build_site(output=Path(tmp.name) / "site", log=lambda msg: print(f"  [build] {msg}")).output
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    variants = {"offline worker": site}
    if args.without_offline_too:
        variants["JupyterLite's worker only"] = without_offline_worker(site, Path(tmp.name) / "lite-only")
    served = {name: serve_folder(folder) for name, folder in variants.items()}
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, list[tuple[float, float]]]] = {name: {kind: [] for kind in TARGETS} for name in variants}
    proxy = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Refuse)
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=[*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{proxy.server_address[1]}"])
        for run in range(args.runs):
            for name, (_server, base) in served.items():
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                for kind in TARGETS:
                    before = SENT[0]
                    wait = kind == "cold" and name == "offline worker"
                    ready, drawn, sent, saved = one_start(context, base, until_saved=wait)
                    results[name][kind].append((ready, drawn))
                    print(f"  run {run + 1} {name:26} {kind:5}: Python ready {ready:5.1f} s, first body map "
                          f"{drawn:5.1f} s, downloaded {(sent - before) / 1e6:5.1f} MB"
                          + (f"; whole course saved on the device {saved:.1f} s later ({(SENT[0] - sent) / 1e6:.1f} "
                             "MB more)" if saved is not None else ""), flush=True)
                context.close()
        browser.close()
    for server, _base in served.values():
        server.shutdown()
    proxy.shutdown()
    print(f"\nsite: {site} ({size:.1f} MB; target < 150 MB)  refused requests to other hosts "
          f"(Chromium's own services included): {sorted(set(REFUSED))}")
    print(f"{'site':26} {'start':6} {'Python ready':>13} {'first body map':>15} {'target':>8} {'map/target':>11}"
          f"   (medians of {args.runs})")
    medians = {}
    for name, kinds in results.items():
        for kind, rows in kinds.items():
            ready = statistics.median(r for r, _ in rows)
            drawn = medians[name, kind] = statistics.median(d for _, d in rows)
            print(f"{name:26} {kind:6} {ready:11.1f} s {drawn:13.1f} s {TARGETS[kind]:6.0f} s "
                  f"{drawn / TARGETS[kind]:10.2f}x")
    cold, warm, later = (medians["offline worker", k] for k in TARGETS)
    print(f"offline worker: warm is {cold / warm:.1f}x faster than cold, later {cold / later:.1f}x")
    if args.without_offline_too:
        lite_only = "JupyterLite's worker only"
        for kind in TARGETS:
            ratio = medians[lite_only, kind] / medians["offline worker", kind]
            print(f"{kind}: JupyterLite's worker only / offline worker = {ratio:.2f}x")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
