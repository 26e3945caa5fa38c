"""One class on one JupyterHub: the settings file and what JupyterHub and nbgrader make of it.

A school's admin writes one YAML file (``deploy/hub/class.example.yaml`` is
the template)::

    course_id: nmt-course        # nbgrader's course id, and the grading service's name
    grader: grader-nmt           # the account that owns the course folder and runs formgrader
    course_dir: /home/grader-nmt/nmt-course
    exchange: /srv/nbgrader/exchange
    instructors: [alice]
    students: [sam, kim]

and ``deploy/hub/jupyterhub_config.py`` turns it into JupyterHub settings
with the functions here, following nbgrader's JupyterHub guide ("one class,
multiple graders" with JupyterHub groups): the course runs as a hub-managed
service (a Jupyter server of the grader account, with formgrader) that the
``formgrade-<course>`` group may open; students are in ``nbgrader-<course>``
and see only the Assignment List; instructors are in ``instructors`` (the
guide's role for the admin page) and in both course groups. The same
functions write the Kubernetes values (:mod:`.kubernetes`), so the two
deployments cannot drift apart. Nothing here starts or changes anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from ..errors import ContentError
from ..knowledge.files import read_yaml

__all__ = [
    "ClassSettings", "HubPorts", "load_settings", "groups", "roles", "course_service", "role_of",
    "STUDENT", "INSTRUCTOR", "COURSE", "ROLES", "DISABLED_LAB_EXTENSIONS", "DISABLED_SERVER_EXTENSIONS", "COURSE_FRAMING",
    "role_files", "course_environment", "unsafe_url", "formgrade_group", "course_group", "SERVICE_START_SECONDS",
]

# a portable unix account name (what useradd accepts without --badname)
Account = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_-]{0,31}$")]
CourseId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
AbsolutePath = Annotated[str, StringConstraints(pattern=r"^/")]

STUDENT, INSTRUCTOR, COURSE = "student", "instructor", "course"
SERVICE_START_SECONDS = 300
ROLES = (STUDENT, INSTRUCTOR, COURSE)

# nbgrader's extensions each kind of server must not offer (the table in nbgrader's JupyterHub guide):
# students keep only the Assignment List; instructors their Assignment List and Courses (formgrader is
# the course service's); the course service everything but the student-side lists
DISABLED_LAB_EXTENSIONS: dict[str, tuple[str, ...]] = {
    STUDENT: ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:validate-assignment"),
    INSTRUCTOR: ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader"),
    COURSE: ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list"),
}
DISABLED_SERVER_EXTENSIONS: dict[str, tuple[str, ...]] = {
    STUDENT: ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list", "nbgrader.server_extensions.validate_assignment"),
    INSTRUCTOR: ("nbgrader.server_extensions.formgrader",),
    COURSE: ("nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.course_list"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HubPorts(_Strict):
    """Where the hub listens: the public address and the three ports that stay on 127.0.0.1."""

    url: str = "http://:8000"
    hub_port: int = Field(8081, ge=1, le=65535)
    proxy_api_port: int = Field(8001, ge=1, le=65535)
    course_service_port: int = Field(9999, ge=1, le=65535)
    state_dir: AbsolutePath = "/srv/jupyterhub"
    ssl_cert: AbsolutePath | None = None
    ssl_key: AbsolutePath | None = None


class ClassSettings(_Strict):
    """The class: its course, its accounts, its folders (see the module notes)."""

    course_id: CourseId = "nmt-course"
    grader: Account
    course_dir: AbsolutePath
    exchange: AbsolutePath = "/srv/nbgrader/exchange"
    instructors: list[Account] = Field(min_length=1)
    students: list[Account] = []
    admins: list[Account] = []
    gradebook: str | None = None  # SQLAlchemy URL; None: SQLite in the course folder
    hub: HubPorts = HubPorts()

    @model_validator(mode="after")
    def _accounts_have_one_part(self) -> ClassSettings:
        both = sorted(set(self.instructors) & set(self.students))
        if both:
            raise ValueError(f"{', '.join(both)} cannot be both instructor and student: an instructor sees the answer keys")
        if self.grader in {*self.instructors, *self.students}:
            raise ValueError(f"the grader account {self.grader!r} is the course's own account: do not list it as a person")
        for name, people in (("instructors", self.instructors), ("students", self.students)):
            twice = sorted({p for p in people if people.count(p) > 1})
            if twice:
                raise ValueError(f"{', '.join(twice)} listed twice in {name}")
        return self

    @property
    def people(self) -> list[str]:
        return [*self.instructors, *self.students]


def load_settings(path: Path) -> ClassSettings:
    """Read and check the class file; every problem names the file and the setting."""
    data = read_yaml(Path(path), label=Path(path).name)
    if not isinstance(data, dict):
        raise ContentError("the file must hold settings like 'course_id: nmt-course', one per line", file=Path(path).name, line=1)
    try:
        return ClassSettings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = " > ".join(str(p) for p in first["loc"]) or "the file"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "string_pattern_mismatch":
            field = str(first["loc"][0])
            message = (
                f"{first['input']!r} must be a full path, starting with /" if field in {"course_dir", "exchange", "hub"}
                else f"{first['input']!r} is not a usable name (a course id: letters, digits, '-' and '_')" if field == "course_id"
                else f"{first['input']!r} is not a unix account name (lowercase letters, digits, '-' and '_', starting with a letter)"
            )
        elif first["type"] == "extra_forbidden":
            message = f"unknown setting {first['loc'][-1]!r} (see class.example.yaml for the settings there are)"
        raise ContentError(message, file=Path(path).name, place=place) from None


def formgrade_group(s: ClassSettings) -> str:
    return f"formgrade-{s.course_id}"


def course_group(s: ClassSettings) -> str:
    return f"nbgrader-{s.course_id}"


def groups(s: ClassSettings) -> dict[str, list[str]]:
    """JupyterHub groups, named as nbgrader's JupyterHubAuthPlugin expects (``formgrade-*`` and ``nbgrader-*``)."""
    return {
        "instructors": list(s.instructors),
        formgrade_group(s): [*s.instructors, s.grader],
        course_group(s): [*s.instructors, *s.students],
    }


def roles(s: ClassSettings) -> list[dict[str, Any]]:
    """The roles of nbgrader's guide, and the scopes the course service needs to keep its student group."""
    course = s.course_id
    return [
        {"name": "instructor", "groups": ["instructors"], "scopes": ["admin:users", "admin:servers"]},
        {"name": formgrade_group(s), "groups": [formgrade_group(s)], "scopes": [f"access:services!service={course}", "list:services", f"read:services!service={course}"]},
        {"name": course_group(s), "groups": [course_group(s)], "scopes": ["list:services", f"read:services!service={course}"]},
        # a server may do what its owner may: nbgrader's course and assignment lists ask the hub with the server's token
        {"name": "server", "scopes": ["inherit"]},
        # formgrader's "add student" puts the student in the course group (JupyterHubAuthPlugin)
        {
            "name": f"{course}-service", "services": [course],
            "scopes": ["list:users", "read:users", "list:groups", f"read:groups!group={course_group(s)}", f"groups!group={course_group(s)}"],
        },
    ]


def role_of(s: ClassSettings, user: str) -> str:
    """``instructor`` or ``student`` (anyone else the hub lets in is treated as a student)."""
    return INSTRUCTOR if user in s.instructors else STUDENT


def course_environment(s: ClassSettings) -> dict[str, str]:
    """What the course's commands read: where the course, the exchange and the gradebook are."""
    env = {"NMT_COURSE_ID": s.course_id, "NMT_COURSE_DIR": s.course_dir, "NMT_COURSE_EXCHANGE": s.exchange}
    if s.gradebook:
        env["NMT_COURSE_DB_URL"] = s.gradebook
    return env


def course_service(
    s: ClassSettings, *, command: list[str], environment: dict[str, str], hub_version: tuple[int, ...] = (6,)
) -> dict[str, Any]:
    """The grading service: the grader account's Jupyter server, run by the hub, opened at formgrader.

    JupyterHub 6 lets a service say how long the hub waits for it at start
    (``timeout``); JupyterHub 5 has no such setting and waits 10 s, which is
    enough on a quiet server, so the key is left out there (``hub_version``).
    """
    spec = {
        "name": s.course_id,
        "url": f"http://127.0.0.1:{s.hub.course_service_port}",
        "command": command,
        "user": s.grader,
        "cwd": s.course_dir,
        "environment": {**environment, **course_environment(s), "JUPYTERHUB_DEFAULT_URL": "/lab"},
        "oauth_no_confirm": True,
        "display": True,
        "info": {"course": s.course_id},
    }
    if hub_version >= (6,):
        # how long the hub waits for it at start (JupyterLab with formgrader needs 10-30 s on a busy machine)
        spec["timeout"] = SERVICE_START_SECONDS
    return spec


# formgrader is shown in a frame of the course service's own JupyterLab; JupyterHub (4.1 and later) forbids
# all framing of single-user servers unless told otherwise (nbgrader issue 1870). Only the course service's
# pages may be framed, and only by pages of this hub's own address; students' servers keep JupyterHub's 'none'.
COURSE_FRAMING = "frame-ancestors 'self'"


def role_files(role: str) -> dict[str, str]:
    """The Jupyter settings files of one role's servers (``deploy/hub/jupyter/<role>/``), by relative path."""
    server: dict[str, Any] = {"ServerApp": {
        "jpserver_extensions": {ext: False for ext in DISABLED_SERVER_EXTENSIONS[role]},
        # not a login shell: /etc/profile would put back a PATH without the course's programs (nmt-course, nbgrader)
        "terminado_settings": {"shell_command": ["/bin/bash"]},
    }, "LabApp": {
        # the hub reaches no news feed or update server, and students need no prompt about either
        "news_url": None,
        "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
    }}
    if role == COURSE:
        server["ServerApp"]["tornado_settings"] = {"headers": {"Content-Security-Policy": COURSE_FRAMING}}
    # and nobody is asked to opt in to Jupyter's news feed, which the hub cannot reach
    page = {"disabledExtensions": {ext: True for ext in (*DISABLED_LAB_EXTENSIONS[role], "@jupyterlab/apputils-extension:announcements")}}
    return {"jupyter_server_config.json": _json(server), "labconfig/page_config.json": _json(page)}


def _json(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def unsafe_url(url: str) -> bool:
    """A hub address that would send passwords in clear over the network (plain http, not to this machine)."""
    match = re.match(r"^http://(\[[^\]]*\]|[^:/]*)", url)
    return match is not None and match.group(1) not in {"127.0.0.1", "localhost", "[::1]"}
