"""The grader's SQLite settings for nbgrader's gradebook."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nmt_course.grading.sqlite import gradebook_connections, on_network_filesystem

MOUNTS = """\
proc /proc proc rw 0 0
/dev/sda1 / ext4 rw 0 0
server:/export/home /home nfs4 rw 0 0
//files/courses /srv/courses cifs rw 0 0
/dev/sdb1 /home/local ext4 rw 0 0
tmpfs /home/with\\040space tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/ann/course/gradebook.db", True),  # NFS home folders, as on many JupyterHubs
        ("/srv/courses/nmt/gradebook.db", True),  # an SMB share
        ("/home/local/course/gradebook.db", False),  # a local disk mounted inside the NFS tree: the deeper mount wins
        ("/tmp/course/gradebook.db", False),  # the root file system
        ("/home/with space/gradebook.db", False),  # mount points with escaped spaces
        ("/homework/gradebook.db", False),  # a name that only starts like /home
    ],
)
def test_network_file_systems_are_recognised(tmp_path: Path, path: str, network: bool) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS)
    assert on_network_filesystem(Path(path), mounts=str(mounts)) is network


def test_no_mount_table_means_local(tmp_path: Path) -> None:
    assert on_network_filesystem(tmp_path, mounts=str(tmp_path / "missing")) is False


def _mode(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA journal_mode").fetchone()[0]


def test_wal_while_grading_then_the_gradebook_is_left_as_it_was(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    db = tmp_path / "gradebook.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    assert _mode(db) == "delete"
    with gradebook_connections(db):
        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 60_000
        engine.dispose()
    assert _mode(db) == "delete"  # put back for the formgrader and other tools


def test_other_databases_are_not_touched(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    other = tmp_path / "practice.db"
    with gradebook_connections(tmp_path / "gradebook.db"):
        engine = create_engine(f"sqlite:///{other}")
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "delete"
        engine.dispose()
