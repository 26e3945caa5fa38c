"""How the grader's connections to nbgrader's SQLite gradebook behave while it grades.

- **Patience with locks.** Worker processes, the formgrader or a second
  grading run may hold the write lock for a moment; every connection to a
  ``gradebook.db`` waits up to a minute for it (SQLite's default here is
  five seconds), instead of failing with "database is locked".
- **WAL journaling while grading, on local disks only.** With SQLite's
  default rollback journal each commit waits for the disk twice; WAL with
  ``synchronous = NORMAL`` waits less and lets readers and a writer work at
  the same time, and is what SQLite recommends for this pattern (a power cut
  can lose at most the last commits, which grading again restores). WAL needs
  memory shared between the processes on one machine, so it is not used on a
  network file system (NFS, SMB and the like, common on JupyterHub). The
  journal mode is stored in the database file, so the gradebook's own mode
  is put back when grading ends: other tools find it as nbgrader left it.

Only connections opened by this process (and its forked workers) to a file
named ``gradebook.db`` are affected.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["gradebook_connections", "on_network_filesystem"]

BUSY_TIMEOUT_MS = 60_000
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre", "gpfs", "beegfs",
    "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs", "fuse.s3fs", "fuse.gcsfuse",
})

_wal_paths: set[str] = set()  # gradebooks that run in WAL mode while they are being graded
_listening = False


def on_network_filesystem(path: Path, mounts: str = "/proc/self/mounts") -> bool:
    """Whether ``path`` lies on a network file system, from the mount table (False where there is none to read)."""
    try:
        table = Path(mounts).read_text()
    except OSError:
        return False
    target = os.path.realpath(path)
    best, fstype = "", ""
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, fstype = point, fields[2]
    return fstype in NETWORK_FILESYSTEMS


def _journal_mode(path: Path) -> str | None:
    if not path.exists():
        return None
    with sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000) as db:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def _set_journal_mode(path: Path, mode: str) -> None:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.execute(f"PRAGMA journal_mode={mode}")  # a mode SQLite itself reported
    finally:
        db.close()


def _listen() -> None:
    global _listening
    if _listening:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        if not type(dbapi_connection).__module__.startswith("sqlite3"):
            return
        cursor = dbapi_connection.cursor()
        try:
            files = [str(row[2]) for row in cursor.execute("PRAGMA database_list") if row[2]]
            if not any(f.endswith("gradebook.db") for f in files):  # nbgrader's gradebook, nothing else
                return
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if any(os.path.realpath(f) in _wal_paths for f in files):
                try:
                    cursor.execute("PRAGMA journal_mode=WAL")
                    cursor.execute("PRAGMA synchronous=NORMAL")
                except sqlite3.OperationalError:
                    pass  # another program holds a lock (SQLite does not wait to switch modes): keep its mode
        finally:
            cursor.close()

    _listening = True


@contextmanager
def gradebook_connections(db_path: Path) -> Iterator[None]:
    """The connection settings above, for as long as the ``with`` block grades; the journal mode put back after."""
    _listen()
    path = Path(db_path)
    wal = not on_network_filesystem(path.parent)
    before = None
    if wal:
        try:
            before = _journal_mode(path) or "delete"
        except sqlite3.Error:  # not a database: grading reports it, with nbgrader's advice
            wal = False
    key = os.path.realpath(path)
    if wal:
        _wal_paths.add(key)
    try:
        yield
    finally:
        _wal_paths.discard(key)
        if before and before != "wal" and path.exists():
            try:
                _set_journal_mode(path, before)
            except sqlite3.Error as exc:  # still in WAL, which SQLite reads as well: nothing is lost
                print(f"note: the gradebook stays in WAL journal mode ({exc}); nbgrader reads it as usual", file=sys.stderr)
