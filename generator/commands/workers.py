"""Run a build's tasks on several cores: forked workers that are handed the build context when they start.

Workers are forked, not spawned, so they share the parent's loaded project
and compiled templates without pickling them; each dies with its parent
(Linux parent-death signal), so a killed build leaves no process behind.

While a build makes its outputs it collects garbage less often
(`collecting_less`), and what the parent made is frozen out of the
collector's way before the fork: WeasyPrint makes hundreds of thousands of
short-lived objects a document, and at Python's default threshold the
collector ran thousands of times a build, each time through the parent's
objects too (and copying their memory pages); together that was a tenth of a
build with PDFs.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..inputs.problems import BuildFailed
from .context import BuildContext, Task

_PR_SET_PDEATHSIG = 1
# Allocations between two collections of the youngest generation while a build makes its outputs
# (Python's default: 700).
BUILD_GC_THRESHOLD = 50_000


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """Garbage collected less often in this process and the workers it forks, until the end."""
    threshold = gc.get_threshold()
    gc.set_threshold(BUILD_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


Failed = Callable[[Task, BuildFailed], None]
Done = Callable[[Task, int], None]


def run_tasks(context: BuildContext, tasks: list[Task], jobs: int, done: Done, failed: Failed,
              meanwhile: Callable[[], None] = lambda: None) -> None:
    """Make every task, `jobs` at a time; call done(task, pages) for each as it finishes, or failed(task,
    error) when its department could not be made (BuildFailed): the others go on. Any other error stops
    them all. `meanwhile` runs in this process while the workers make the tasks (first, when there are
    no workers).

    Each worker is handed one task at a time over a pipe of its own, so this process always knows which
    task a worker holds: a worker that dies (killed, out of memory) has its task made again by a fresh
    worker, and a task that kills its worker twice fails its department like any BuildFailed."""
    if jobs <= 1 or len(tasks) <= 1:
        meanwhile()
        for task in tasks:
            make_one(context, task, done, failed)
        return
    pool = _Pool(context, tasks)
    try:
        for _ in range(min(jobs, len(tasks))):
            pool.start_worker()
        meanwhile()
        while pool.unfinished:
            pool.collect(done, failed)
    finally:
        pool.close()


def make_one(context: BuildContext, task: Task, done: Done, failed: Failed) -> None:
    """Make one task in this process, as run_tasks does."""
    try:
        made = context.make(task)
    except BuildFailed as exc:
        failed(task, exc)
        return
    done(task, made)


@dataclass
class _Worker:
    process: Any
    connection: Connection
    task: Task | None = None   # the task it is making; None once it was told to stop


class _Pool:
    """The workers of one run_tasks, and what each holds."""

    def __init__(self, context: BuildContext, tasks: list[Task]):
        self.context = context
        self.todo = deque(tasks)
        self.unfinished = len(tasks)
        self.deaths: dict[Task, int] = {}
        self.workers: list[_Worker] = []
        self.fork = multiprocessing.get_context("fork")

    def start_worker(self) -> None:
        """A fresh forked worker, handed the next task (with none left: nothing)."""
        if not self.todo:
            return
        ours, theirs = self.fork.Pipe()
        process = self.fork.Process(target=_work, args=(self.context, theirs, os.getpid()), daemon=True)
        gc.freeze()
        process.start()
        gc.unfreeze()
        theirs.close()   # the worker's end is the worker's alone: its death closes the pipe
        worker = _Worker(process, ours)
        self.workers.append(worker)
        self._hand_next(worker)

    def collect(self, done: Done, failed: Failed) -> None:
        """Wait for a worker to finish its task or to die, and deal with what happened."""
        busy = [w for w in self.workers if w.task is not None]
        ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if worker.connection in ready and self._receive(worker, done, failed):
                continue
            if worker.connection in ready or worker.process.sentinel in ready:
                self._lost(worker, failed)

    def close(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()
            worker.connection.close()

    def _receive(self, worker: _Worker, done: Done, failed: Failed) -> bool:
        """The worker's result, and its next task; False if it died instead of answering."""
        try:
            task, outcome = worker.connection.recv()
        except (EOFError, OSError):
            return False
        self.unfinished -= 1
        if isinstance(outcome, BuildFailed):
            failed(task, outcome)
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            done(task, outcome)
        self._hand_next(worker)
        return True

    def _lost(self, worker: _Worker, failed: Failed) -> None:
        """A worker died holding its task: the task goes to a fresh worker once; dying twice fails it."""
        task = worker.task
        assert task is not None
        if worker.process.is_alive():   # its pipe broke, yet it lives: it cannot be reached any more
            worker.process.kill()
        worker.process.join()
        worker.task = None
        self.deaths[task] = self.deaths.get(task, 0) + 1
        if self.deaths[task] >= 2:
            self.unfinished -= 1
            failed(task, BuildFailed(f"byggeprocessen stoppede uventet ({_how(worker.process.exitcode)}), også da "
                                     "den blev prøvet igen; det skyldes oftest, at maskinen mangler hukommelse: "
                                     "byg igen, evt. med færre processer (--jobs)"))
        else:
            self.todo.appendleft(task)
        self.start_worker()

    def _hand_next(self, worker: _Worker) -> None:
        worker.task = self.todo.popleft() if self.todo else None
        # A worker that has died cannot take it: its sentinel tells, and the task is made again.
        with contextlib.suppress(OSError):
            worker.connection.send(worker.task)


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"signal {-exitcode}"
    return f"slutkode {exitcode}"


def _work(context: BuildContext, connection: Connection, parent: int) -> None:
    _die_with_parent(parent)
    while (task := connection.recv()) is not None:
        try:
            outcome: Any = context.make(task)
        except Exception as exc:   # handed to the parent, which reports it as the build's failure
            outcome = _picklable(exc, task)
        connection.send((task, outcome))


def _picklable(exc: Exception, task: Task) -> Exception:
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        # Not a BuildFailed: an error that is not a department's own stops the build, as it would here.
        return RuntimeError(f"{task.slug}: {exc!r}")


def _die_with_parent(parent: int) -> None:
    # Where there is no prctl (not Linux), the parent's own clean-up ends the workers.
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:   # the parent died before the signal was armed
        os._exit(1)
