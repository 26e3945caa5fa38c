"""The class file and what the hub makes of it: checked settings, nbgrader's groups and roles, per-role files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from nmt_course.errors import ContentError
from nmt_course.hub.settings import (
    COURSE,
    COURSE_FRAMING,
    INSTRUCTOR,
    ROLES,
    STUDENT,
    ClassSettings,
    course_service,
    groups,
    load_settings,
    role_files,
    role_of,
    roles,
    unsafe_url,
)

DEPLOY = ROOT / "deploy" / "hub"
GOOD = {"grader": "grader-nmt", "course_dir": "/home/grader-nmt/nmt-course", "instructors": ["alice"], "students": ["sam", "kim"]}


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "class.yaml"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_the_example_is_a_valid_class() -> None:
    s = load_settings(DEPLOY / "class.example.yaml")
    assert s.course_id == "nmt-course" and s.grader == "grader-nmt" and s.instructors == ["alice"]
    assert s.gradebook is None and s.hub.url == "http://:8000"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"students": ["sam", "Kim Lee"]}, "'Kim Lee' is not a unix account name"),  # a display name, not an account
        ({"course_dir": "nmt-course"}, "must be a full path"),  # a relative folder
        ({"course_id": "nmt course!"}, "is not a usable name"),  # not a course id
        ({"graders": ["bob"]}, "unknown setting 'graders'"),  # a misspelt setting
        ({"students": ["alice"]}, "alice cannot be both instructor and student"),  # an instructor who is also a student
        ({"instructors": ["grader-nmt"]}, "the grader account 'grader-nmt' is the course's own account"),
        ({"students": ["sam", "sam"]}, "sam listed twice in students"),
        ({"instructors": []}, "at least 1 item"),  # nobody to grade
    ],
)
def test_mistakes_in_the_class_file_are_named(tmp_path: Path, change: dict, words: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_settings(_write(tmp_path, {**GOOD, **change}))
    assert words in str(caught.value) and "class.yaml" in str(caught.value)


def test_a_file_that_is_not_settings(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="settings like"):
        load_settings(_write(tmp_path, "- just\n- a list\n"))


def test_groups_follow_nbgraders_naming() -> None:
    s = ClassSettings.model_validate(GOOD)
    assert groups(s) == {
        "instructors": ["alice"],
        "formgrade-nmt-course": ["alice", "grader-nmt"],  # may open the course service (formgrader)
        "nbgrader-nmt-course": ["alice", "sam", "kim"],  # take the course: see its assignments
    }


def test_roles_give_each_group_what_nbgraders_guide_gives_it() -> None:
    by_name = {r["name"]: r for r in roles(ClassSettings.model_validate(GOOD))}
    assert by_name["formgrade-nmt-course"]["scopes"] == ["access:services!service=nmt-course", "list:services", "read:services!service=nmt-course"]
    assert by_name["nbgrader-nmt-course"]["scopes"] == ["list:services", "read:services!service=nmt-course"]
    assert by_name["instructor"] == {"name": "instructor", "groups": ["instructors"], "scopes": ["admin:users", "admin:servers"]}
    assert by_name["server"]["scopes"] == ["inherit"]
    service = by_name["nmt-course-service"]
    assert service["services"] == ["nmt-course"] and "groups!group=nbgrader-nmt-course" in service["scopes"]
    # nobody but the instructors' group may open the course service
    assert [r["name"] for r in by_name.values() if any(sc.startswith("access:services") for sc in r["scopes"])] == ["formgrade-nmt-course"]


def test_the_course_service_runs_as_the_grader_in_the_course_folder() -> None:
    s = ClassSettings.model_validate({**GOOD, "gradebook": "postgresql+psycopg://grader-nmt@/g?host=/run/pg"})
    spec = course_service(s, command=["/opt/venv/bin/jupyterhub-singleuser"], environment={"PATH": "/opt/venv/bin"})
    assert spec["user"] == "grader-nmt" and spec["cwd"] == "/home/grader-nmt/nmt-course" and spec["url"] == "http://127.0.0.1:9999"
    assert spec["environment"]["NMT_COURSE_DB_URL"].startswith("postgresql+psycopg://")
    assert spec["environment"]["NMT_COURSE_DIR"] == "/home/grader-nmt/nmt-course" and spec["environment"]["PATH"] == "/opt/venv/bin"


@pytest.mark.parametrize(("user", "role"), [("alice", INSTRUCTOR), ("sam", STUDENT), ("someone-else", STUDENT)])
def test_role_of(user: str, role: str) -> None:
    assert role_of(ClassSettings.model_validate(GOOD), user) == role


@pytest.mark.parametrize("role", ROLES)
def test_the_shipped_role_files_are_current(role: str, update_goldens: bool) -> None:
    for relative, text in role_files(role).items():
        path = DEPLOY / "jupyter" / role / relative
        if update_goldens:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        assert path.read_text() == text, f"{path} is out of date: run pytest --update-goldens"


def test_students_lose_the_instructor_tools_and_only_the_course_service_may_be_framed() -> None:
    student = json.loads(role_files(STUDENT)["labconfig/page_config.json"])["disabledExtensions"]
    assert {"@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:validate-assignment"} <= set(student)
    assert "@jupyter/nbgrader:assignment-list" not in student
    for role in ROLES:
        server = json.loads(role_files(role)["jupyter_server_config.json"])["ServerApp"]
        framing = server.get("tornado_settings", {}).get("headers", {}).get("Content-Security-Policy")
        assert framing == (COURSE_FRAMING if role == COURSE else None), role  # students keep JupyterHub's frame-ancestors 'none'


@pytest.mark.parametrize(
    ("url", "unsafe"),
    [
        ("http://:8000", True),  # every interface, unencrypted
        ("http://hub.school.example", True),
        ("https://hub.school.example", False),
        ("http://127.0.0.1:8000", False),  # this machine only
        ("http://localhost:8000", False),
    ],
)
def test_plain_http_to_other_machines_is_flagged(url: str, unsafe: bool) -> None:
    assert unsafe_url(url) is unsafe


def test_the_kubernetes_values_are_written_from_the_same_settings(update_goldens: bool) -> None:
    done = subprocess.run(
        [sys.executable, str(DEPLOY / "kubernetes" / "make_values.py"), str(DEPLOY / "class.example.yaml")],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    committed = DEPLOY / "kubernetes" / "values.yaml"
    if update_goldens:
        committed.write_text(done.stdout)
    assert committed.read_text() == done.stdout, "run: python deploy/hub/kubernetes/make_values.py deploy/hub/class.example.yaml > deploy/hub/kubernetes/values.yaml"
    import yaml

    values = yaml.safe_load(done.stdout)
    s = load_settings(DEPLOY / "class.example.yaml")
    assert values["hub"]["config"]["JupyterHub"]["load_groups"] == {g: {"users": m} for g, m in groups(s).items()}
    assert set(values["hub"]["loadRoles"]) == {r["name"] for r in roles(s)}
    assert values["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"] == s.exchange


@pytest.mark.parametrize(("version", "timeout"), [((6, 0, 1), True), ((5, 4, 2), False)])
def test_the_service_start_wait_is_set_only_where_jupyterhub_knows_it(version: tuple[int, ...], timeout: bool) -> None:
    spec = course_service(ClassSettings.model_validate(GOOD), command=["x"], environment={}, hub_version=version)
    assert ("timeout" in spec) is timeout
