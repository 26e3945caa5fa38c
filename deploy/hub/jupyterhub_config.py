"""JupyterHub for one nmt-course class on one server: local unix accounts, nbgrader's exchange, formgrader as a service.

Start it as root, from the course's own environment (deploy/hub/README.md):

    /opt/nmt-course/venv/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py

Everything about the class is in one file, ``class.yaml`` beside this one (or
the file named by ``NMT_HUB_CLASS``); ``class.example.yaml`` explains each
setting. From it this configuration sets up, following nbgrader's JupyterHub
guide ("one class, multiple graders"):

- people log in with their unix account and password (PAM); only the
  accounts in ``class.yaml`` may;
- each person's Jupyter server runs as their own account from the course's
  environment, with nbgrader's extensions chosen by role (students: only the
  Assignment List; instructors: the Assignment List and Courses; the course
  service: formgrader and Create Assignment), from ``jupyter/<role>/`` beside
  this file;
- the course folder is served by a hub-managed service named after the
  course, running as the grader account, with formgrader; the
  ``formgrade-<course>`` group (instructors) may open it at
  ``/services/<course>/``, and its pages may be framed by the hub's own pages
  so that formgrader renders inside JupyterLab (JupyterHub 4.1 and later
  forbid framing by default: nbgrader issue 1870);
- the exchange folder (mode 1777: anyone may hand in, nobody may rename
  another's folder), the course's folder in it (the grader's, created before
  any student could claim the name), the course folder (the grader's only)
  and every home folder (its owner's only, checked at each server start);
- nbgrader's exchange plugins from ``nmt_course.hub.exchange``: submissions
  readable by their student and the graders only, collected only from the
  account they claim to be from and never through a link.

Anything this file cannot set up is a clear error at start, naming what to do.
Settings for a site go in ``jupyterhub_config.d/*.py`` beside this file
(loaded last, in name order), never in this file.
"""

import os
import pwd
import stat
import sys
from pathlib import Path

import jupyterhub

from nmt_course.hub.settings import (
    COURSE,
    STUDENT,
    course_environment,
    course_service,
    groups,
    load_settings,
    role_of,
    roles,
    unsafe_url,
)

c = get_config()  # noqa: F821 - provided by JupyterHub

HERE = Path(__file__).resolve().parent
CLASS_FILE = Path(os.environ.get("NMT_HUB_CLASS") or HERE / "class.yaml")
SETTINGS = load_settings(CLASS_FILE)
VENV_BIN = Path(sys.executable).parent  # the hub runs from the course's environment; so do everyone's servers
ROLE_CONFIG = HERE / "jupyter"


class SetupError(SystemExit):
    """The hub cannot start as configured: one message saying what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(f"nmt-course hub: {message}")


def _readable_by_everyone(path: Path) -> bool:
    """Whether any account can reach ``path`` (every folder above it searchable, the file itself readable)."""
    real = path.resolve()
    folders = [p for p in real.parents]
    return all(os.stat(p).st_mode & stat.S_IXOTH for p in folders) and bool(os.stat(real).st_mode & stat.S_IROTH)


def _check_accounts() -> None:
    missing = [name for name in [SETTINGS.grader, *SETTINGS.people, *SETTINGS.admins] if not _account_exists(name)]
    if missing:
        raise SetupError(
            f"{CLASS_FILE} names accounts this machine does not have: {', '.join(missing)}. "
            "Create each with: sudo useradd --create-home -K HOME_MODE=0700 --shell /bin/bash NAME, then sudo passwd NAME "
            "(the grader account needs no password: it never logs in)."
        )


def _account_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _check_environment() -> None:
    """Students run the course's Python: it must not live somewhere only root can reach (like /root)."""
    for program in (VENV_BIN / "jupyterhub-singleuser", Path(sys.executable)):
        if not _readable_by_everyone(program):
            raise SetupError(
                f"{program} (really {program.resolve()}) cannot be run by the students' accounts. Build the course's "
                "environment from the system Python in a folder everyone can read, for example: "
                "sudo /usr/bin/python3 -m venv /opt/nmt-course/venv (deploy/hub/README.md, step 1)."
            )
    if not _readable_by_everyone(ROLE_CONFIG / STUDENT / "jupyter_server_config.json"):
        raise SetupError(f"{ROLE_CONFIG} must be readable by every account (it holds the students' Jupyter settings): chmod -R a+rX {HERE}")


def _private(path: Path, owner: str) -> None:
    """Only ``owner`` may enter ``path`` (group and others lose every permission)."""
    info = os.stat(path)
    if info.st_uid != pwd.getpwnam(owner).pw_uid:
        raise SetupError(f"{path} must belong to {owner} (it belongs to {pwd.getpwuid(info.st_uid).pw_name}): sudo chown -R {owner}: {path}")
    if info.st_mode & 0o077:
        os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)


def _prepare_folders() -> None:
    grader = pwd.getpwnam(SETTINGS.grader)
    course = Path(SETTINGS.course_dir)
    if not (course / "nbgrader_config.py").is_file():
        raise SetupError(
            f"the course folder {course} has no nbgrader_config.py. Copy the course's quizzes folder there as the grader: "
            f"sudo -u {SETTINGS.grader} cp -r /path/to/nmt-course/quizzes {course} (deploy/hub/README.md, step 3)."
        )
    _private(Path(grader.pw_dir), SETTINGS.grader)  # the course folder, its sources and gradebook stay the grader's
    _private(course, SETTINGS.grader)
    exchange = Path(SETTINGS.exchange)
    if not exchange.is_dir():
        exchange.mkdir(parents=True)
    if os.stat(exchange).st_uid != 0:
        raise SetupError(f"the exchange folder {exchange} must belong to root (anyone else could replace the course's folder in it): sudo chown root: {exchange}")
    os.chmod(exchange, 0o1777)  # nbgrader wants rwx for all; the sticky bit keeps each entry its owner's
    own = exchange / SETTINGS.course_id
    if not own.exists():
        own.mkdir()
        os.chown(own, grader.pw_uid, grader.pw_gid)
        os.chmod(own, 0o755)
    elif os.stat(own, follow_symlinks=False).st_uid != grader.pw_uid or own.is_symlink():
        raise SetupError(f"{own} belongs to someone other than {SETTINGS.grader}: move it away (it may be a student's), then start the hub again")


def _home_private(spawner) -> None:
    """At every server start: the user's home is theirs alone (Debian's useradd makes it 0755 by default)."""
    home = Path(pwd.getpwnam(spawner.user.name).pw_dir)
    if home.is_dir() and os.stat(home).st_mode & 0o077:
        os.chmod(home, stat.S_IMODE(os.stat(home).st_mode) & 0o700)


def _role_path(role: str) -> str:
    return os.pathsep.join([str(ROLE_CONFIG / role), str(ROLE_CONFIG / "common")])


_check_accounts()
_check_environment()
_prepare_folders()

path = os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"])
everyone = {"PATH": path, "NMT_COURSE_EXCHANGE": SETTINGS.exchange, "NMT_COURSE_ID": SETTINGS.course_id}

# who may log in, and how
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(SETTINGS.people)
c.Authenticator.allow_existing_users = False  # class.yaml is the whole roster
c.Authenticator.admin_users = set(SETTINGS.admins)
c.PAMAuthenticator.open_sessions = False  # no login session per server (they fail without systemd-logind)

# groups and roles as in nbgrader's JupyterHub guide
c.JupyterHub.load_groups = {name: {"users": members} for name, members in groups(SETTINGS).items()}
c.JupyterHub.load_roles = roles(SETTINGS)

# everyone's own server: their account, the course's environment, nbgrader's extensions for their role
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    **everyone,
    "JUPYTER_CONFIG_PATH": lambda spawner: _role_path(role_of(SETTINGS, spawner.user.name)),
}
c.Spawner.pre_spawn_hook = _home_private
c.Spawner.http_timeout = 120  # a busy machine starts JupyterLab slowly
c.Spawner.start_timeout = 180

# the course: the grader account's server with formgrader, started and watched by the hub
service_env = {**everyone, "JUPYTER_CONFIG_PATH": _role_path(COURSE), **course_environment(SETTINGS)}
c.JupyterHub.services = [course_service(
    SETTINGS, command=[str(VENV_BIN / "jupyterhub-singleuser")], environment=service_env, hub_version=jupyterhub.version_info,
)]

# where the hub listens and keeps its state
state = Path(SETTINGS.hub.state_dir)
state.mkdir(parents=True, exist_ok=True)
os.chmod(state, 0o700)
c.JupyterHub.bind_url = SETTINGS.hub.url
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = SETTINGS.hub.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{SETTINGS.hub.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [str(VENV_BIN / "configurable-http-proxy")]  # the pure-Python proxy from PyPI
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
if SETTINGS.hub.ssl_cert and SETTINGS.hub.ssl_key:
    c.JupyterHub.ssl_cert = SETTINGS.hub.ssl_cert
    c.JupyterHub.ssl_key = SETTINGS.hub.ssl_key
elif unsafe_url(SETTINGS.hub.url):
    print(
        f"nmt-course hub: WARNING: {SETTINGS.hub.url} is plain http reachable from other machines; passwords would cross "
        "the network unencrypted. Set hub.ssl_cert and hub.ssl_key in class.yaml, or put the hub behind an https proxy.",
        file=sys.stderr,
    )

for extra in sorted((HERE / "jupyterhub_config.d").glob("*.py")):
    load_subconfig(str(extra))  # noqa: F821 - provided by JupyterHub (traitlets)
