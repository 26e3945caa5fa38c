"""What grading reads and copies from a submission folder, and what it never follows (real files, links, pipes)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from nmt_course.errors import SubmissionError
from nmt_course.grading.files import NOTEBOOK_LIMIT, Skipped, check_submission, copy_regular_file, skipped_note, student_files

IGNORE = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]  # nbgrader's CourseDirectory.ignore


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """submitted/ann/quiz1 with a notebook and a timestamp; the other student's folder next to it."""
    ann = tmp_path / "submitted" / "ann" / "quiz1"
    ann.mkdir(parents=True)
    (ann / "quiz1.ipynb").write_text("{}")
    (ann / "timestamp.txt").write_text("2026-03-01 09:30:00 UTC")
    other = tmp_path / "submitted" / "ben" / "quiz1"
    other.mkdir(parents=True)
    (other / "quiz1.ipynb").write_text('{"ben": 1}')
    return ann


def _notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def _break(folder: Path, how: str) -> None:
    notebook, stamp = folder / "quiz1.ipynb", folder / "timestamp.txt"
    if how == "notebook link":
        notebook.unlink()
        notebook.symlink_to("../../ben/quiz1/quiz1.ipynb")
    elif how == "notebook pipe":
        notebook.unlink()
        os.mkfifo(notebook)
    elif how == "notebook folder":
        notebook.unlink()
        notebook.mkdir()
    elif how == "huge notebook":
        with open(notebook, "wb") as f:
            f.truncate(NOTEBOOK_LIMIT + 1)  # sparse: nothing is written
    elif how == "timestamp link":
        stamp.unlink()
        stamp.symlink_to("/dev/zero")
    elif how == "timestamp pipe":
        stamp.unlink()
        os.mkfifo(stamp)
    elif how == "timestamp essay":
        stamp.write_text("x" * 5000)
    elif how == "folder link":
        real = folder.parent / "elsewhere"
        folder.rename(real)
        folder.symlink_to(real)


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("notebook link", "quiz1.ipynb is linked to another file (../../ben/quiz1/quiz1.ipynb), not a notebook of the student's own"),
        ("notebook pipe", "quiz1.ipynb is a pipe or socket, not a notebook file"),
        ("notebook folder", "quiz1.ipynb is a folder, not a notebook file"),
        ("huge notebook", "more than the 100 MB a quiz notebook can be"),
        ("timestamp link", "timestamp.txt in"),  # read, /dev/zero would never end
        ("timestamp pipe", "is a pipe or socket, not the time of hand-in"),  # read, a pipe would block
        ("timestamp essay", "is 5,000 bytes long, not the time of hand-in"),
        ("folder link", "is a link to another folder"),
    ],
)
def test_what_cannot_be_read_safely_is_refused_with_the_reason(folder: Path, how: str, says: str) -> None:
    _break(folder, how)
    with pytest.raises(SubmissionError) as caught:
        check_submission(folder, _notebooks(folder) or [folder / "quiz1.ipynb"])
    assert says in str(caught.value)
    assert "ask the student" in str(caught.value) or "write the time" in str(caught.value) or "collect" in str(caught.value)


def test_an_ordinary_submission_passes(folder: Path) -> None:
    check_submission(folder, _notebooks(folder))


def test_only_the_students_own_regular_files_are_listed(folder: Path) -> None:
    (folder / "notes.txt").write_text("mine")
    (folder / "pics").mkdir()
    (folder / "pics" / "arm.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.ipynb").write_text("{}")  # nbgrader's glob does not match it: copied like any file
    (folder / "old.pyc").write_bytes(b"")  # ignored, as nbgrader ignores it
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "x.pyc").write_bytes(b"")
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "theirs").symlink_to(folder.parent.parent / "ben" / "quiz1")  # a folder outside
    (folder / "dangling").symlink_to("nowhere")
    os.mkfifo(folder / "pipe")
    keep, skipped = student_files(folder, IGNORE)
    assert sorted(str(p.relative_to(folder)) for p in keep) == [".hidden.ipynb", "notes.txt", "pics/arm.png", "timestamp.txt"]
    assert sorted(skipped, key=lambda s: s.path) == [
        Skipped("dangling", "a link to another file"), Skipped("passwd", "a link to another file"),
        Skipped("pipe", "a pipe or socket"), Skipped("theirs", "a link to another file"),
    ]


def test_a_copy_never_follows_a_link_or_opens_a_pipe(tmp_path: Path) -> None:
    source, dest = tmp_path / "notes.txt", tmp_path / "out" / "notes.txt"
    source.write_text("mine")
    copy_regular_file(source, dest)
    assert dest.read_text() == "mine"
    outside = tmp_path / "outside.txt"
    outside.write_text("not to be overwritten")
    dest.unlink()
    dest.symlink_to(outside)  # a link planted where the copy goes: replaced, not written through
    copy_regular_file(source, dest)
    assert not dest.is_symlink() and outside.read_text() == "not to be overwritten"
    link = tmp_path / "link"
    link.symlink_to(outside)  # swapped for a link after it was listed
    with pytest.raises(OSError, match="link") as refused:  # O_NOFOLLOW: ELOOP, never the target's text
        copy_regular_file(link, tmp_path / "out" / "link")
    assert refused.value.errno == errno.ELOOP
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError, match="no longer a regular file"):
        copy_regular_file(tmp_path / "pipe", tmp_path / "out" / "pipe")  # returns at once: no writer is waited for


def test_one_note_names_what_was_left_out() -> None:
    skipped = [Skipped(f"f{n}", "a link to another file") for n in range(7)]
    note = skipped_note(skipped)
    assert note.startswith("not copied to autograded/ (never followed or read): f0 is a link to another file; f1")
    assert note.endswith("; and 2 more")
