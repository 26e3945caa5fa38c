"""The worker processes on their own: sharing out, budgets, dead workers, a dead parent (a stand-in engine).

The engine here is a small class that satisfies :class:`~nmt_course.grading.workers.Grader`
and grades nothing; the processes, pipes, signals and limits are real. The
real engine in workers is tested in ``test_batch.py`` and ``test_adversarial.py`` (slow).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from nbgrader.converters.base import NbGraderException

from nmt_course.grading.results import StudentResult
from nmt_course.grading.workers import Budget, grade_here, grade_in_workers

STUDENTS = [f"s{n:02d}" for n in range(7)]
ROOT = Path(__file__).resolve().parents[2]


class _Engine:
    log = logging.getLogger("test-workers")

    def __init__(self, tmp: Path, *, dies_at: str = "", dies_once_at: str = "", slow_at: str = "", stops_at: str = "", greedy_at: str = "") -> None:
        self.parent = os.getpid()
        self.tmp = tmp
        self.dies_at, self.dies_once_at, self.slow_at, self.stops_at, self.greedy_at = dies_at, dies_once_at, slow_at, stops_at, greedy_at
        self.connections = 0
        self.discarded: list[str] = []
        self.may_commit: Callable[[], bool] = lambda: True
        self.recycle = False

    def grade_student(self, student_id: str) -> StudentResult:
        (self.tmp / f"pid-{student_id}-{os.getpid()}").touch()
        if student_id == self.dies_at:
            os._exit(9)  # as if the worker were killed
        marker = self.tmp / "died-once"
        if student_id == self.dies_once_at and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        if student_id == self.stops_at:
            raise NbGraderException("the gradebook could not be written")
        try:
            if student_id == self.slow_at:
                time.sleep(60)  # a stall
            if student_id == self.greedy_at:
                hog = bytearray(400 * 2**20)  # more than the memory budget below
                del hog
        except TimeoutError:
            return StudentResult(student_id, False, problem="time")
        except MemoryError:
            self.recycle = True
            return StudentResult(student_id, False, problem="memory")
        return StudentResult(student_id, True, 1.0, 1.0, notes=(str(os.getpid()),))

    def discard(self, student_id: str) -> None:
        self.discarded.append(student_id)

    def connect(self) -> None:
        self.connections += 1

    def disconnect(self) -> None:
        self.connections -= 1


def _run(engine: _Engine, workers: int, budget: Budget | None = None) -> dict[str, StudentResult]:
    got: list[StudentResult] = []
    engine.connect()
    grade_in_workers(engine, STUDENTS, workers, got.append, budget=budget or Budget(seconds=20, memory_mb=None))
    assert engine.connections == 1  # the parent's connection was closed for the fork and opened again
    assert multiprocessing.active_children() == []  # no worker left behind
    assert sorted(r.student for r in got) == STUDENTS  # everyone reported once
    return {r.student: r for r in got}


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_student_once_from_the_workers(tmp_path: Path, workers: int) -> None:
    got = _run(_Engine(tmp_path), workers)
    assert all(r.ok for r in got.values())
    assert len({r.notes for r in got.values()}) == workers  # each worker took students as it became free
    assert os.getpid() not in {int(r.notes[0]) for r in got.values()}  # the parent only supervises


def test_a_worker_killed_once_is_replaced_and_its_student_tried_again(tmp_path: Path) -> None:
    engine = _Engine(tmp_path, dies_once_at="s02")
    got = _run(engine, 2)
    assert all(r.ok for r in got.values())
    assert engine.discarded == ["s02"]  # what the dead worker may have written for s02 was removed first


def test_a_student_that_kills_its_worker_every_time_is_named(tmp_path: Path) -> None:
    engine = _Engine(tmp_path, dies_at="s03")
    got = _run(engine, 2)
    assert not got["s03"].ok and "stopped twice" in got["s03"].problem and "--student s03" in got["s03"].problem
    assert all(r.ok for s, r in got.items() if s != "s03")
    assert len(list(tmp_path.glob("pid-s03-*"))) == 2  # tried in two different workers


def test_a_stalled_student_is_stopped_at_the_budget_and_the_batch_goes_on(tmp_path: Path) -> None:
    engine = _Engine(tmp_path, slow_at="s01")
    started = time.monotonic()
    got = _run(engine, 2, Budget(seconds=1.5, memory_mb=None))
    assert time.monotonic() - started < 20  # the stall was 60 s
    assert not got["s01"].ok and "more than 1.5 s" in got["s01"].problem and "--timeout-per-student" in got["s01"].problem
    assert engine.discarded == ["s01"]
    assert all(r.ok for s, r in got.items() if s != "s01")


def test_a_student_over_the_memory_budget_is_named_and_the_worker_replaced(tmp_path: Path) -> None:
    engine = _Engine(tmp_path, greedy_at="s02")
    got = _run(engine, 1, Budget(seconds=20, memory_mb=200))
    assert got["s02"].problem == "memory"
    assert all(r.ok for s, r in got.items() if s != "s02")
    after = {r.notes[0] for s, r in got.items() if s > "s02"}
    before = {r.notes[0] for s, r in got.items() if s < "s02"}
    assert after and before and not after & before  # a fresh worker for the students after s02


def test_a_stop_from_a_worker_stops_the_run(tmp_path: Path) -> None:
    engine = _Engine(tmp_path, stops_at="s03")
    engine.connect()
    with pytest.raises(NbGraderException, match="could not be written"):
        grade_in_workers(engine, STUDENTS, 2, lambda r: None, budget=Budget())
    assert multiprocessing.active_children() == []


def test_in_this_process_the_budget_is_an_alarm(tmp_path: Path) -> None:
    got: list[StudentResult] = []
    started = time.monotonic()
    grade_here(_Engine(tmp_path, slow_at="s01"), STUDENTS[:3], got.append, budget=Budget(seconds=1, memory_mb=None))
    assert time.monotonic() - started < 20
    assert [(r.student, r.ok, r.problem) for r in got] == [("s00", True, ""), ("s01", False, "time"), ("s02", True, "")]


ORPHANS = """
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from test_workers import _Engine
from nmt_course.grading.workers import Budget, grade_in_workers

tmp = Path(sys.argv[1])
engine = _Engine(tmp, slow_at="s00")
engine.grade_student = (lambda real: (lambda s: (tmp.joinpath("worker").write_text(str(os.getpid())), real(s))[1]))(engine.grade_student)
engine.connect()
grade_in_workers(engine, ["s00"], 1, lambda r: None, budget=Budget(seconds=None, memory_mb=None))
"""


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHANS, str(tmp_path), str(Path(__file__).parent)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "worker").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        worker = int((tmp_path / "worker").read_text())
    finally:
        parent.kill()  # however the parent stops: here, SIGKILL, with no chance to clean up
        parent.wait()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker), json.dumps({"worker": worker})


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
