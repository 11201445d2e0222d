"""What a library logs, collected for our own error message instead of printed as it goes.

Shared by stages (engine/ for MkDocs, pdf/ for WeasyPrint); standard library only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected(logger_name: str, level: int) -> Iterator[list[str]]:
    """The messages logged to `logger_name` at `level` or above while the block runs; they go nowhere else."""
    logger = logging.getLogger(logger_name)
    handler = _Collect(level)
    saved_level, saved_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        logger.propagate = saved_propagate
