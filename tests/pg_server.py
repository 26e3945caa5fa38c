"""A throwaway PostgreSQL server for the tests: Debian's own programs, a unix socket in a private folder.

``initdb`` and ``pg_ctl`` run as the ``postgres`` account when the tests run
as root (PostgreSQL refuses to run as root), else as the current user. The
server listens on no TCP port at all, only on a socket in a temporary folder
unique to this run, so several test runs on one machine never meet. Every
login is ``peer``: the operating-system account is the database role, so a
student account cannot log in as the grader, and root is let in as the
superuser. ``stop`` ends the server and removes the folder; the fixture
calls it however the tests end.
"""

from __future__ import annotations

import getpass
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["PostgresServer", "postgres_bin"]


def postgres_bin() -> Path:
    """The newest installed server's ``bin`` folder (Debian keeps one per major version)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    if not found:
        raise RuntimeError(
            "PostgreSQL's server programs are not installed (no /usr/lib/postgresql/*/bin/pg_ctl): "
            "run `python3 course.py test` as root, which installs Debian's postgresql, or: apt-get install postgresql"
        )
    return Path(found[-1]).parent


class PostgresServer:
    """One server in ``root``: data in ``root/data``, the socket in ``root/socket``."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.as_root = os.geteuid() == 0
        self.superuser = "postgres" if self.as_root else getpass.getuser()
        self.root = Path(tempfile.mkdtemp(prefix="nmt-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "server.log"
        self.pid: int | None = None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(a) for a in args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120, cwd="/")

    def start(self) -> PostgresServer:
        self.socket_dir.mkdir()
        os.chmod(self.root, 0o755)  # the socket must be reachable by other accounts (the hub's grader); logins are peer-checked
        os.chmod(self.socket_dir, 0o755)
        if self.as_root:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self._run(
            self.bin / "initdb", "-D", str(self.data), "-U", self.superuser, "-E", "UTF8", "--locale=C.UTF-8",
            "--auth-local=peer", "--auth-host=reject", "--no-sync",
        )
        (self.data / "pg_hba.conf").write_text("local all all peer map=accounts\n")
        ident = "accounts root postgres\n" if self.as_root else ""
        (self.data / "pg_ident.conf").write_text(ident + "accounts /^(.*)$ \\1\n")
        options = f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        started = self._run(self.bin / "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start", check=False)
        if started.returncode != 0:
            tail = self.log.read_text()[-2000:] if self.log.exists() else ""
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start: {started.stdout}{started.stderr}\n{tail}")
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        return self

    def url(self, database: str, *, user: str | None = None) -> str:
        """The SQLAlchemy URL nbgrader uses: psycopg 3 over this server's socket."""
        return f"postgresql+psycopg://{user or self.superuser}@/{database}?host={self.socket_dir}"

    def sql(self, statement: str, *, database: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser (autocommit) and return its rows."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=self.superuser, dbname=database, autocommit=True) as db:
            cursor = db.execute(statement)  # statements come from the tests themselves
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name: str, *, owner: str | None = None, template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); returns its URL for ``owner``."""
        if owner and not self.sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{owner}'"):
            self.sql(f'CREATE ROLE "{owner}" LOGIN')
        clauses = (f' OWNER "{owner}"' if owner else "") + (f' TEMPLATE "{template}"' if template else "")
        self.sql(f'CREATE DATABASE "{name}"{clauses}')
        return self.url(name, user=owner)

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are ended) and remove its folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(self.bin / "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop", check=False)
            if self.pid is not None:
                deadline = time.monotonic() + 30
                while _alive(self.pid) and time.monotonic() < deadline:
                    time.sleep(0.1)
                if _alive(self.pid):  # our own postmaster, by its id
                    os.kill(self.pid, 9)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def running(self) -> bool:
        return self.pid is not None and _alive(self.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie left for its parent to reap is not running
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False
