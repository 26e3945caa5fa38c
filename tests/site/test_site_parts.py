"""The site build's parts, without a browser: resolving, compiling, twins, pages, and the checks on a built site."""

# ruff: noqa: F811  (the fixtures are imported from site_fixtures by name: see its docstring)

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from site_fixtures import ROOT, built_site  # noqa: F401

from nmt_course.knowledge.files import PARSED_SUFFIX, read_yaml
from nmt_course.site.build import _check_replaceable
from nmt_course.site.course_wheel import add_to_wheel, parsed_twins
from nmt_course.site.offline import CACHE_PREFIX, MANIFEST_KEY, WORKER, add_offline_worker, offline_files
from nmt_course.site.pages import welcome_page, write_pages
from nmt_course.site.pyc import compile_wheel
from nmt_course.site.requirements import NOT_IN_BROWSER, SiteBuildError, resolve


def _wheel(folder: Path, name: str, version: str, files: dict[str, str], requires: tuple[str, ...] = ()) -> Path:
    dist = f"{name.replace('-', '_')}-{version}.dist-info"
    path = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as zf:
        for arc, text in files.items():
            zf.writestr(arc, text)
        zf.writestr(f"{dist}/METADATA", meta)
        zf.writestr(f"{dist}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{dist}/RECORD", "".join(f"{arc},,\n" for arc in files) + f"{dist}/RECORD,,\n")
    return path


def _record(path: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if n.endswith("/RECORD"))
        return {row[0]: row for row in csv.reader(io.StringIO(zf.read(name).decode())) if row}


@pytest.mark.parametrize(
    ("requires", "expected", "absent"),
    [
        # the environment's ipywidgets: its front-end packages stay out, its Python ones come in
        (("ipywidgets",), {"ipywidgets", "comm", "traitlets", "ipython"}, {"jupyterlab-widgets", "widgetsnbextension"}),
        # IPython's pexpect and psutil are marked "not on emscripten": the markers drop them
        (("ipython",), {"ipython", "jedi", "pygments"}, {"pexpect", "psutil"}),
        # an extra's dependencies are not wanted
        (("plotly",), {"plotly", "narwhals", "packaging"}, {"pandas", "kaleido"}),
    ],
)
def test_resolve_follows_metadata_as_pyodide_would(tmp_path: Path, requires, expected, absent) -> None:
    local = {"demo": _wheel(tmp_path, "demo", "1.0", {"demo/__init__.py": ""}, (*requires, "nbgrader>=0.9"))}
    pins = resolve(["demo"], local=local, lock={}, python="3.14.2")
    assert expected <= set(pins) and not absent & set(pins)
    assert "nbgrader" not in pins and "nbgrader" in NOT_IN_BROWSER
    assert pins["demo"].origin == "local wheel"


def test_resolve_takes_pyodides_lock_for_what_is_not_installed_and_refuses_a_conflict(tmp_path: Path) -> None:
    lock = {"only-in-pyodide": {"version": "2.0", "depends": []}}
    local = {"demo": _wheel(tmp_path, "demo", "1.0", {}, ("only-in-pyodide>=1",))}
    assert resolve(["demo"], local=local, lock=lock, python="3.14.2")["only-in-pyodide"].origin == "pyodide lock"
    local = {"demo": _wheel(tmp_path, "demo", "1.0", {}, ("only-in-pyodide>=3",))}
    with pytest.raises(SiteBuildError, match=re.escape("needs only-in-pyodide>=3, but the site would get only-in-pyodide 2.0")):
        resolve(["demo"], local=local, lock=lock, python="3.14.2")
    with pytest.raises(SiteBuildError, match="neither installed here nor part of Pyodide"):
        resolve(["no-such-package-anywhere"], local={}, lock={}, python="3.14.2")


def test_compiled_wheel_runs_its_bytecode_without_checking_the_source(tmp_path: Path) -> None:
    source = _wheel(tmp_path, "shout", "1.0", {"shout/__init__.py": "WORD = 'compiled'\n", "shout/bad.py": "print 'py2'\n"})
    target = tmp_path / "out" / source.name
    target.parent.mkdir()
    assert compile_wheel(source, target, site_packages="/lib/site") == 1  # bad.py stays as source
    pyc = f"shout/__pycache__/__init__.{sys.implementation.cache_tag}.pyc"
    with zipfile.ZipFile(target) as zf:
        data = zf.read(pyc)
        zf.extractall(tmp_path / "site")
    assert data[:4] == importlib.util.MAGIC_NUMBER and int.from_bytes(data[4:8], "little") == 0b01  # unchecked hash
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    assert _record(target)[pyc][1:] == [f"sha256={digest}", str(len(data))]
    (tmp_path / "site" / "shout" / "__init__.py").write_text("WORD = 'source'\n")  # a stale source is not re-read
    done = subprocess.run([sys.executable, "-c", "import shout; print(shout.WORD)"], cwd=tmp_path / "site",
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "compiled"


def test_twins_are_added_to_the_wheel_and_read_only_while_the_yaml_is_unchanged(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path, "demo", "1.0", {"demo/data/a.yaml": "id: a\nitems: [1, 2]\n", "demo/data/d.yaml": "when: 2020-01-01\n"})
    twins = parsed_twins(wheel)
    assert set(twins) == {"demo/data/a.yaml" + PARSED_SUFFIX}  # a date cannot round-trip through JSON
    add_to_wheel(wheel, twins)
    rows = _record(wheel)
    assert rows["demo/data/a.yaml" + PARSED_SUFFIX][1].startswith("sha256=")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp_path / "x")
    folder = tmp_path / "x" / "demo" / "data"
    twin = folder / ("a.yaml" + PARSED_SUFFIX)
    saved = json.loads(twin.read_text())
    twin.write_text(json.dumps({**saved, "data": {"id": "from-the-twin"}}))
    assert read_yaml(folder / "a.yaml") == {"id": "from-the-twin"}  # the twin is used
    (folder / "a.yaml").write_text("id: edited\n")
    assert read_yaml(folder / "a.yaml") == {"id": "edited"}  # an edited file is parsed afresh
    twin.write_text("{not json")
    assert read_yaml(folder / "a.yaml") == {"id": "edited"}


def test_welcome_page_lists_every_notebook_and_says_where_quizzes_and_progress_are(tmp_path: Path) -> None:
    names = sorted(p.relative_to(ROOT / "notebooks").as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb"))
    page = welcome_page([*names, "practice.ipynb"], ROOT / "notebooks")
    for name in names:
        assert f"notebooks/index.html?path={name}" in page and f"lab/index.html?path={name}" in page
    assert "Graded quizzes are not here" in page and "JupyterHub" in page
    assert "my-progress/practice.sqlite" in page and "delete" in page
    assert 'id="jupyter-config-data"' in page  # JupyterLite's pages read it from the root page
    assert "Use it without a connection" in page and 'id="nmt-offline-save"' in page
    assert "src='nmt-course/offline.js'" in page and "data-worker='service-worker.js?enableCache=false'" in page


def test_status_note_is_added_once_to_each_notebook_page(tmp_path: Path) -> None:
    for app in ("lab", "notebooks"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "index.html").write_text("<html><head><title>x</title></head><body></body></html>")
    write_pages(tmp_path, notebooks=[], contents=tmp_path)
    write_pages(tmp_path, notebooks=[], contents=tmp_path)
    for app in ("lab", "notebooks"):
        assert (tmp_path / app / "index.html").read_text().count("kernel-status.js") == 1
        assert (tmp_path / app / "index.html").read_text().count("src='../nmt-course/offline.js'") == 1
    assert (tmp_path / "nmt-course" / "kernel-status.js").is_file()


LITE_WORKER = '"use strict";self.addEventListener("fetch",onFetch);// JupyterLite\'s own\n'


def _small_site(folder: Path) -> Path:
    for rel, text in {"index.html": "<p>welcome</p>", "lab/index.html": "<p>lab</p>", "files/01 what is NMT.ipynb": "{}",
                      "rspack.config.js": "build tool", "package.json": "{}", "build/app.js.map": "{}",
                      WORKER: LITE_WORKER, f"build/{WORKER}": LITE_WORKER}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def test_offline_list_has_every_file_a_page_can_ask_for_with_a_hash_of_its_content(tmp_path: Path) -> None:
    site = _small_site(tmp_path)
    listed = offline_files(site)
    assert set(listed.files) == {"index.html", "lab/index.html", "files/01 what is NMT.ipynb"}
    assert listed.files["index.html"] == hashlib.sha256(b"<p>welcome</p>").hexdigest()[:16]
    assert listed.size_bytes == len("<p>welcome</p>") + len("<p>lab</p>") + 2
    (site / "lab" / "index.html").write_text("<p>lab, new version</p>")
    again = offline_files(site)
    assert again.build != listed.build
    assert {k for k in again.files if again.files[k] != listed.files[k]} == {"lab/index.html"}


def test_offline_worker_goes_in_front_of_jupyterlites_and_is_listed_afresh_when_run_again(tmp_path: Path) -> None:
    site = _small_site(tmp_path)
    first = add_offline_worker(site)
    text = (site / WORKER).read_text()
    assert text.endswith("\n// JupyterLite's service worker, unchanged:\n" + LITE_WORKER)
    assert "const NMT_OFFLINE = null;" not in text
    data = json.loads(re.search(r"const NMT_OFFLINE = (\{.*?\});\n", text).group(1))
    assert data["build"] == first.build and data["files"] == first.files and re.fullmatch(r"\d{14}", data["made"])
    (site / "index.html").write_text("<p>welcome, spring term</p>")
    second = add_offline_worker(site)
    text = (site / WORKER).read_text()
    assert text.count("keeps the whole course on this device") == 1 and text.count(LITE_WORKER) == 1
    assert second.build in text and first.build not in text
    assert (site / "build" / WORKER).read_text() == LITE_WORKER  # the unused copy is left alone
    (site / WORKER).write_text(text.split("// JupyterLite's service worker, unchanged:")[0])
    with pytest.raises(SiteBuildError, match="damaged"):
        add_offline_worker(site)
    (site / WORKER).unlink()
    with pytest.raises(SiteBuildError, match="did not finish"):
        add_offline_worker(site)


def test_pages_and_worker_name_the_saved_copies_alike() -> None:
    static = ROOT / "nmt_course" / "site" / "static"
    for name in ("offline.js", "offline-worker.js"):
        text = (static / name).read_text()
        assert f'"{CACHE_PREFIX}"' in text and f'"{MANIFEST_KEY}"' in text, name


@pytest.mark.parametrize(
    ("setup", "refused"),
    [
        (lambda p: None, False),  # a new folder
        (lambda p: p.mkdir(), False),  # an empty folder
        (lambda p: (p.mkdir(), (p / "notes.txt").write_text("mine")), True),  # someone's files: never deleted
        (lambda p: p.write_text("a file"), True),  # a file, not a folder
    ],
)
def test_build_never_replaces_a_folder_it_did_not_make(tmp_path: Path, setup, refused: bool) -> None:
    target = tmp_path / "out"
    setup(target)
    if refused:
        with pytest.raises(SiteBuildError):
            _check_replaceable(target)
    else:
        _check_replaceable(target)


@pytest.mark.slow
def test_built_site_names_no_other_host_and_its_lock_matches_its_wheels(built_site: Path) -> None:
    config = json.loads((built_site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True and kernel["pyodideUrl"].startswith("./")
    assert "http" not in json.dumps(kernel)
    lock = json.loads((built_site / "static" / "pyodide" / "pyodide-lock.json").read_text())
    assert {"nmt-course", "pydantic-core", "plotly", "ipywidgets", "pyodide-kernel"} <= set(lock["packages"])
    for name, entry in lock["packages"].items():
        wheel = built_site / "static" / "pyodide" / entry["file_name"]
        assert "://" not in entry["file_name"] and wheel.is_file(), name
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"], name
        assert set(entry["depends"]) <= set(lock["packages"]), name
    assert not NOT_IN_BROWSER.keys() & set(lock["packages"])
    size = sum(p.stat().st_size for p in built_site.rglob("*") if p.is_file())
    assert size < 150e6, size / 1e6
    with zipfile.ZipFile(built_site / "static" / "pyodide" / lock["packages"]["nmt-course"]["file_name"]) as zf:
        names = set(zf.namelist())
    assert any(n.startswith("nmt_course/data/bank/") and n.endswith(".yaml" + PARSED_SUFFIX) for n in names)
    assert "nmt_course/__pycache__/__init__.cpython-314.pyc" in names
    worker = built_site / "service-worker.js"
    assert worker.read_text().startswith("// nmt-course: keeps the whole course on this device")
    checked = subprocess.run(["node", "--check", str(worker)], capture_output=True, text=True)  # node: the build needs it
    assert checked.returncode == 0, checked.stderr
    assert set(offline_files(built_site).files) >= {"index.html", "lab/index.html", "api/contents/all.json",
                                                     "static/pyodide/pyodide.asm.wasm", "nmt-course/offline.js"}


def test_site_build_command_refuses_a_folder_of_other_files_with_a_plain_message(tmp_path: Path, capsys) -> None:
    from nmt_course.cli import main

    (tmp_path / "homework.txt").write_text("keep me")
    assert main(["site", "build", "--output", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "already holds other files" in err and "Traceback" not in err
    assert (tmp_path / "homework.txt").read_text() == "keep me"
    with pytest.raises(SystemExit) as exit_info:
        main(["site", "build", "--help"])
    assert exit_info.value.code == 0 and "--output" in capsys.readouterr().out
