"""Forked worker processes for the batch engine: the class shared out, one result per student.

The parent grades the first submission itself (which loads everything
grading needs), then forks; each worker opens its own gradebook connection,
grades its share and sends each :class:`~.results.StudentResult` down its own
pipe as soon as that student is committed. A worker that ends, however it
ends, closes its pipe, so nothing is waited for forever, and the students it
had not reported are graded by the parent.

The engine is reached only through the small :class:`Grader` protocol, so
this module does not import the converter.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import FrameType
from typing import Protocol

from nbgrader.converters.base import NbGraderException

from .results import StudentResult

__all__ = ["Grader", "Stopped", "can_fork", "grade_in_workers"]


class Grader(Protocol):
    """What a worker needs from the engine."""

    log: logging.Logger

    def grade_student(self, student_id: str) -> StudentResult: ...

    def connect(self) -> None: ...  # open this process's own gradebook connection

    def disconnect(self) -> None: ...


@dataclass(frozen=True)
class Stopped:
    """A worker's message that the whole run must stop (the gradebook cannot be written)."""

    reason: str


def can_fork() -> bool:
    """Forking is safe here only where the OS offers it and this process runs a single thread."""
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _stop_worker(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(1)


def _worker_main(app: Grader, students: list[str], results: Connection) -> None:
    """A forked worker: its own gradebook connection, its share of the class, one result per student."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    signal.signal(signal.SIGTERM, _stop_worker)  # stopped by the parent: undo the student in hand, then exit
    app.connect()
    try:
        for student in students:
            results.send(app.grade_student(student))
    except NbGraderException as exc:
        results.send(Stopped(str(exc)))
    finally:
        app.disconnect()
        results.close()


def grade_in_workers(app: Grader, students: list[str], workers: int, record: Callable[[StudentResult], None]) -> None:
    """Share ``students`` out to ``workers`` forked processes; anything a dead worker left is graded here.

    The parent's gradebook connection is closed before forking (no database
    connection may cross a fork) and opened again afterwards.
    """
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork")
    app.disconnect()
    procs, readers = [], []
    pending = set(students)
    try:
        for i in range(workers):
            reader, writer = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker_main, args=(app, students[i::workers], writer), daemon=True)
            proc.start()
            writer.close()  # the worker holds the only write end: its exit ends the pipe
            procs.append(proc)
            readers.append(reader)
        live = list(readers)
        while live:
            ready = wait(live)
            for reader in [r for r in live if r in ready]:
                try:
                    outcome = reader.recv()
                except EOFError:
                    live.remove(reader)
                    continue
                if isinstance(outcome, Stopped):
                    raise NbGraderException(outcome.reason)
                pending.discard(outcome.student)
                record(outcome)
    finally:
        for proc in procs:
            if proc.is_alive() and pending:
                proc.terminate()
            proc.join()
        for reader in readers:
            reader.close()
        app.connect()
    for student in [s for s in students if s in pending]:  # a worker died before finishing its share
        app.log.warning("A grading process stopped early; grading %s here", student)
        record(app.grade_student(student))
