"""Fixtures for the browser site: built once per run, served on 127.0.0.1, opened in Chromium with no way out.

- ``built_site``: ``nmt-course site build --output DIR`` (the real command),
  with downloads cached in the user's cache folder, so a second run on the
  same machine asks PyPI and npm nothing.
- ``site_server``: a static file server on 127.0.0.1 and a free port, as any
  web host would serve the folder (``.wasm`` as ``application/wasm``).
- ``gate``: every request to any other host is refused and counted twice
  over: by Playwright's routing of the page and its workers, and by a proxy
  Chromium must use for everything that is not loopback, which catches the
  rest (service worker, Chromium itself). Tests assert both counts are zero.
  (Playwright's routing turns the browser's HTTP cache off, so every page
  here downloads the site again: the tests measure nothing about speed;
  ``benchmarks/bench_site.py`` blocks with the proxy alone.)

The test modules import these fixtures by name (this folder has no
``__init__.py``: a package called ``site`` would shadow Python's own module).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "site"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


class _Files(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def send_head(self):  # record every path asked for (the offline tests count what a visit fetched)
        self.server.asked.append(self.path.split("?", 1)[0])  # type: ignore[attr-defined]
        return super().send_head()


@dataclass
class Served:
    base: str
    root: Path
    asked: list[str] = field(default_factory=list)  # the paths the browser asked this server for


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[tuple[Served, Callable[[], None]]]:
    """A static server for ``folder`` on 127.0.0.1 and a free port, and a function that stops it (as a host
    going away would: the port then refuses connections). The server is stopped at the end in any case."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Files, directory=str(folder)))
    server.daemon_threads = True
    server.asked = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    stopped = []

    def stop() -> None:
        if not stopped:
            stopped.append(True)
            server.shutdown()
            server.server_close()
            thread.join(10)

    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}", folder, server.asked), stop  # type: ignore[attr-defined]
    finally:
        stop()


class _Gatekeeper(socketserver.StreamRequestHandler):
    """A proxy that lets nothing through: it records the host asked for and answers 403."""

    def handle(self) -> None:
        line = self.rfile.readline(8192).decode("latin-1").strip()
        while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
            pass
        parts = line.split()
        if len(parts) >= 2:
            self.server.seen.append(parts[1])  # type: ignore[attr-defined]
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class _GateServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Gatekeeper)
        self.seen: list[str] = []


#: Chromium's own services, which it calls on an empty page too (component updates, sign-in, its clock,
#: autofill): seen at the proxy whatever the page is, so they are reported apart, not as the site's
CHROMIUM_OWN_HOSTS = {"update.googleapis.com", "accounts.google.com", "clients2.google.com",
                      "content-autofill.googleapis.com"}


def _host(target: str) -> str:
    """``host:443`` (CONNECT) or ``http://host/path`` (plain HTTP) -> ``host``."""
    rest = target.split("://", 1)[-1]
    return rest.split("/", 1)[0].rsplit(":", 1)[0] if ":" in rest.split("/", 1)[0] else rest.split("/", 1)[0]


@dataclass
class Gate:
    """Requests that tried to leave 127.0.0.1: ``proxied`` (network level) and ``routed`` (Playwright)."""

    port: int
    proxied: list[str]
    routed: list[str] = field(default_factory=list)

    @property
    def attempts(self) -> list[str]:
        """Every refused request except Chromium's calls to its own services: the site's attempts."""
        return [*(t for t in self.proxied if _host(t) not in CHROMIUM_OWN_HOSTS), *self.routed]

    @property
    def chromium_own(self) -> list[str]:
        return [t for t in self.proxied if _host(t) in CHROMIUM_OWN_HOSTS]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "nmt-course-site"
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    done = subprocess.run([sys.executable, "-m", "nmt_course", "site", "build", "--output", str(out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path_factory.getbasetemp())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (out / "index.html").is_file() and (out / "lab" / "index.html").is_file(), done.stdout
    return out


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[Served]:
    with serve(built_site) as (served, _stop):
        yield served


@pytest.fixture(scope="session")
def gate() -> Iterator[Gate]:
    server = _GateServer()
    thread = threading.Thread(target=server.serve_forever, name="gatekeeper", daemon=True)
    thread.start()
    try:
        yield Gate(server.server_address[1], server.seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="session")
def site_browser(playwright_driver, gate: Gate) -> Iterator:
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM,
                                args=[*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{gate.port}"])
    try:
        yield browser
    finally:
        browser.close()


def open_context(browser, site: Served, gate: Gate, *, width: int = 1280, height: int = 900):
    """A fresh browser profile (empty cache and storage) whose every request off the site is refused and counted."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="allow")

    def route(r) -> None:
        url = r.request.url
        if url.startswith((site.base + "/", "blob:", "data:")):
            r.continue_()
        else:
            gate.routed.append(url)
            r.abort()

    context.route("**/*", route)
    context.set_default_timeout(120_000)
    return context


def shot(page, name: str, *, full_page: bool = False) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
