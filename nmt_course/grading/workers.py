"""Forked worker processes for the batch engine, each student under a time and memory budget.

The parent loads what grading needs (:meth:`Grader.warm_up`), forks the
workers, and hands out one student at a time down each worker's pipe; a
worker grades that student, commits, and sends back the
:class:`~.results.StudentResult`. The parent only supervises:

- a student still in hand after :attr:`Budget.seconds` has their worker
  killed (``SIGKILL``: nothing of that student is committed), whatever was
  written for them removed, and is reported by name with the reason; a new
  worker takes over the rest of the class;
- a worker's address space is limited to what it had at the fork plus
  :attr:`Budget.memory_mb`, so a submission that needs more raises
  ``MemoryError`` in that worker (the engine reports it), and the worker is
  replaced after that student;
- a worker that dies (killed from outside, a crash) has its student tried
  once more in a new worker, then reported;
- workers die with the parent however it stops: ``PR_SET_PDEATHSIG`` on
  Linux, the pipe's end of file when idle, and no commit once the parent is
  gone (:attr:`Grader.may_commit`).

Where processes cannot be forked (Windows, or a process already running
threads), :func:`grade_here` grades in this process, with the time budget as
an alarm where the platform has one. The engine is reached only through the
small :class:`Grader` protocol, so this module does not import the converter.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any, Protocol

from nbgrader.converters.base import NbGraderException

from .messages import died_problem, timeout_problem
from .results import StudentResult

__all__ = ["Budget", "Grader", "Stopped", "can_fork", "grade_in_workers", "grade_here"]


@dataclass(frozen=True)
class Budget:
    """What grading one student may take: wall seconds and extra memory (None: no limit)."""

    seconds: float | None = 10.0
    memory_mb: int | None = 1024


class Grader(Protocol):
    """What the workers need from the engine."""

    log: logging.Logger
    may_commit: Callable[[], bool]  # False once the process that started grading is gone
    recycle: bool  # set after a student whose grading ran out of memory: replace this worker

    def grade_student(self, student_id: str) -> StudentResult: ...

    def discard(self, student_id: str) -> None: ...  # remove what a stopped worker wrote for this student

    def connect(self) -> None: ...  # open this process's own gradebook connection

    def disconnect(self) -> None: ...


@dataclass(frozen=True)
class Stopped:
    """A worker's message that the whole run must stop (the gradebook cannot be written)."""

    reason: str


def can_fork() -> bool:
    """Forking is safe here only where the OS offers it and this process runs a single thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _stop_worker(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(1)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the parent dies; leave at once if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # no prctl here: the pipe and may_commit still stop the worker
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _limit_memory(megabytes: int | None) -> None:
    """Cap this process's address space at its present size plus ``megabytes``."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    if megabytes is None or not os.path.exists("/proc/self/statm"):
        return
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[0])
    wanted = pages * os.sysconf("SC_PAGE_SIZE") + megabytes * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _worker_main(app: Grader, conn: Connection, parent: int, budget: Budget) -> None:
    """A forked worker: its own gradebook connection; grade each student it is sent until told to stop."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    signal.signal(signal.SIGTERM, _stop_worker)  # stopped by the parent: undo the student in hand, then exit
    app.may_commit = lambda: os.getppid() == parent
    _limit_memory(budget.memory_mb)
    app.connect()
    try:
        while not app.recycle:
            try:
                student = conn.recv()
            except EOFError:  # the parent is gone
                break
            if student is None:
                break
            result = app.grade_student(student)
            conn.send((result, app.recycle))
    except NbGraderException as exc:
        conn.send(Stopped(str(exc)))
    finally:
        app.disconnect()
        conn.close()


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    student: str | None = None
    started: float = 0.0


@dataclass
class _Run:
    """The parent's side: who is waiting, who is in hand where, and how often each has been tried."""

    app: Grader
    budget: Budget
    record: Callable[[StudentResult], None]
    waiting: deque[str]
    tries: dict[str, int] = field(default_factory=dict)
    workers: list[_Worker] = field(default_factory=list)

    def start_worker(self) -> None:
        ctx = multiprocessing.get_context("fork")
        here, there = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_worker_main, args=(self.app, there, os.getpid(), self.budget), daemon=True)
        proc.start()
        there.close()  # the worker holds the other end only: its exit ends the pipe
        worker = _Worker(proc, here)
        self.workers.append(worker)
        self.hand_out(worker)

    def hand_out(self, worker: _Worker) -> None:
        """Send the worker the next student, or tell it to finish when there is none."""
        worker.student = self.waiting.popleft() if self.waiting else None
        worker.started = time.monotonic()
        if worker.student is not None:
            self.tries[worker.student] = self.tries.get(worker.student, 0) + 1
        with contextlib.suppress(OSError):  # it has just died: its pipe says so next
            worker.conn.send(worker.student)

    def retire(self, worker: _Worker, *, kill: bool = False) -> None:
        if kill and worker.proc.is_alive():
            os.kill(worker.proc.pid, signal.SIGKILL)
        worker.proc.join()
        worker.conn.close()
        self.workers.remove(worker)

    def received(self, worker: _Worker) -> None:
        try:
            outcome = worker.conn.recv()
        except EOFError:
            self.died(worker)
            return
        if isinstance(outcome, Stopped):
            raise NbGraderException(outcome.reason)
        result, recycle = outcome
        worker.student = None
        self.record(result)
        if recycle:  # it ran out of memory once: a fresh process for the others
            self.retire(worker)
            if self.waiting:
                self.start_worker()
            return
        self.hand_out(worker)
        if worker.student is None:
            self.retire(worker)

    def died(self, worker: _Worker) -> None:
        student = worker.student
        self.retire(worker)
        if student is not None:
            self.app.discard(student)
            if self.tries.get(student, 0) < 2:
                self.app.log.warning("A grading process stopped while grading %s; trying once more", student)
                self.waiting.appendleft(student)
            else:
                self.record(StudentResult(student, False, problem=died_problem(student, worker.proc.exitcode)))
        if self.waiting:
            self.start_worker()

    def overdue(self, worker: _Worker) -> None:
        student = worker.student
        assert student is not None and self.budget.seconds is not None
        self.retire(worker, kill=True)
        self.app.discard(student)
        self.record(StudentResult(student, False, problem=timeout_problem(self.budget.seconds), seconds=self.budget.seconds))
        if self.waiting:
            self.start_worker()

    def next_deadline(self) -> float | None:
        busy = [w.started for w in self.workers if w.student is not None]
        if self.budget.seconds is None or not busy:
            return None
        return max(0.0, min(busy) + self.budget.seconds - time.monotonic())


def grade_in_workers(app: Grader, students: list[str], workers: int, record: Callable[[StudentResult], None], *, budget: Budget) -> None:
    """Grade ``students`` in ``workers`` forked processes, each student under ``budget`` (see the module notes).

    The parent's gradebook connection is closed before forking (no database
    connection may cross a fork) and opened again afterwards.
    """
    from multiprocessing.connection import wait

    app.disconnect()
    run = _Run(app, budget, record, deque(students))
    try:
        for _ in range(min(workers, len(students))):
            run.start_worker()
        while run.workers:
            ready = wait([w.conn for w in run.workers], timeout=run.next_deadline())
            for worker in [w for w in run.workers if w.conn in ready]:
                run.received(worker)
            now = time.monotonic()
            for worker in [w for w in run.workers if w.student is not None and w.conn not in ready]:
                if budget.seconds is not None and now - worker.started > budget.seconds:
                    run.overdue(worker)
    finally:
        for worker in list(run.workers):  # stopped early (Ctrl-C, the gradebook): undo the students in hand
            if worker.proc.is_alive():
                worker.proc.terminate()
            worker.proc.join(timeout=30)
            if worker.proc.is_alive():
                os.kill(worker.proc.pid, signal.SIGKILL)
                worker.proc.join()
            worker.conn.close()
        app.connect()


class _Alarm(TimeoutError):
    """Raised in this process when a student's time is up (``grade_here``)."""


def _ring(_signum: int, _frame: FrameType | None) -> None:
    raise _Alarm()


def grade_here(app: Grader, students: list[str], record: Callable[[StudentResult], None], *, budget: Budget) -> None:
    """Grade ``students`` in this process; the time budget is an alarm where this is the main thread of a Unix process."""
    alarm = budget.seconds is not None and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _ring) if alarm else None
    try:
        for student in students:
            if alarm and budget.seconds is not None:
                signal.setitimer(signal.ITIMER_REAL, budget.seconds)
            try:
                record(app.grade_student(student))
            finally:
                if alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        if alarm:
            signal.signal(signal.SIGALRM, previous)
