"""Publish: swap a finished staging folder in for the output folder.

Nothing is written into the published folder while building; it is replaced
only when everything succeeded, so a failed or killed build leaves it as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import uuid
from pathlib import Path


def staging_dir(output_dir: Path) -> Path:
    """A fresh folder beside the output (same file system, so the swap is a rename)."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = output_dir.parent / f".{output_dir.name}.staging-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


def recover(output_dir: Path) -> None:
    """Finish or undo a swap that a killed build left half done, and sweep its leftovers."""
    parent = output_dir.parent
    old = sorted(parent.glob(f".{output_dir.name}.old-*"))
    if not output_dir.exists() and old:
        os.rename(old[-1], output_dir)
        old = old[:-1]
    for leftover in old + sorted(parent.glob(f".{output_dir.name}.staging-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def publish(staging: Path, output_dir: Path) -> None:
    """Make the staging folder the output folder, in one step where the system allows it."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
    elif _exchange(staging, output_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
    else:
        # Two renames; a kill between them is finished by recover() on the next build.
        old = output_dir.parent / f".{output_dir.name}.old-{uuid.uuid4().hex[:8]}"
        os.rename(output_dir, old)
        os.rename(staging, output_dir)
        shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 with RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_current_dir, rename_exchange = -100, 2
    return renameat2(at_current_dir, os.fsencode(first), at_current_dir, os.fsencode(second), rename_exchange) == 0


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def carry_over(output_dir: Path, staging: Path, names: list[str]) -> None:
    """Keep already published handbooks that this build does not touch."""
    for name in names:
        if (output_dir / name).exists():
            link_tree(output_dir / name, staging / name)


def link_tree(source: Path, target: Path) -> None:
    """Put a finished tree in place by hard links: no bytes copied, and the source is never written again."""
    for folder, _, names in os.walk(source):
        destination = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(destination, exist_ok=True)
        for name in names:
            if name != ".key":  # the cache's stamp (cache.py)
                _link_or_copy(os.path.join(folder, name), os.path.join(destination, name))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
