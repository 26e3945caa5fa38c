"""Which nbgrader course folder an instructor command works on, and what nbgrader's settings say about it.

:func:`find_course_dir` is the one place that decides, in this order:

1. ``--course-dir DIR`` on the command line;
2. the ``NMT_COURSE_DIR`` environment variable;
3. the nearest folder holding an ``nbgrader_config.py``, from the current
   folder upward (so ``cd quizzes/source/week-3`` still finds ``quizzes``);
   if that file sets ``CourseDirectory.root``, that folder is the course;
4. ``CourseDirectory.root`` set in an ``nbgrader_config.py`` of a Jupyter
   configuration folder (``~/.jupyter``, ``/etc/jupyter`` ...), which is how
   nbgrader's JupyterHub guide points a grader account at its course.

Anything else is an error that says what to type. :class:`CourseFolder`
then reads the rest from nbgrader's own settings, loaded the way nbgrader
loads them when it runs in that folder (the Jupyter configuration folders
first, the course's ``nbgrader_config.py`` last and strongest): where the
gradebook is (``CourseDirectory.db_url``, SQLite in the folder by default,
PostgreSQL through ``NMT_COURSE_DB_URL``) and where the exchange is
(``Exchange.root``, through ``NMT_COURSE_EXCHANGE``). nbgrader's fallback for
an exchange nobody configured, ``/usr/local/share/nbgrader/exchange``, is
never used silently: :meth:`CourseFolder.exchange` refuses it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NmtCourseError

__all__ = ["CONFIG_NAME", "CourseFolder", "CourseFolderError", "find_course_dir", "hide_password"]

CONFIG_NAME = "nbgrader_config.py"


class CourseFolderError(NmtCourseError):
    """No course folder could be found, or its settings cannot be used (a usage error: exit status 2)."""


@dataclass(frozen=True)
class CourseFolder:
    """A course folder and how it was found (``how`` is said to the instructor)."""

    path: Path
    how: str
    _config: list[Any] = field(default_factory=list, compare=False, repr=False)  # loaded once, on first use

    def describe(self) -> str:
        """``Course folder: /srv/course (from NMT_COURSE_DIR)``."""
        return f"Course folder: {self.path} ({self.how})"

    def config(self) -> Any:
        """nbgrader's merged settings for this folder (a traitlets ``Config``), as nbgrader would load them here."""
        if not self._config:
            self._config.append(_load_settings(self.path))
        return self._config[0]

    def gradebook_url(self, *, must_exist: bool = False) -> str:
        """The gradebook's SQLAlchemy URL: ``CourseDirectory.db_url``, else ``sqlite:///<folder>/gradebook.db``.

        With ``must_exist``, an SQLite gradebook that is not there is an
        error (nbgrader would quietly create an empty one).
        """
        url = str(self.config().CourseDirectory.get("db_url") or "") or f"sqlite:///{self.path / 'gradebook.db'}"
        if must_exist and url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///"):])
            if not path.is_file():
                raise NmtCourseError(f"there is no gradebook at {path} yet; grade the quiz first (nmt-course grade NAME, after nbgrader collect NAME)")
        return url

    def exchange(self) -> str:
        """The exchange folder set for this course; an error naming both ways to set it when there is none."""
        config = self.config()
        factory = config.get("ExchangeFactory", {})
        if any(key in factory for key in ("release_assignment", "exchange")):
            return "(a custom exchange set in ExchangeFactory)"  # another exchange (ngshare and the like) has no root folder
        root = config.Exchange.get("root")
        if not root:
            raise CourseFolderError(
                f"no exchange folder is set for the course in {self.path}, so students could not fetch the quiz. "
                "Set NMT_COURSE_EXCHANGE to the folder students fetch from and submit to "
                "(for example: export NMT_COURSE_EXCHANGE=/srv/nbgrader/exchange), "
                f"or set c.Exchange.root in {self.path / CONFIG_NAME}. "
                "nbgrader's own fallback, /usr/local/share/nbgrader/exchange, is not used without being asked for."
            )
        return str(root)


def find_course_dir(
    explicit: str | os.PathLike[str] | None = None,
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> CourseFolder:
    """The course folder an instructor command should use (see the module notes for the order)."""
    env = os.environ if environ is None else environ
    here = Path(cwd) if cwd is not None else Path.cwd()
    if explicit:
        return CourseFolder(_absolute(Path(explicit), here), "from --course-dir")
    if env.get("NMT_COURSE_DIR", "").strip():
        return CourseFolder(_absolute(Path(env["NMT_COURSE_DIR"].strip()), here), "from NMT_COURSE_DIR")
    for folder in (here.resolve(), *here.resolve().parents):
        config_file = folder / CONFIG_NAME
        if config_file.is_file():
            root = _load_file(config_file).CourseDirectory.get("root")
            if root and _absolute(Path(root), folder) != folder:
                return CourseFolder(_absolute(Path(root), folder), f"CourseDirectory.root in {config_file}")
            where = "in the current folder" if folder == here.resolve() else "above the current folder"
            return CourseFolder(folder, f"{CONFIG_NAME} found {where}")
    for config_dir in _jupyter_config_dirs():
        config_file = Path(config_dir) / CONFIG_NAME
        if config_file.is_file():
            root = _load_file(config_file).CourseDirectory.get("root")
            if root:
                return CourseFolder(_absolute(Path(root), Path(config_dir)), f"CourseDirectory.root in {config_file}")
    raise CourseFolderError(
        f"no course folder found: neither {here} nor any folder above it holds an {CONFIG_NAME}. "
        "Run the command inside the course folder (cd quizzes), "
        "or name it with --course-dir DIR or NMT_COURSE_DIR=DIR."
    )


def hide_password(url: str) -> str:
    """A database URL fit to print: its password, if any, replaced by ``***``."""
    try:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
    except Exception:
        return url
    return url if parsed.password is None else parsed.render_as_string(hide_password=True)


def _absolute(path: Path, base: Path) -> Path:
    return (base / path.expanduser()).resolve() if not path.expanduser().is_absolute() else path.expanduser().resolve()


def _jupyter_config_dirs() -> list[str]:
    from jupyter_core.paths import jupyter_config_path

    return list(jupyter_config_path())


def _load_file(path: Path) -> Any:
    """One ``nbgrader_config.py`` (or ``.json``), as traitlets loads it; an error that names the file if it is broken."""
    from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

    loader = JSONFileConfigLoader if path.suffix == ".json" else PyFileConfigLoader
    try:
        return loader(path.name, path=str(path.parent)).load_config()
    except ConfigFileNotFound:
        from traitlets.config import Config

        return Config()
    except Exception as exc:
        raise CourseFolderError(f"{path} could not be read ({type(exc).__name__}: {exc}); fix it and try again") from None


def _load_settings(course: Path) -> Any:
    """nbgrader's settings for ``course``: the Jupyter folders' ``nbgrader_config`` files, weakest first, then the course's."""
    from traitlets.config import Config

    config = Config()
    for folder in reversed(_jupyter_config_dirs()):  # jupyter_config_path() lists the strongest first
        for name in ("nbgrader_config.json", CONFIG_NAME):
            path = Path(folder) / name
            if path.is_file():
                config.merge(_load_file(path))
    own = course / CONFIG_NAME
    if own.is_file():
        config.merge(_load_file(own))
    return config
