"""The progress file: persistence, crashes, two writers at once, damaged files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import ROOT
from nmt_course.practice import store as store_module
from nmt_course.practice.store import SCHEMA_VERSION, ProgressStore

from .helpers import START


def test_a_new_file_has_the_schema_version_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "progress.sqlite"
    with ProgressStore(path) as s:
        assert s.notice == "" and not s.in_memory
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    con.close()


def test_progress_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path) as s:
        s.record("ann", "q1", 1, 1, now=START)
        s.record("ann", "q1", 1, 1, now=START + timedelta(days=1))
        s.record("ann", "q2", 0.5, 1, now=START)  # partial credit: wrong
        s.record("ben", "q1", 0, 1, now=START)
    with ProgressStore(path) as again:  # a new kernel, the same file
        ann = again.states("ann")
        assert (ann["q1"].box, ann["q1"].due) == (3, START + timedelta(days=4))
        assert (ann["q2"].box, ann["q2"].wrong) == (1, 1)
        assert again.states("ben")["q1"].box == 1
        assert [a.box_after for a in again.answers("ann")] == [2, 3, 1]
        assert again.learners() == ["ann", "ben"]


_CRASH = """
import os, sys
from datetime import datetime, timezone
from nmt_course.practice.store import ProgressStore
s = ProgressStore(sys.argv[1])
s.record("ann", "q1", 1, 1, now=datetime(2026, 3, 2, tzinfo=timezone.utc))
os._exit(9)  # the kernel dies: no close, no cleanup
"""


def test_an_answer_is_kept_when_the_kernel_dies_right_after(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    done = subprocess.run([sys.executable, "-c", _CRASH, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    with ProgressStore(path) as s:
        assert s.notice == ""
        assert s.states("ann")["q1"].box == 2


_WRITER = """
import os, sys, time
from datetime import datetime, timedelta, timezone
from nmt_course.practice.store import ProgressStore
path, go, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
while not os.path.exists(go):
    time.sleep(0.01)
s = ProgressStore(path)
start = datetime(2026, 3, 2, tzinfo=timezone.utc)
for i in range(n):
    s.record("ann", f"q{i % 5}", i % 2, 1, now=start + timedelta(seconds=i))
print(s.notice or "ok")
"""


def test_two_notebooks_writing_at_once_both_succeed(tmp_path: Path) -> None:
    path, go, n = tmp_path / "progress.sqlite", tmp_path / "go", 60
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(go), str(n)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(0.5)  # both interpreters are up and waiting
    go.touch()
    outputs = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["ok", "ok"]
    with ProgressStore(path) as s:
        assert len(s.answers("ann")) == 2 * n
        states = s.states("ann")
        # each read-modify-write ran in one transaction: no answer was lost from the counts
        assert sum(st.right + st.wrong for st in states.values()) == 2 * n
        assert all(st.right + st.wrong == 2 * n // 5 for st in states.values())


def _corrupt_copies(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm")))


def test_a_file_of_random_bytes_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    junk = os.urandom(8192)
    path.write_bytes(junk)
    with ProgressStore(path) as s:
        assert "damaged" in s.notice and "kept (not deleted)" in s.notice and "Nothing in it could be read" in s.notice
        s.record("ann", "q1", 1, 1, now=START)  # the fresh file works
        assert s.states("ann")["q1"].box == 2
    kept = _corrupt_copies(path)
    assert len(kept) == 1 and kept[0].read_bytes() == junk  # the student's file, untouched
    assert kept[0].name in s.notice
    with ProgressStore(path) as again:
        assert again.notice == ""


def test_a_damaged_index_is_repaired_with_every_answer_recovered(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path) as s:
        for i in range(200):
            s.record("ann", f"q{i % 40}", i % 3 != 0, 1, now=START + timedelta(minutes=i))
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file, as after a clean close
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'answers_by_learner'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size: (root - 1) * page_size + 8] = b"\xff" * 8  # scramble the index page's header
    path.write_bytes(bytes(data))
    with ProgressStore(path) as s:
        assert "200 saved answers and 40 question boxes were recovered" in s.notice
        assert len(s.answers("ann")) == 200 and len(s.states("ann")) == 40
    assert len(_corrupt_copies(path)) == 1


def test_a_file_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path):
        pass
    con = sqlite3.connect(path)
    con.execute("UPDATE schema_version SET version = 99")
    con.commit()
    con.close()
    before = path.read_bytes()
    with ProgressStore(path) as s:
        assert s.in_memory and "newer version" in s.notice
        s.record("ann", "q1", 1, 1, now=START)  # still works for this session
    assert path.read_bytes() == before and not _corrupt_copies(path)


def test_an_unusable_path_falls_back_to_memory_with_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with ProgressStore(blocker / "progress.sqlite") as s:
        assert s.in_memory and "cannot be saved" in s.notice
        assert s.record("ann", "q1", 1, 1, now=START).box == 2


def test_a_file_deleted_while_open_is_started_again(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path) as s:
        s.record("ann", "q1", 1, 1, now=START)
        for p in tmp_path.iterdir():
            p.unlink()
        assert s.states("ann") == {}
        assert s.record("ann", "q1", 1, 1, now=START).box == 2


def test_default_path_and_learner_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NMT_COURSE_PROGRESS_DB", str(tmp_path / "mine.sqlite"))
    assert store_module.default_db_path() == tmp_path / "mine.sqlite"
    monkeypatch.delenv("NMT_COURSE_PROGRESS_DB")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store_module.default_db_path() == tmp_path / ".nmt-course" / "progress.sqlite"
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ann")
    monkeypatch.setenv("USER", "ann")
    assert store_module.clean_learner(None) == "hub-ann"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert store_module.clean_learner("  ") == "ann"
    assert store_module.clean_learner("  Ben   Lee ") == "Ben Lee"
