"""The browser site: cold and warm start to the first body map drawn, and the site's size.

    python benchmarks/bench_site.py               # builds the site (cached downloads), 3 runs each
    python benchmarks/bench_site.py --site DIR --runs 5

Serves the site on 127.0.0.1 and opens the trigger point chapter (03) in
Debian's Chromium, with every request to another host refused:

- cold: a fresh browser profile (empty cache and storage), as a student's
  first visit: from opening the page, through Python starting, to Run All
  drawing the first body map;
- warm: the same profile opening the chapter again (browser cache and
  service worker filled), the same measurement.

Prints the medians side by side with their targets (cold < 45 s, warm
< 10 s; size < 150 MB), and the time to "Python is ready" in each.
"""

from __future__ import annotations

import argparse
import functools
import http.server
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
TARGETS = {"cold": 45.0, "warm": 10.0}


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


def one_start(context, base: str) -> tuple[float, float]:
    """(seconds to Python ready, seconds to the first body map drawn), from opening the chapter."""
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
    page.close()
    return ready, drawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=None, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=3, help="cold and warm starts to measure (default 3 each)")
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="bench-site-")
    site = args.site
    if site is None:
        from nmt_course.site import build_site

        site = build_site(output=Path(tmp.name) / "site", log=lambda msg: print(f"  [build] {msg}")).output
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Files, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    from playwright.sync_api import sync_playwright

    results: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
    proxy = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Refuse)
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=[*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{proxy.server_address[1]}"])
        for run in range(args.runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for kind in ("cold", "warm"):
                before = SENT[0]
                ready, drawn = one_start(context, base)
                results[kind].append((ready, drawn))
                print(f"  run {run + 1} {kind}: Python ready {ready:5.1f} s, first body map {drawn:5.1f} s, "
                      f"downloaded {(SENT[0] - before) / 1e6:5.1f} MB", flush=True)
            context.close()
        browser.close()
    server.shutdown()
    proxy.shutdown()
    print(f"\nsite: {site} ({size:.1f} MB; target < 150 MB)  refused requests to other hosts "
          f"(Chromium's own services included): {sorted(set(REFUSED))}")
    print(f"{'start':6} {'Python ready':>13} {'first body map':>15} {'target':>8} {'map/target':>11}   (medians of {args.runs})")
    for kind, rows in results.items():
        ready = statistics.median(r for r, _ in rows)
        drawn = statistics.median(d for _, d in rows)
        print(f"{kind:6} {ready:11.1f} s {drawn:13.1f} s {TARGETS[kind]:6.0f} s {drawn / TARGETS[kind]:10.2f}x")
    cold, warm = (statistics.median(d for _, d in results[k]) for k in ("cold", "warm"))
    print(f"warm is {cold / warm:.1f}x faster than cold")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
