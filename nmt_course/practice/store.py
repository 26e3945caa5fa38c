"""Each learner's practice history, in a local SQLite file.

The file is ``$NMT_COURSE_PROGRESS_DB`` if set, else
``~/.nmt-course/progress.sqlite``; every front end can pass its own path.

Safety, because students close laptops and open two notebooks at once:

- Every answer is written in its own transaction (``BEGIN IMMEDIATE`` ...
  ``COMMIT``) with ``synchronous=FULL``: once :meth:`ProgressStore.record`
  returns, a crash of the kernel or the machine loses nothing.
- Write-ahead logging (WAL) lets one notebook read while another writes, and
  ``busy_timeout`` makes a writer wait its turn instead of failing.
- A damaged file (not a database, or failing SQLite's ``quick_check``) is never
  deleted: it is renamed ``progress.sqlite.corrupt-<UTC time>`` (its ``-wal``
  and ``-shm`` companions too), whatever rows can still be read are copied into
  a fresh file, and :attr:`ProgressStore.notice` says what happened in words
  the widgets show.
- If the file cannot be opened at all (a read-only folder, a file made by a
  newer version of the course), progress is kept in memory for the session,
  and the notice says so.
- In the browser (Pyodide), where the saved file lives on JupyterLite's
  contents drive, SQLite works on a copy in memory that is written back whole
  after every answer (:mod:`.working_copy`).

Tables: ``schema_version`` (one row), ``answers`` (every answer, never
updated) and ``cards`` (each learner's Leitner box and due time per question).
"""

from __future__ import annotations

import getpass
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from ..errors import ProgressError
from . import leitner
from .leitner import CardState
from .salvage import is_corruption, move_aside, salvage_rows
from .schema import SCHEMA_VERSION, create_tables, record_answer, to_time
from .working_copy import WorkingCopy, needs_working_copy

__all__ = ["SCHEMA_VERSION", "ProgressError", "ProgressStore", "AnswerRecord", "clean_learner", "default_db_path", "default_learner"]

T = TypeVar("T")



def default_db_path() -> Path:
    env = os.environ.get("NMT_COURSE_PROGRESS_DB", "").strip()
    return Path(env).expanduser() if env else Path.home() / ".nmt-course" / "progress.sqlite"


def default_learner() -> str:
    for var in ("JUPYTERHUB_USER", "USER", "USERNAME"):
        if os.environ.get(var, "").strip():
            return os.environ[var].strip()
    try:
        return getpass.getuser() or "student"
    except Exception:  # no user name at all (some containers)
        return "student"


def clean_learner(name: object = None) -> str:
    """A learner name: the given one trimmed (at most 80 characters), else the login name."""
    text = " ".join(str(name).split())[:80] if name is not None else ""
    return text or default_learner()


@dataclass(frozen=True)
class AnswerRecord:
    learner: str
    question_id: str
    mode: str
    session: str
    answered_at: datetime
    points: float
    max_points: float
    is_right: bool
    box_before: int
    box_after: int


def _retry_when_locked(action: Callable[[], T], timeout: float) -> T:
    """Run ``action``, again after a short random pause while another process holds the lock.

    ``busy_timeout`` covers most waits, but SQLite reports some lock conflicts
    at once (switching a new file to WAL, upgrading a read to a write); this
    covers those, up to ``timeout`` seconds in all.
    """
    deadline = time.monotonic() + timeout
    pause = 0.02
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if not ("locked" in text or "busy" in text) or time.monotonic() >= deadline:
                raise
        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 2, 0.5)


class ProgressStore:
    """Open (creating or repairing if needed) the progress file at ``path``.

    Each read and each answer opens its own short connection and closes it, so
    nothing stays locked between answers and no connection is left for the
    garbage collector; only the in-memory fallback keeps one open.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 15.0) -> None:
        self.path = Path(path).expanduser() if path else default_db_path()
        self._copy = WorkingCopy(self.path) if needs_working_copy(self.path) else None
        self._file = self._copy.working if self._copy else self.path  # the file SQLite opens
        self.timeout = timeout
        self.notice = ""
        self._memory: sqlite3.Connection | None = None
        self._open()

    @property
    def in_memory(self) -> bool:
        """True when progress cannot be saved to a file this session (see :attr:`notice`)."""
        return self._memory is not None

    # opening ---------------------------------------------------------------
    def _connect(self, target: str) -> sqlite3.Connection:
        con = sqlite3.connect(target, timeout=self.timeout, isolation_level=None)
        try:
            con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            con.execute("PRAGMA synchronous = FULL")
        except BaseException:
            con.close()
            raise
        return con

    def _prepare(self, con: sqlite3.Connection) -> None:
        _retry_when_locked(lambda: self._prepare_once(con), self.timeout)

    def _prepare_once(self, con: sqlite3.Connection) -> None:
        if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            con.execute("PRAGMA journal_mode = WAL")  # stays 'delete' where WAL is impossible: still safe
        problems = [row[0] for row in con.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("quick_check: " + "; ".join(map(str, problems[:3])))
        version = create_tables(con)
        if version > SCHEMA_VERSION:
            raise ProgressError(f"the progress file {self.path} was made by a newer version of the course "
                                f"(format {version}); update nmt-course to keep using it")

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self._in_memory(f"the folder for {self.path} cannot be made ({exc})")
        try:
            if self._copy is not None:
                self._copy.pull()
        except OSError as exc:
            return self._in_memory(f"the progress file {self.path} cannot be read ({exc})")
        con: sqlite3.Connection | None = None
        try:
            con = self._connect(str(self._file))
            self._prepare(con)
        except ProgressError as exc:
            return self._in_memory(str(exc))
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                return self._in_memory(f"the progress file {self.path} cannot be used ({exc})")
            if con is not None:
                con.close()
            return self._rebuild()
        finally:
            if con is not None:
                con.close()
        self._push_or_keep_in_memory()

    def _push_or_keep_in_memory(self) -> None:
        if self._copy is None or self._memory is not None:
            return
        try:
            self._copy.push()
        except OSError as exc:
            self._in_memory(f"the progress file {self.path} cannot be written ({exc})")

    def _in_memory(self, why: str) -> None:
        self.notice = (f"Your progress cannot be saved: {why}. This session's answers are kept until you close "
                       "the notebook.")
        con = self._connect(":memory:")
        self._prepare(con)
        self._memory = con

    def _rebuild(self) -> None:
        """Move a damaged file aside, start a fresh one, copy back what can be read."""
        try:
            kept = move_aside(self._file)
            con = self._connect(str(self._file))
        except (OSError, sqlite3.Error) as exc:
            return self._in_memory(f"the progress file {self.path} is damaged and could not be replaced ({exc})")
        try:
            self._prepare(con)
            copied = salvage_rows(kept, con, ("answers", "cards"))
        except (sqlite3.Error, ProgressError) as exc:
            return self._in_memory(f"the progress file {self.path} is damaged and could not be replaced ({exc})")
        finally:
            con.close()
        if copied:
            saved = (f" {copied.get('answers', 0)} saved answers and {copied.get('cards', 0)} question boxes were "
                     "recovered from it.")
        else:
            saved = " Nothing in it could be read, so your practice starts again from box 1."
        self.notice = (f"Your progress file was damaged, so a fresh one was started. The old file was kept "
                       f"(not deleted) as {kept.name}.{saved}")
        self._push_or_keep_in_memory()

    @contextmanager
    def _connection(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if self._memory is not None:
            yield self._memory
            return
        if self._copy is not None:
            try:
                self._copy.pull()
            except OSError as exc:
                raise ProgressError(f"Your progress file {self.path} could not be read ({exc}).") from None
        if not self._file.exists():  # deleted while the notebook was open: start a new file
            self._open()
            if self._memory is not None:
                yield self._memory
                return
        con = self._connect(str(self._file))
        try:
            yield con
        finally:
            con.close()
        if self._copy is not None and write:
            try:
                self._copy.push()
            except OSError as exc:
                raise ProgressError(f"Your answer is kept until you close the notebook, but it could not be saved "
                                    f"to {self.path} ({exc}).") from None

    def _on_damage(self, exc: sqlite3.DatabaseError) -> bool:
        """Rebuild after damage found mid-session; False if the error is not damage."""
        if self._memory is not None or not is_corruption(exc):
            return False
        self._rebuild()
        return True

    # reading ---------------------------------------------------------------
    def states(self, learner: str) -> dict[str, CardState]:
        """Every question the learner has answered, with its Leitner box."""
        rows = self._read("SELECT question_id, box, due, right_count, wrong_count, last_answered FROM cards "
                          "WHERE learner = ?", (learner,))
        return {r[0]: CardState(r[0], r[1], to_time(r[2]), r[3], r[4], to_time(r[5])) for r in rows}

    def answers(self, learner: str, *, mode: str | None = None, session: str | None = None) -> list[AnswerRecord]:
        """The learner's answers, oldest first."""
        sql = ("SELECT learner, question_id, mode, session, answered_at, points, max_points, is_right, box_before, "
               "box_after FROM answers WHERE learner = ?")
        args: list[object] = [learner]
        if mode is not None:
            sql, args = sql + " AND mode = ?", [*args, mode]
        if session is not None:
            sql, args = sql + " AND session = ?", [*args, session]
        rows = self._read(sql + " ORDER BY id", tuple(args))
        return [AnswerRecord(r[0], r[1], r[2], r[3], to_time(r[4]), r[5], r[6], bool(r[7]), r[8], r[9]) for r in rows]

    def learners(self) -> list[str]:
        return [r[0] for r in self._read("SELECT DISTINCT learner FROM cards ORDER BY learner", ())]

    def _read(self, sql: str, args: tuple) -> list[tuple]:
        def read() -> list[tuple]:
            with self._connection() as con:
                return con.execute(sql, args).fetchall()

        for attempt in range(2):
            try:
                return _retry_when_locked(read, self.timeout)
            except sqlite3.DatabaseError as exc:
                if attempt == 0 and self._on_damage(exc):
                    continue
                raise ProgressError(f"Your progress could not be read ({exc}).") from None
        raise ProgressError("Your progress could not be read.")  # pragma: no cover

    # writing ---------------------------------------------------------------
    def record(self, learner: str, question_id: str, points: float, max_points: float, *, now: datetime,
               mode: str = "practice", session: str = "") -> CardState:
        """Save one answer and move the question to its new box, in one transaction."""
        right = leitner.is_right(points, max_points)

        def write() -> CardState:
            with self._connection(write=True) as con:
                return record_answer(con, learner, question_id, points, max_points, right, leitner.as_utc(now),
                                    mode, session)

        for attempt in range(2):
            try:
                return _retry_when_locked(write, self.timeout)
            except sqlite3.DatabaseError as exc:
                if attempt == 0 and self._on_damage(exc):
                    continue
                raise ProgressError(f"Your answer could not be saved ({exc}). Try again in a moment.") from None
        raise ProgressError("Your answer could not be saved. Try again in a moment.")  # pragma: no cover

    def close(self) -> None:
        """Close the in-memory fallback, if any (file connections are closed after each use)."""
        if self._memory is not None:
            self._memory.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
