"""A submission's files: what grading may read and copy, and what it never follows.

A student's folder in ``submitted/`` can hold more than notebooks: notes, a
picture, and, in a hostile hand-in, a link to ``/etc/passwd``, to another
student's notebook, to ``/dev/zero``, or a named pipe that would block any
reader. nbgrader copies every extra file it finds with ``shutil.copy``,
following links. Here:

- :func:`check_submission` refuses (with the reason) a submission folder that
  is a link, a notebook that is a link or not a regular file, a notebook
  larger than :data:`NOTEBOOK_LIMIT`, and a ``timestamp.txt`` that is a link,
  not a regular file or not a short text;
- :func:`student_files` lists the extra files to copy: regular files inside
  the folder only, found without following any link; everything else is
  listed as :class:`Skipped`, with why, for the instructor's note;
- :func:`copy_regular_file` copies one of them without following a link even
  if the file was swapped for one after it was listed (``O_NOFOLLOW``, and the
  opened file is checked again).

Nothing here writes inside ``submitted/``.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import SubmissionError

__all__ = ["NOTEBOOK_LIMIT", "TIMESTAMP_LIMIT", "Skipped", "check_submission", "student_files", "copy_regular_file", "skipped_note"]

#: the largest notebook file that is read (a 50 MB pasted answer still fits: it is graded "too long")
NOTEBOOK_LIMIT = 100 * 1024 * 1024
#: the largest timestamp.txt that is read (nbgrader writes about 30 bytes)
TIMESTAMP_LIMIT = 1024

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


@dataclass(frozen=True)
class Skipped:
    """A file of the student's that was not copied, and why (``"a link to another file"``...)."""

    path: str  # relative to the submission folder
    why: str


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a link to another file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "a pipe or socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def check_submission(folder: Path, notebooks: list[Path]) -> None:
    """Refuse, with the reason and what to do, a submission that cannot be read safely."""
    for place in (folder.parent, folder):
        found = _lstat(place)
        if found is not None and stat.S_ISLNK(found.st_mode):
            raise SubmissionError(
                f"the submission folder {place} is a link to another folder ({_target(place)}); "
                "collect the student's own submission again (nbgrader collect --update)"
            )
    for notebook in notebooks:
        found = _lstat(notebook)
        if found is None:
            continue
        if stat.S_ISLNK(found.st_mode):
            raise SubmissionError(
                f"{notebook.name} is linked to another file ({_target(notebook)}), not a notebook of the student's own; "
                "it was not graded: ask the student to submit their own notebook"
            )
        if not stat.S_ISREG(found.st_mode):
            raise SubmissionError(f"{notebook.name} is {_kind(found.st_mode)}, not a notebook file; ask the student to submit it again")
        if found.st_size > NOTEBOOK_LIMIT:
            raise SubmissionError(
                f"{notebook.name} is {found.st_size / 2**20:,.0f} MB, more than the {NOTEBOOK_LIMIT / 2**20:.0f} MB a quiz notebook can be; "
                "ask the student to clear what they pasted into it and submit it again"
            )
    timestamp = folder / "timestamp.txt"
    found = _lstat(timestamp)
    if found is not None and (not stat.S_ISREG(found.st_mode) or found.st_size > TIMESTAMP_LIMIT):
        what = _kind(found.st_mode) if not stat.S_ISREG(found.st_mode) else f"{found.st_size:,} bytes long"
        raise SubmissionError(
            f"timestamp.txt in {folder} is {what}, not the time of hand-in; "
            "write the time into it, like 2026-03-01 09:30:00 UTC, or delete it"
        )


def _target(link: Path) -> str:
    try:
        text = os.readlink(link)
    except OSError:
        return "unreadable"
    return text if len(text) <= 80 else text[:79] + "…"


def _ignored(name: str, patterns: list[str]) -> bool:
    """nbgrader's ``is_ignored`` (a glob in the file's folder), as a match on the name: no folder listing per file."""
    hidden = name.startswith(".")
    return any(fnmatch.fnmatchcase(name, p) and (not hidden or p.startswith(".")) for p in patterns)


def student_files(folder: Path, ignore: list[str]) -> tuple[list[Path], list[Skipped]]:
    """The regular files under ``folder`` (not notebooks, not ignored), and what was left out; no link is followed."""
    keep: list[Path] = []
    skipped: list[Skipped] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(str(current.relative_to(folder)), f"a folder that could not be read ({exc.strerror})"))
            continue
        for entry in entries:
            if _ignored(entry.name, ignore):
                continue
            path = Path(entry.path)
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                pending.append(path)
            elif stat.S_ISREG(mode):
                if entry.name.endswith(".ipynb") and not entry.name.startswith("."):
                    continue  # notebooks are graded, not copied (nbgrader's rule)
                keep.append(path)
            elif entry.name != "timestamp.txt" or current != folder:
                skipped.append(Skipped(str(path.relative_to(folder)), _kind(mode)))
    return keep, skipped


def copy_regular_file(source: Path, dest: Path) -> None:
    """Copy one regular file; refuse (``OSError``) if it has become a link or anything but a regular file."""
    fd = os.open(source, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{source} is no longer a regular file")
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_symlink() or dest.exists():
            dest.unlink()
        with os.fdopen(os.dup(fd), "rb") as reader, open(dest, "xb") as writer:
            shutil.copyfileobj(reader, writer)
    finally:
        os.close(fd)


def skipped_note(skipped: list[Skipped]) -> str:
    """One note for the instructor about every file that was left out."""
    shown = "; ".join(f"{s.path} is {s.why}" for s in skipped[:5])
    more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return f"not copied to autograded/ (never followed or read): {shown}{more}"
