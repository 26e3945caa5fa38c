"""Real servers and a real browser: JupyterLab and Voila on 127.0.0.1, driven by Chromium.

Servers listen on a free port with a token and are always stopped. They
serve a temporary copy of the notebooks, so running them in the browser never
changes the committed files. Every test saves a screenshot under
``test-output/browser/``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nmt_course.launch import free_port

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]



def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every browser test is slow (``pytestmark`` in a conftest marks nothing, so mark them here)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.slow)


@dataclass
class Server:
    base: str
    token: str
    root: Path

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server did not answer in {timeout}s:\n{log.read_text()[-3000:]}")


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR"):
        env.pop(key, None)
    env.update({
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "NMT_COURSE_PROGRESS_DB": str(tmp / "progress.sqlite"),
        "PYTHONWARNINGS": "ignore",
    })
    return env


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def notebooks_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("course") / "notebooks"
    shutil.copytree(ROOT / "notebooks", target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


@pytest.fixture(scope="session")
def lab(notebooks_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(16)
    log = tmp / "lab.log"
    cmd = [
        sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={notebooks_copy}", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False", "--ServerApp.allow_root=True", "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=_env(tmp), cwd=tmp)
    try:
        server = Server(f"http://127.0.0.1:{port}", token, notebooks_copy)
        _wait(server.url("/api/status"), proc, log)
        yield server
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def voila_factory(notebooks_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    procs: list[subprocess.Popen] = []

    def start(app: str) -> Server:
        tmp = tmp_path_factory.mktemp(f"voila-{app}")
        port, token = free_port(), secrets.token_hex(16)
        log = tmp / "voila.log"
        notebook = notebooks_copy / "apps" / f"{app}.ipynb"
        cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--Voila.ip=127.0.0.1",
               f"--token={token}", "--no-browser", "--strip_sources=True"]
        with log.open("w") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=_env(tmp), cwd=tmp)
        procs.append(proc)
        server = Server(f"http://127.0.0.1:{port}", token, notebooks_copy)
        _wait(f"{server.base}/voila/static/voila.js", proc, log)  # a static file: answers once Voila is up
        return server

    try:
        yield start
    finally:
        for proc in procs:
            _stop(proc)


@pytest.fixture(scope="session")
def browser(playwright_driver) -> Iterator:
    b = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator:
    context = browser.new_context(viewport={"width": 1366, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        yield pg
    finally:
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        try:
            pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        finally:
            context.close()
