"""Write Zero to JupyterHub values for a class from the same ``class.yaml`` as the one-server hub.

    python deploy/hub/kubernetes/make_values.py /etc/jupyterhub/class.yaml > values.yaml
    helm upgrade --install nmt jupyterhub/jupyterhub --version 4.x --values values.yaml

The groups, roles, per-role extensions and the formgrader framing policy come
from ``nmt_course.hub.settings``, the module ``deploy/hub/jupyterhub_config.py``
uses, so both deployments give the same people the same rights. What differs
on Kubernetes, and why (see ``README.md`` beside this file):

- people log in through the school's identity provider, not PAM, and their
  servers are pods of the single-user image (``Dockerfile``), not processes
  of their unix account: each person gets a uid of their own from the roster
  (the ``hub.extraConfig`` hook below), so that the shared exchange volume's
  file modes keep students apart as unix accounts do on one server;
- the course service is not started by the hub (a hub pod cannot switch
  users): it is its own Deployment (``course-service.yaml``), registered here
  as an external service with a token from a Kubernetes secret.

Nothing here has been run against a cluster (none is available where the
project is tested); ``tests/hub/test_kubernetes_values.py`` checks only that
the file is current and carries the same settings as the hub.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from nmt_course.hub.settings import (
    INSTRUCTOR,
    STUDENT,
    ClassSettings,
    groups,
    load_settings,
    role_files,
    roles,
)

__all__ = ["values", "main"]

FIRST_UID = 20000  # uids the roster hands out in the pods (keep clear of the image's own accounts)
CONFIG_ROOT = "/etc/nmt-course/jupyter"  # where the Dockerfile copies deploy/hub/jupyter


def _uid_hook(s: ClassSettings) -> str:
    uids = {name: FIRST_UID + n for n, name in enumerate([s.grader, *s.people])}
    instructors = sorted(s.instructors)
    return "\n".join([
        "# from deploy/hub/kubernetes/make_values.py: each person's own uid, and their role's Jupyter settings",
        f"UIDS = {json.dumps(uids, sort_keys=True)}",
        f"INSTRUCTORS = {json.dumps(instructors)}",
        "",
        "def nmt_course_pre_spawn(spawner):",
        "    name = spawner.user.name",
        "    if name not in UIDS:",
        "        raise ValueError(f'{name} is not on the class roster (class.yaml)')",
        "    spawner.uid = UIDS[name]",
        "    spawner.gid = UIDS[name]",
        "    role = 'instructor' if name in INSTRUCTORS else 'student'",
        f"    spawner.environment['JUPYTER_CONFIG_PATH'] = f'{CONFIG_ROOT}/{{role}}:{CONFIG_ROOT}/common'",
        "",
        "c.KubeSpawner.pre_spawn_hook = nmt_course_pre_spawn",
        "",
    ])


def values(s: ClassSettings, *, image: str = "registry.school.example/nmt-course-singleuser", tag: str = "0.1.0") -> dict[str, Any]:
    """The chart's values for the class described by ``s``."""
    load_roles = [r for r in roles(s) if "services" not in r] + [
        {"name": f"{s.course_id}-service", "services": [s.course_id], "scopes": next(r["scopes"] for r in roles(s) if "services" in r)},
    ]
    return {
        "hub": {
            "config": {
                "Authenticator": {"allowed_users": sorted(s.people), "admin_users": sorted(s.admins), "allow_existing_users": False},
                "JupyterHub": {"load_groups": {g: {"users": m} for g, m in groups(s).items()}},
            },
            "loadRoles": {r["name"]: {k: v for k, v in r.items() if k != "name"} for r in load_roles},
            "services": {s.course_id: {"url": f"http://{s.course_id}-grading:{s.hub.course_service_port}", "display": True, "oauth_no_confirm": True}},
            "extraConfig": {"nmt-course": _uid_hook(s)},
        },
        "singleuser": {
            "image": {"name": image, "tag": tag},
            "defaultUrl": "/lab",
            "cmd": "jupyterhub-singleuser",
            "extraEnv": {"NMT_COURSE_EXCHANGE": s.exchange, "NMT_COURSE_ID": s.course_id},
            "storage": {
                "extraVolumes": [{"name": "exchange", "persistentVolumeClaim": {"claimName": "nmt-exchange"}}],
                "extraVolumeMounts": [{"name": "exchange", "mountPath": s.exchange}],
            },
            # the same per-role files as deploy/hub/jupyter/ (the image carries them too; these keep a cluster in step with the roster's code)
            "extraFiles": {
                f"nmt-{role}-{kind}": {"mountPath": f"{CONFIG_ROOT}/{role}/{path}", "data": json.loads(text)}
                for role in (STUDENT, INSTRUCTOR)
                for kind, (path, text) in zip(("server", "lab"), sorted(role_files(role).items()), strict=True)
            },
        },
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:  # Python code reads as code: a literal block
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    header = "# Zero to JupyterHub values written by deploy/hub/kubernetes/make_values.py from " + Path(argv[0]).name + "; do not edit by hand\n"
    sys.stdout.write(header + yaml.dump(values(load_settings(Path(argv[0]))), Dumper=Dumper, sort_keys=True, width=120))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
