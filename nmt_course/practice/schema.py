"""The progress file's tables, and the one write it takes: an answer.

``schema_version`` holds one row, the format number (:data:`SCHEMA_VERSION`);
``answers`` keeps every answer ever given (never updated); ``cards`` keeps each
learner's Leitner box, due time and counts per question. Times are UTC, in
seconds since 1970. Opening, locking and repair live in :mod:`.store`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from . import leitner
from .leitner import CardState

__all__ = ["SCHEMA_VERSION", "create_tables", "record_answer", "to_time"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL, question_id TEXT NOT NULL, mode TEXT NOT NULL, session TEXT NOT NULL DEFAULT '',
    answered_at REAL NOT NULL, points REAL NOT NULL, max_points REAL NOT NULL,
    is_right INTEGER NOT NULL, box_before INTEGER NOT NULL, box_after INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_learner ON answers (learner, question_id);
CREATE TABLE IF NOT EXISTS cards (
    learner TEXT NOT NULL, question_id TEXT NOT NULL, box INTEGER NOT NULL, due REAL NOT NULL,
    right_count INTEGER NOT NULL, wrong_count INTEGER NOT NULL, last_answered REAL NOT NULL,
    PRIMARY KEY (learner, question_id)
);
"""


def to_time(value: float) -> datetime:
    return datetime.fromtimestamp(value, timezone.utc)


def create_tables(con: sqlite3.Connection) -> int:
    """Create any missing table (one transaction); return the file's format number."""
    con.execute("BEGIN IMMEDIATE")
    try:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                con.execute(statement)
        rows = con.execute("SELECT version FROM schema_version").fetchall()
        if not rows:
            con.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return int(rows[0][0]) if rows else SCHEMA_VERSION


def record_answer(con: sqlite3.Connection, learner: str, question_id: str, points: float, max_points: float,
                  right: bool, now: datetime, mode: str, session: str) -> CardState:
    """Save one answer and the question's new box in one ``BEGIN IMMEDIATE`` transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        row = con.execute("SELECT box, due, right_count, wrong_count, last_answered FROM cards "
                          "WHERE learner = ? AND question_id = ?", (learner, question_id)).fetchone()
        before = CardState(question_id, row[0], to_time(row[1]), row[2], row[3], to_time(row[4])) if row else CardState(question_id)
        after = leitner.review(before, right, now)
        assert after.due is not None
        con.execute("INSERT INTO answers (learner, question_id, mode, session, answered_at, points, max_points, "
                    "is_right, box_before, box_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (learner, question_id, mode, session, now.timestamp(), points, max_points, int(right),
                     before.box, after.box))
        con.execute("INSERT INTO cards (learner, question_id, box, due, right_count, wrong_count, last_answered) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (learner, question_id) DO UPDATE SET box = excluded.box, "
                    "due = excluded.due, right_count = excluded.right_count, wrong_count = excluded.wrong_count, "
                    "last_answered = excluded.last_answered",
                    (learner, question_id, after.box, after.due.timestamp(), after.right, after.wrong, now.timestamp()))
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    return after
