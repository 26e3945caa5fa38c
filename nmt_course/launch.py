"""Starting JupyterLab on the course notebooks (``nmt-course lab``)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

from .errors import NmtCourseError

__all__ = ["APPS", "WELCOME", "app_command", "find_notebooks_dir", "free_port", "lab_command", "run_app", "run_lab"]

WELCOME = "00-welcome.ipynb"

# app name -> notebook under notebooks/apps/, served by Voila with no code showing
APPS = {"explorer": "explorer.ipynb", "where-it-hurts": "where-it-hurts.ipynb"}


def find_notebooks_dir(explicit: str | Path | None = None) -> Path:
    """The folder of course notebooks: ``--dir``, $NMT_COURSE_NOTEBOOKS, the checkout's, or ./notebooks."""
    if explicit:
        candidates = [Path(explicit)]
    elif os.environ.get("NMT_COURSE_NOTEBOOKS"):
        candidates = [Path(os.environ["NMT_COURSE_NOTEBOOKS"])]
    else:
        candidates = [Path(__file__).resolve().parent.parent / "notebooks", Path.cwd() / "notebooks"]
    for folder in candidates:
        if (folder / WELCOME).exists():
            return folder.resolve()
    tried = ", ".join(str(c) for c in candidates)
    raise NmtCourseError(f"I could not find the course notebooks ({WELCOME}) in: {tried}. Run from the course folder or pass --dir.")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def lab_command(*, root: Path, port: int, token: str, open_browser: bool, ip: str = "127.0.0.1") -> list[str]:
    """The ``jupyter lab`` command line that serves ``root`` and opens the welcome notebook."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={ip}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
        f"--LabApp.default_url=/lab/tree/{WELCOME}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # containers and CI often run as root; JupyterLab refuses that unless told
        command.append("--ServerApp.allow_root=True")
    return command


def run_lab(*, port: int | None = None, open_browser: bool = True, notebooks: str | Path | None = None) -> int:
    """Run JupyterLab in the foreground until it is stopped; return its exit status."""
    root = find_notebooks_dir(notebooks)
    port = port or free_port()
    token = secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/lab/tree/{WELCOME}?token={token}"
    command = lab_command(root=root, port=port, token=token, open_browser=open_browser)
    return _serve(command, f"Starting JupyterLab on the course in {root}", url, "Press Ctrl+C twice to stop.")


class _Stopped(Exception):
    """This command was asked to stop (SIGTERM or SIGHUP)."""


def _raise_stopped(_signum: int, _frame: object) -> None:
    raise _Stopped


def _serve(command: list[str], what: str, url: str, how_to_stop: str) -> int:
    """Say what is starting and where to open it, then run the server until it is stopped.

    However this command is stopped (Ctrl+C, or a TERM or HUP signal from a
    process manager or a closed terminal), the server is shut down with it:
    Jupyter's own Ctrl+C asks for a confirmation and carries on without one,
    so the server is sent TERM (a clean shutdown), and killed if it has not
    stopped within 15 s. It is never left running on its own.
    """
    import signal

    print(what)
    print(f"Open this address in your browser: {url}")
    print(how_to_stop, flush=True)
    server = subprocess.Popen(command)
    stop_signals = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in stop_signals}
    try:
        return server.wait()
    except (KeyboardInterrupt, _Stopped):
        _shut_down(server)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _shut_down(server: subprocess.Popen, grace: float = 15) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def app_command(*, notebook: Path, port: int, token: str, open_browser: bool, ip: str = "127.0.0.1") -> list[str]:
    """The ``voila`` command line that serves one app notebook without its code."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--token={token}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--no-browser" if not open_browser else "--Voila.open_browser=True",
    ]


def run_app(name: str, *, port: int | None = None, open_browser: bool = True, notebooks: str | Path | None = None) -> int:
    """Serve one app (``explorer`` or ``where-it-hurts``) with Voila until stopped."""
    if name not in APPS:
        raise NmtCourseError(f"There is no app called {name!r}; choose one of: {', '.join(APPS)}.")
    notebook = find_notebooks_dir(notebooks) / "apps" / APPS[name]
    port = port or free_port()
    token = secrets.token_hex(16)
    command = app_command(notebook=notebook, port=port, token=token, open_browser=open_browser)
    url = f"http://127.0.0.1:{port}/?token={token}"
    return _serve(command, f"Serving the {name} app (no code showing) from {notebook}", url, "Press Ctrl+C to stop.")
