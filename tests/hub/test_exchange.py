"""What the hub's collect refuses: a submission from the wrong account, or one that holds links or special files."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from nmt_course.hub.exchange import submission_problem

ME = pwd.getpwuid(os.getuid()).pw_name


def _submission(tmp_path: Path, extra: str = "") -> Path:
    folder = tmp_path / f"{ME}+quiz1+2026-03-01 09:30:00 UTC+abc"
    (folder / "sub").mkdir(parents=True)
    (folder / "quiz1.ipynb").write_text("{}")
    (folder / "sub" / "notes.txt").write_text("mine")
    if extra == "link":
        (folder / "answers.ipynb").symlink_to("/etc/passwd")
    elif extra == "fifo":
        os.mkfifo(folder / "sub" / "pipe")
    elif extra == "linked folder":
        (folder / "other").symlink_to(tmp_path)
    return folder


@pytest.mark.parametrize(
    ("extra", "claimed", "words"),
    [
        ("", ME, None),  # an ordinary hand-in, from the account it names
        ("", "someone-else", f"claims to be from someone-else but was handed in by {ME}"),  # handed in under a classmate's name
        ("link", ME, "holds a link, answers.ipynb -> /etc/passwd"),  # collect would copy what the link points to
        ("linked folder", ME, "holds a link, other ->"),
        ("fifo", ME, "holds sub/pipe, which is not a plain file"),  # a pipe would hang the copy
    ],
)
def test_what_collect_refuses(tmp_path: Path, extra: str, claimed: str, words: str | None) -> None:
    problem = submission_problem(_submission(tmp_path, extra), claimed)
    assert problem is None if words is None else words in (problem or ""), problem


def test_a_file_in_place_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("not a folder")
    assert submission_problem(tmp_path / "x", ME) == "is not a folder"
