"""Progress files on storage where SQLite cannot work in place (the browser site).

In the JupyterLite site, files the student keeps live on the contents drive
(``/drive``), which stores each file whole in the browser (IndexedDB). That
drive reads a file whole when it is opened and writes it whole when it is
closed, and reports the size last saved rather than the size being written,
so SQLite's page-by-page writes and size checks cannot run on it directly.

A :class:`WorkingCopy` lets SQLite work on a copy in Pyodide's memory file
system instead, and makes the saved file follow it:

- :meth:`pull` (before each use) copies the saved file over the copy when it
  has changed (another notebook saved an answer), and removes the copy when
  the saved file was deleted (the student reset their progress);
- :meth:`push` (after each use) writes the copy back as one whole file, only
  when its bytes changed, and copies any damaged file the store kept aside
  (``*.corrupt-*``) next to the saved file, so nothing is lost.

SQLite only ever sees a complete file: its journal lives and dies in memory,
and the saved file is replaced in one write. Elsewhere (CPython on a disk) the
store uses the file directly; :func:`needs_working_copy` decides.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

__all__ = ["WorkingCopy", "needs_working_copy"]


def needs_working_copy(path: Path) -> bool:
    """True in Pyodide (the browser), whose persistent files cannot host SQLite in place."""
    return sys.platform == "emscripten"


class WorkingCopy:
    """An in-memory working copy of the progress file ``saved``."""

    def __init__(self, saved: Path, *, scratch: Path | None = None) -> None:
        self.saved = saved
        key = hashlib.sha256(str(saved).encode()).hexdigest()[:16]
        folder = (scratch or Path(tempfile.gettempdir()) / "nmt-course-progress") / key
        folder.mkdir(parents=True, exist_ok=True)
        self.working = folder / saved.name
        self._synced: bytes | None = None  # the bytes both files held after the last pull or push

    def pull(self) -> Path:
        """Bring the working copy up to date with the saved file; return the working copy's path.

        Raises ``OSError`` when the saved file exists but cannot be read.
        """
        if not self.saved.exists():
            if self._synced is not None:  # it was there: deleted on purpose, so start afresh too
                self._remove_working()
            self._synced = None
            return self.working
        data = self.saved.read_bytes()
        if data != self._synced or not self.working.exists():
            self._remove_working()
            self.working.write_bytes(data)
        self._synced = data
        return self.working

    def push(self) -> None:
        """Write the working copy back to the saved file when it changed; keep damaged files aside there too.

        Raises ``OSError`` when the saved file cannot be written.
        """
        for kept in sorted(self.working.parent.glob(f"{self.working.name}.corrupt-*")):
            target = self.saved.with_name(kept.name)
            if not target.exists():
                self.saved.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(kept.read_bytes())
        if not self.working.exists():
            return
        data = self.working.read_bytes()
        if data == self._synced:
            return
        self.saved.parent.mkdir(parents=True, exist_ok=True)
        self.saved.write_bytes(data)
        self._synced = data

    def _remove_working(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            self.working.with_name(self.working.name + suffix).unlink(missing_ok=True)
