"""The command line, run as a user runs it: real files, in this process (``run_cli``) or a real one (``run_cli_process``)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_cli_process
from nmt_course.launch import WELCOME, find_notebooks_dir, free_port, lab_command


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["lab", "--help"],
        ["kb", "--help"],
        ["kb", "validate", "--help"],
        ["kb", "muscle", "--help"],
        ["kb", "refers-to", "--help"],
        ["app", "--help"],
        ["bank", "validate", "--help"],
        ["bank", "schema", "--help"],
        ["quiz", "build", "--help"],
        ["quiz", "release", "--help"],
        ["grade", "--help"],
        ["report", "--help"],
        ["export", "--help"],
    ],
)
def test_every_command_has_help(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: nmt-course")


@pytest.mark.parametrize(
    "args",
    [
        [],  # no command at all
        ["frobnicate"],  # unknown command
        ["lab", "--port", "eighty"],  # port is not a number
        ["kb"],  # missing action
        ["app", "dashboard"],  # no such app
        ["export", "excel"],  # no such format
        ["quiz", "build", "x", "--count", "many"],  # count is not a number
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_kb_muscle_card() -> None:
    result = run_cli("kb", "muscle", "upper", "traps")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Upper trapezius")
    assert "Referred pain, essential:" in result.stdout and "Temple" in result.stdout
    assert "barbero2013" in result.stdout


def test_kb_muscle_typo_suggests_and_exits_1() -> None:
    result = run_cli("kb", "muscle", "masseterr")
    assert result.returncode == 1
    assert "Did you mean" in result.stderr and "Masseter" in result.stderr
    assert "Traceback" not in result.stderr


def test_kb_refers_to_orders_essential_first() -> None:
    result = run_cli("kb", "refers-to", "temple")
    assert result.returncode == 0, result.stderr
    zones = re.findall(r"(essential|spillover)\s*$", result.stdout, flags=re.M)
    assert zones and zones == sorted(zones, key=lambda z: z != "essential")


def test_the_program_runs_in_its_own_process_without_tracebacks() -> None:
    ok = run_cli_process("--help")
    assert ok.returncode == 0 and ok.stdout.startswith("usage: nmt-course")
    bad = run_cli_process("kb", "muscle", "masseterr")
    assert bad.returncode == 1 and bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


def test_lab_command_serves_the_notebooks_folder() -> None:
    root = find_notebooks_dir()
    assert root == (ROOT / "notebooks").resolve()
    cmd = lab_command(root=root, port=8899, token="abc", open_browser=False)
    assert f"--ServerApp.root_dir={root}" in cmd
    assert f"--LabApp.default_url=/lab/tree/{WELCOME}" in cmd
    assert "--ServerApp.open_browser=False" in cmd and "--ServerApp.ip=127.0.0.1" in cmd


def test_lab_without_notebooks_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nmt_course", "lab", "--no-browser", "--dir", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1
    assert "could not find the course notebooks" in result.stderr


@pytest.mark.slow
def test_lab_starts_jupyterlab_and_opens_welcome(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nmt_course", "lab", "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        env={**__import__("os").environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")},
    )
    try:
        assert proc.stdout is not None
        url = None
        for _ in range(5):
            line = proc.stdout.readline()
            match = re.search(r"(http://127\.0\.0\.1:\d+/lab/tree/00-welcome\.ipynb\?token=\w+)", line)
            if match:
                url = match.group(1)
                break
        assert url and f":{port}/" in url
        token = url.split("token=")[1]
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/{WELCOME}?token={token}", timeout=5) as r:
                    body = r.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.5)
        assert '"name": "00-welcome.ipynb"' in body or '"name":"00-welcome.ipynb"' in body
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200 and "JupyterLab" in r.read().decode()
    finally:
        proc.terminate()  # as a process manager would stop it
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
    # the JupyterLab server went with it: nothing answers on the port any more
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["grade", "nope", "--course-dir", "/nonexistent"], "there is no quiz"),  # grading an unknown quiz
        (["report", "nope", "--course-dir", "/nonexistent"], "gradebook"),  # a report before any grading
        (["export", "canvas", "--quiz", "nope", "--course-dir", "/nonexistent"], "no gradebook"),  # export before grading
    ],
)
def test_instructor_mistakes_are_one_line_errors(args: list[str], words: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 1
    assert words in result.stderr and "Traceback" not in result.stderr


def test_export_bank_formats(tmp_path: Path) -> None:
    gift = run_cli("export", "gift", "--topics", "ethics", "--out", str(tmp_path / "b.gift"))
    qti = run_cli("export", "qti", "--out", str(tmp_path / "b.zip"))
    assert gift.returncode == 0 and qti.returncode == 0, gift.stderr + qti.stderr
    assert (tmp_path / "b.gift").read_text().count("::pp-") >= 5
    import zipfile

    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        assert "imsmanifest.xml" in z.namelist()
