"""nbgrader's exchange with two gaps closed for a shared hub, where every student is a unix account.

nbgrader's own exchange hides submissions only by their names: ``inbound/``
cannot be listed, but each submission is readable by everyone who knows its
path (files 0644), a student can hand in under another student's id
(``--student``), and ``collect``, which runs as the grader, copies whatever a
symlink in a submission points to, files the grader can read and the student
cannot (the source notebook with its answers, say). Two subclasses, set in
``deploy/hub/jupyter/common/nbgrader_config.py``:

- :class:`PrivateSubmit` (students' side): a submission is readable by its
  student and by the course's grader group only (files 0640, folders 0750).
  ``inbound/`` is set-group-id, so every folder and file a student creates in
  it belongs to the grader's group; nbgrader's copy (``shutil.copytree``)
  would copy the student's own folder modes onto the submission and so drop
  that bit before ``timestamp.txt`` is written, so the copy here makes the
  folders itself. A submission is always handed in under the student's own
  account.
- :class:`CheckedCollect` (grader's side): a submission is collected only if
  the account that owns it is the student it claims to be, and it holds only
  plain files and folders (no links, devices or pipes); anything else is left
  in ``inbound/`` and named in the log, so the instructor knows whom to ask.

Everything else is nbgrader's code.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import stat
from pathlib import Path
from typing import Any

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit

__all__ = ["PrivateSubmit", "CheckedCollect", "submission_problem"]

FILE_MODE = 0o640
FOLDER_MODE = 0o750
TOP_MODE = 0o770  # the grader's group may tidy it up later, as nbgrader's 0777 intends


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, handing in under the student's own account, readable by them and the grader only."""

    def init_dest(self) -> None:
        own = pwd.getpwuid(os.getuid()).pw_name
        if self.coursedir.student_id not in ("*", "", own):
            self.fail(f"You can only hand in your own work: you are {own}, not {self.coursedir.student_id}.")
        self.coursedir.student_id = "*"  # nbgrader then takes the account's own name
        super().init_dest()

    def do_copy(self, src: str, dest: str, log: Any = None) -> None:
        """nbgrader's copy (same size limit, same ignore and include rules), making each folder anew."""
        from nbgrader.exchange.default.exchange import ignore_patterns

        size = self.get_size(src)
        if size > 1000 * self.coursedir.max_dir_size:
            self.log.error("Directory size is too big")
            raise RuntimeError(f"Directory size is too big. Size is {size}, maximum size is {1000 * self.coursedir.max_dir_size}")
        ignore = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include, max_file_size=self.coursedir.max_file_size, log=self.log)
        _copy_tree(Path(src), Path(dest), ignore)

    def set_perms(self, dest: str, fileperms: int, dirperms: int) -> None:
        """Called by nbgrader's ``copy_files`` on the new submission; the modes above instead of its world-readable ones."""
        for folder, _dirs, files in os.walk(dest):
            for name in files:
                os.chmod(os.path.join(folder, name), FILE_MODE)
        for folder, _dirs, _files in sorted(os.walk(dest), key=lambda w: -len(w[0])):
            os.chmod(folder, FOLDER_MODE)

    def copy_files(self) -> None:
        super().copy_files()  # ends with chmod 0777 on the submission's folder ("so the instructor can delete later")
        top = Path(self.inbound_path) / self.assignment_filename
        if top.is_dir():
            os.chmod(top, TOP_MODE)


def _copy_tree(src: Path, dest: Path, ignore: Any) -> None:
    """Contents only: new folders take the group of the set-group-id folder they are made in; files are copied plainly."""
    dest.mkdir()
    names = os.listdir(src)
    skipped = ignore(str(src), names)
    for name in names:
        if name in skipped:
            continue
        if (src / name).is_dir():
            _copy_tree(src / name, dest / name, ignore)
        else:
            shutil.copyfile(src / name, dest / name)


def submission_problem(path: Path, student: str) -> str | None:
    """Why a submission folder in ``inbound/`` must not be collected, or None when it may be."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    owner = _account(info.st_uid)
    if owner != student:
        return f"claims to be from {student} but was handed in by {owner}"
    for folder, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            item = Path(folder) / name
            mode = os.lstat(item).st_mode
            if stat.S_ISLNK(mode):
                return f"holds a link, {item.relative_to(path)} -> {os.readlink(item)}, which is not collected"
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return f"holds {item.relative_to(path)}, which is not a plain file"
    return None


def _account(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"an unknown account ({uid})"


class CheckedCollect(ExchangeCollect):
    """nbgrader's collect, leaving out (and naming) submissions from the wrong account or with links in them.

    nbgrader picks one submission per student (the newest, or the newest
    before the due date); if that one is refused, the student's newest
    acceptable one is collected instead, so a classmate's forged hand-in
    cannot hide a student's own.
    """

    def init_src(self) -> None:
        super().init_src()
        self.refused: list[tuple[str, str]] = []
        kept: list[dict[str, Any]] = []
        chosen: list[dict[str, Any]] = self.src_records  # type: ignore[has-type]  # nbgrader sets it in init_src: one per student
        for record in chosen:
            pattern = f"{glob.escape(record['username'])}+{glob.escape(self.coursedir.assignment_id)}+*"
            theirs = self._sort_by_timestamp([self._path_to_record(str(p)) for p in Path(self.inbound_path).glob(pattern)])
            ordered = [record] + [r for r in theirs if r["filename"] != record["filename"]]
            for candidate in ordered:
                problem = submission_problem(Path(self.inbound_path) / candidate["filename"], candidate["username"])
                if problem is None:
                    kept.append(candidate)
                    break
                self.log.error("Not collected: %s %s", candidate["filename"], problem)
                self.refused.append((candidate["filename"], problem))
        self.src_records = kept
