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
import queue
import signal
from collections.abc import Callable, Iterator
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


def run_tasks(context: BuildContext, tasks: list[Task], jobs: int, done: Callable[[Task, int], None],
              failed: Failed, meanwhile: Callable[[], None] = lambda: None) -> None:
    """Make every task, `jobs` at a time; call done(task, pages) for each as it finishes, or failed(task,
    error) when its department could not be made (BuildFailed): the others go on. Any other error stops
    them all. `meanwhile` runs in this process while the workers make the tasks (first, when there are
    no workers)."""
    if jobs <= 1 or len(tasks) <= 1:
        meanwhile()
        for task in tasks:
            make_one(context, task, done, failed)
        return
    fork = multiprocessing.get_context("fork")
    todo: Any = fork.SimpleQueue()
    results: Any = fork.Queue()
    for task in tasks:
        todo.put(task)
    workers = [fork.Process(target=_work, args=(context, todo, results, os.getpid()), daemon=True)
               for _ in range(min(jobs, len(tasks)))]
    gc.freeze()
    for worker in workers:
        todo.put(None)   # one stop sign per worker, after the tasks
        worker.start()
    gc.unfreeze()
    try:
        meanwhile()
        _collect(results, workers, len(tasks), done, failed)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
            worker.join()


def make_one(context: BuildContext, task: Task, done: Callable[[Task, int], None], failed: Failed) -> None:
    """Make one task in this process, as run_tasks does."""
    try:
        made = context.make(task)
    except BuildFailed as exc:
        failed(task, exc)
        return
    done(task, made)


def _collect(results: Any, workers: list[Any], count: int, done: Callable[[Task, int], None],
             failed: Failed) -> None:
    for _ in range(count):
        while True:
            try:
                task, outcome = results.get(timeout=0.5)
                break
            except queue.Empty:
                if not any(worker.is_alive() for worker in workers):
                    raise RuntimeError("alle byggeprocesser stoppede uventet") from None
        if isinstance(outcome, BuildFailed):
            failed(task, outcome)
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            done(task, outcome)


def _work(context: BuildContext, todo: Any, results: Any, parent: int) -> None:
    _die_with_parent(parent)
    while (task := todo.get()) is not None:
        try:
            results.put((task, context.make(task)))
        except Exception as exc:   # handed to the parent, which reports it as the build's failure
            results.put((task, _picklable(exc, task)))


def _picklable(exc: Exception, task: Task) -> Exception:
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        # Not a BuildFailed: an error that is not a department's own stops the build, as it would here.
        return RuntimeError(f"{task[1]}: {exc!r}")


def _die_with_parent(parent: int) -> None:
    # Where there is no prctl (not Linux), the parent's own clean-up ends the workers.
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:   # the parent died before the signal was armed
        os._exit(1)
