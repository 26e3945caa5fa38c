"""The worker processes on their own: sharing out, a dead worker, a stop (fast: a stand-in engine).

The engine here is a small class that satisfies :class:`~nmt_course.grading.workers.Grader`
and grades nothing; the processes, pipes and signals are real. The real
engine in workers is tested in ``test_batch.py`` (slow).
"""

from __future__ import annotations

import logging
import os

import pytest
from nbgrader.converters.base import NbGraderException

from nmt_course.grading.results import StudentResult
from nmt_course.grading.workers import grade_in_workers

STUDENTS = [f"s{n:02d}" for n in range(7)]


class _Engine:
    log = logging.getLogger("test-workers")

    def __init__(self, *, dies_at: str = "", stops_at: str = "") -> None:
        self.parent = os.getpid()
        self.dies_at, self.stops_at = dies_at, stops_at
        self.connections = 0

    def grade_student(self, student_id: str) -> StudentResult:
        here = os.getpid() == self.parent
        if student_id == self.dies_at and not here:
            os._exit(9)  # as if the worker were killed
        if student_id == self.stops_at:
            raise NbGraderException("the gradebook could not be written")
        return StudentResult(student_id, True, 1.0, 1.0, notes=("parent" if here else "worker",))

    def connect(self) -> None:
        self.connections += 1

    def disconnect(self) -> None:
        self.connections -= 1


def _run(engine: _Engine, workers: int) -> list[StudentResult]:
    got: list[StudentResult] = []
    engine.connect()
    grade_in_workers(engine, STUDENTS, workers, got.append)
    assert engine.connections == 1  # the parent's connection was closed for the fork and opened again
    return got


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_student_once_from_the_workers(workers: int) -> None:
    got = _run(_Engine(), workers)
    assert sorted(r.student for r in got) == STUDENTS
    assert {r.notes for r in got} == {("worker",)}


def test_a_dead_workers_students_are_graded_by_the_parent() -> None:
    got = _run(_Engine(dies_at="s02"), 2)  # the worker with s00, s02, s04, s06 dies at s02
    assert sorted(r.student for r in got) == STUDENTS
    by_parent = sorted(r.student for r in got if r.notes == ("parent",))
    assert by_parent == ["s02", "s04", "s06"]


def test_a_stop_from_a_worker_stops_the_run() -> None:
    with pytest.raises(NbGraderException, match="could not be written"):
        _run(_Engine(stops_at="s03"), 2)
