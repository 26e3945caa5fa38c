"""A real class hub for the tests: unix accounts, the shipped config, JupyterHub and its proxy on 127.0.0.1.

:class:`ClassHub` does what an admin does in ``deploy/hub/README.md`` (make
the accounts, copy the course folder and the config, write ``class.yaml``,
start ``jupyterhub``), in a folder of its own with account names unique to
the run, and undoes all of it in :meth:`ClassHub.stop`: servers, the grading
service, the proxy and the hub stopped, any process of the run's accounts
ended (by its id), the accounts and their homes removed. ``stop`` returns
what it had to end by force, so the tests can insist it is nothing.

Only the test's own driver is added to the shipped configuration (a file in
``jupyterhub_config.d/``): a service whose token may create tokens for the
run's users, as an admin would on the hub's token page.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from .hub_env import HubEnvironment

__all__ = ["Account", "ClassHub", "free_ports"]

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "hub"
COURSE_ID = "nmt-course"


@dataclass
class Account:
    name: str
    role: str
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    token: str = ""

    @property
    def home(self) -> Path:
        return Path(pwd.getpwnam(self.name).pw_dir)

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.name).pw_uid


def free_ports(n: int) -> list[int]:
    """``n`` different free ports on 127.0.0.1 (held open together while they are chosen)."""
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _run(*cmd: str, stdin: str | None = None) -> None:
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stdout}{done.stderr}")


class ClassHub:
    """One class: a grader account, instructors and students, on a hub of its own."""

    def __init__(self, env: HubEnvironment, *, instructors: int, students: int, database_url: str | None = None) -> None:
        if os.geteuid() != 0:
            raise RuntimeError("the hub tests make unix accounts and start JupyterHub as root, as CI does: run them as root")
        self.env = env
        self.run_id = secrets.token_hex(3)
        self.grader = Account(f"nmtg{self.run_id}", "grader")
        self.instructors = [Account(f"nmti{self.run_id}{chr(97 + i)}", "instructor") for i in range(instructors)]
        self.students = [Account(f"nmts{self.run_id}{chr(97 + i)}", "student") for i in range(students)]
        self.root = Path(tempfile.mkdtemp(prefix=f"nmt-hub-{self.run_id}-"))
        os.chmod(self.root, 0o755)
        self.etc = self.root / "etc"
        self.exchange = self.root / "exchange"
        self.state = self.root / "state"
        self.log = self.root / "hub.log"
        self.port, self.hub_port, self.proxy_api_port, self.service_port = free_ports(4)
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.driver_token = secrets.token_hex(24)
        self.proc: subprocess.Popen[bytes] | None = None
        self._made: list[Account] = []

    @property
    def people(self) -> list[Account]:
        return [*self.instructors, *self.students]

    @property
    def course_dir(self) -> Path:
        return self.grader.home / COURSE_ID

    # -- what the admin does --------------------------------------------------

    def make_accounts(self) -> None:
        """``useradd`` as Debian does it by default (home 0755: the hub makes homes private itself)."""
        for account in [self.grader, *self.people]:
            _run("useradd", "--create-home", "--shell", "/bin/bash", "--user-group", account.name)
            self._made.append(account)
        _run("chpasswd", stdin="".join(f"{a.name}:{a.password}\n" for a in self.people))

    def make_course(self, build: Any) -> None:
        """The course folder as README step 3 makes it: the course's ``quizzes`` files, owned by the grader."""
        course = self.course_dir
        course.mkdir()
        for name in ("nbgrader_config.py", "quizzes.yaml"):
            shutil.copy(ROOT / "quizzes" / name, course / name)
        build(course)
        _run("chown", "-R", f"{self.grader.name}:{self.grader.name}", str(course))

    def write_config(self) -> None:
        """The shipped config and role folders, a ``class.yaml`` for this class, and the test driver's token."""
        self.etc.mkdir()
        shutil.copy(DEPLOY / "jupyterhub_config.py", self.etc / "jupyterhub_config.py")
        shutil.copytree(DEPLOY / "jupyter", self.etc / "jupyter", ignore=shutil.ignore_patterns("__pycache__"))
        settings: dict[str, Any] = {
            "course_id": COURSE_ID,
            "grader": self.grader.name,
            "course_dir": str(self.course_dir),
            "exchange": str(self.exchange),
            "instructors": [a.name for a in self.instructors],
            "students": [a.name for a in self.students],
            "hub": {
                "url": self.url, "state_dir": str(self.state), "hub_port": self.hub_port,
                "proxy_api_port": self.proxy_api_port, "course_service_port": self.service_port,
            },
        }
        if self.database_url:
            settings["gradebook"] = self.database_url
        (self.etc / "class.yaml").write_text(json.dumps(settings, indent=2))  # JSON is YAML
        extra = self.etc / "jupyterhub_config.d"
        extra.mkdir()
        people = [a.name for a in self.people]
        (extra / "test-driver.py").write_text(
            "# the test's driver: may create tokens for the class (as an admin can on the token page) and see servers\n"
            f"c.JupyterHub.services.append({{'name': 'test-driver', 'api_token': {self.driver_token!r}}})\n"
            "c.JupyterHub.load_roles.append({'name': 'test-driver', 'services': ['test-driver'], "
            f"'scopes': [*(f'tokens!user={{u}}' for u in {people!r}), 'admin:servers', 'read:users', 'list:users']}})\n"
        )
        subprocess.run(["chmod", "-R", "a+rX", str(self.etc)], check=True)

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "NMT_", "PYTHON"))}
        env.update(PATH=f"{self.env.bin}:/usr/local/bin:/usr/bin:/bin", NMT_HUB_CLASS=str(self.etc / "class.yaml"))
        self.state.mkdir()
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(self.env.bin / "jupyterhub"), "-f", str(self.etc / "jupyterhub_config.py")],
                cwd=self.state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.wait(lambda: self.get("/hub/api").status_code == 200, "the hub to answer", timeout=120)
        for account in self.people:
            account.token = self.api("POST", f"/hub/api/users/{account.name}/tokens", token=self.driver_token, json={"note": "test", "expires_in": 3600})["token"]

    # -- talking to it ----------------------------------------------------------

    def wait(self, ready: Any, what: str, *, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub stopped while waiting for {what}:\n{self.log_tail()}")
            try:
                if ready():
                    return
            except (requests.RequestException, KeyError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}:\n{self.log_tail()}")
            time.sleep(0.5)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def get(self, path: str, *, token: str | None = None, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"token {token}"} if token else {}
        return requests.get(self.url + path, headers=headers, timeout=60, allow_redirects=False, **kw)

    def api(self, method: str, path: str, *, token: str, json: Any = None, expect: tuple[int, ...] = (200, 201, 202, 204), **kw: Any) -> Any:
        r = requests.request(method, self.url + path, headers={"Authorization": f"token {token}"}, json=json, timeout=120, allow_redirects=False, **kw)
        if r.status_code not in expect:
            raise RuntimeError(f"{method} {path} answered {r.status_code}: {r.text[:1500]}\n{self.log_tail(2000)}")
        if not r.content:
            return None
        try:
            return r.json()  # formgrader's API answers JSON under a text/html content type
        except ValueError:
            return r.text

    def spawn(self, account: Account) -> str:
        """Start the account's server (as the Start button does) and wait until it answers; its base URL."""
        self.api("POST", f"/hub/api/users/{account.name}/server", token=account.token, expect=(201, 202, 400))
        base = f"/user/{account.name}/"
        self.wait(lambda: self.get(f"{base}api/status", token=account.token).status_code == 200, f"{account.name}'s server", timeout=240)
        return base

    def service_ready(self, account: Account) -> str:
        base = f"/services/{COURSE_ID}/"
        self.wait(lambda: self.get(f"{base}api/status", token=account.token).status_code == 200, "the course service", timeout=240)
        return base

    # -- taking it all down ---------------------------------------------------------

    def stop(self) -> list[str]:
        """Stop everything and remove the accounts, whatever state things are in; what had to be ended by force."""
        forced: list[str] = []
        proxy = self._proxy_pid()
        try:
            if self.proc is not None and self.proc.poll() is None:
                for account in self.people:
                    if account.token:
                        with contextlib.suppress(Exception):  # the hub's own shutdown stops the rest
                            self.api("DELETE", f"/hub/api/users/{account.name}/server", token=self.driver_token, expect=(202, 204, 400, 404))
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    forced.append(f"jupyterhub (pid {self.proc.pid}) did not stop on SIGTERM")
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait()
            if proxy is not None and _running(proxy):
                forced.append(f"the proxy (pid {proxy}) outlived the hub")
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proxy, signal.SIGKILL)  # the proxy this hub started, by its id
            forced += self._end_leftovers()
        finally:
            for account in reversed(self._made):
                subprocess.run(["userdel", "--remove", account.name], capture_output=True, timeout=60)
                subprocess.run(["groupdel", account.name], capture_output=True, timeout=60)
            shutil.rmtree(self.root, ignore_errors=True)
        return forced

    def _proxy_pid(self) -> int | None:
        try:
            return int((self.state / "jupyterhub-proxy.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def _end_leftovers(self) -> list[str]:
        """Processes of the run's accounts, or started from its folder, still running: named and ended."""
        uids = {a.uid for a in self._made if _exists(a.name)}
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                status = (proc / "status").read_text()
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            uid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:")))
            state = next(line.split()[1] for line in status.splitlines() if line.startswith("State:"))
            if state != "Z" and (uid in uids or str(self.root) in cmdline):
                found.append((int(proc.name), cmdline.strip()[:200]))
        for pid, _ in found:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # a process of this run's own accounts, by its id
        return [f"pid {pid}: {cmd}" for pid, cmd in found]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
