"""Damaged progress files: recognise them, keep them, copy out what can be read.

Used by :class:`~nmt_course.practice.store.ProgressStore`; nothing here ever
deletes a file. A damaged file is renamed with a ``.corrupt-<UTC time>``
suffix (its write-ahead log and shared-memory companions follow it, so SQLite
still pairs them), and every row that can still be read from it is copied
into the fresh file.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["CORRUPT_CODES", "is_corruption", "move_aside", "salvage_rows"]

CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_WORDS = ("file is not a database", "malformed", "corrupt", "quick_check:")


def is_corruption(exc: BaseException) -> bool:
    """Does this SQLite error mean the file's contents are damaged (not locked, not missing)?"""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in CORRUPT_CODES:
        return True
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(word in text for word in _WORDS)


def move_aside(path: Path, *, now: datetime | None = None) -> Path:
    """Rename ``path`` (and its ``-wal``/``-shm`` files) to ``<name>.corrupt-<time>``; return the new path."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while kept.exists():
        n += 1
        kept = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.rename(kept)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(kept.with_name(kept.name + suffix))
    return kept


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]


def _readable_rows(source: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    rows: list[tuple] = []
    try:
        cursor = source.execute(f"SELECT {', '.join(columns)} FROM {table}")
        while True:
            row = cursor.fetchone()
            if row is None:
                break
            rows.append(row)
    except sqlite3.Error:
        pass  # keep what was read before the damage
    return rows


def salvage_rows(kept: Path, target: sqlite3.Connection, tables: tuple[str, ...]) -> dict[str, int]:
    """Copy every readable row of ``tables`` from the damaged file into ``target``.

    Returns how many rows each table got (empty when nothing could be read).
    """
    copied: dict[str, int] = {}
    base = kept.resolve().as_uri()
    for uri in (f"{base}?mode=ro", f"{base}?mode=ro&immutable=1"):
        try:
            source = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            for table in tables:
                if copied.get(table):
                    continue
                columns = _columns(target, table)
                rows = _readable_rows(source, table, columns)
                if not rows:
                    continue
                marks = ", ".join("?" for _ in columns)
                target.execute("BEGIN IMMEDIATE")
                try:
                    target.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
                    target.execute("COMMIT")
                except sqlite3.Error:
                    target.execute("ROLLBACK")
                    continue
                copied[table] = len(rows)
        finally:
            source.close()
    return {table: n for table, n in copied.items() if n}
