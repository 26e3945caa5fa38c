"""Progress on storage where SQLite cannot work in place (the browser site): a working copy, saved whole.

The store takes the working-copy path in Pyodide only; these tests switch it
on here, so the same code runs on a real SQLite file and a real folder.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from nmt_course.practice import store as store_module
from nmt_course.practice.store import ProgressError, ProgressStore
from nmt_course.practice.working_copy import WorkingCopy

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def in_the_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(store_module, "needs_working_copy", lambda path: True)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "memory"))
    return tmp_path / "drive" / "my-progress" / "practice.sqlite"


def test_every_answer_is_saved_whole_and_read_back_by_a_new_store(in_the_browser: Path) -> None:
    first = ProgressStore(in_the_browser)
    assert first._file != in_the_browser and in_the_browser.read_bytes().startswith(b"SQLite format 3")
    first.record("ann", "q1", 1, 1, now=NOW)
    assert not any(p.name.endswith(("-journal", "-wal", "-shm")) for p in in_the_browser.parent.iterdir())
    again = ProgressStore(in_the_browser)  # a reload: a new kernel, the same saved file
    assert again.states("ann")["q1"].box == 2


def test_an_answer_saved_by_another_notebook_is_seen(in_the_browser: Path) -> None:
    one, two = ProgressStore(in_the_browser), ProgressStore(in_the_browser)
    one._copy.working = one._copy.working.with_name("one.sqlite")  # two kernels, two memories
    one.record("ann", "q1", 1, 1, now=NOW)
    two.record("ann", "q2", 0, 1, now=NOW)
    assert set(ProgressStore(in_the_browser).states("ann")) == {"q1", "q2"}


def test_deleting_the_saved_file_starts_the_practice_again(in_the_browser: Path) -> None:
    progress = ProgressStore(in_the_browser)
    progress.record("ann", "q1", 1, 1, now=NOW)
    in_the_browser.unlink()  # the student's reset, while the notebook is open
    assert progress.states("ann") == {}
    progress.record("ann", "q2", 1, 1, now=NOW)
    assert set(ProgressStore(in_the_browser).states("ann")) == {"q2"}


def test_a_damaged_saved_file_is_kept_beside_the_fresh_one(in_the_browser: Path) -> None:
    in_the_browser.parent.mkdir(parents=True)
    in_the_browser.write_bytes(b"this is not a database" * 100)
    progress = ProgressStore(in_the_browser)
    kept = [p for p in in_the_browser.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b"this is not a database" * 100
    assert kept[0].name in progress.notice
    assert in_the_browser.read_bytes().startswith(b"SQLite format 3")


def test_a_save_that_fails_keeps_the_answer_and_says_so(in_the_browser: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress = ProgressStore(in_the_browser)

    def refuse(self: WorkingCopy) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(WorkingCopy, "push", refuse)
    with pytest.raises(ProgressError, match="kept until you close the notebook, but it could not be saved"):
        progress.record("ann", "q1", 1, 1, now=NOW)
    assert "q1" in progress.states("ann")  # still there for this session


def test_push_writes_only_when_the_bytes_changed(tmp_path: Path) -> None:
    saved = tmp_path / "drive" / "p.sqlite"
    copy = WorkingCopy(saved, scratch=tmp_path / "memory")
    copy.pull()
    copy.working.write_bytes(b"v1")
    copy.push()
    stamp = saved.stat().st_mtime_ns
    copy.pull()
    copy.push()  # nothing changed: the saved file is not rewritten
    assert saved.stat().st_mtime_ns == stamp and saved.read_bytes() == b"v1"
