"""Publish: swap a finished staging folder in for the output folder.

Nothing is written into the published folder while building; it is replaced
only when everything succeeded, so a failed or killed build leaves it as it was.
The published files share no inode with the cache: what comes from the cache is
copied (a reflink where the file system offers it), and what is unchanged is
hard-linked from the previously published site, whose files are never written again.
A marker file (MARKER) says the folder is this generator's; `output_problem` refuses
any other folder before anything is touched.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import uuid
from pathlib import Path

from ..inputs.project import OUTPUT_DIR_EXPECTED, Project
from .cache import MANIFEST

StrPath = str | os.PathLike[str]

# In the published folder: says that this generator wrote it, and from which cache keys (no time stamps,
# so a publish that changes nothing leaves the folder byte for byte as it was).
MARKER = ".handbook-site.json"


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
        if (output_dir / name).is_dir():
            link_tree(output_dir / name, staging / name)


def published_keys(output_dir: Path) -> dict[str, str]:
    """The cache keys the published folder was assembled from, by its marker; {} if unknown."""
    try:
        keys = json.loads((output_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) and all(isinstance(v, str) for v in keys.values()) else {}


def write_marker(staging: Path, keys: dict[str, str]) -> None:
    (staging / MARKER).write_text(json.dumps(keys, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def link_tree(source: Path, target: Path) -> None:
    """A tree of the previously published site, by hard links: its files are never written again."""
    for folder, _, names in os.walk(source):
        destination = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(destination, exist_ok=True)
        for name in names:
            source_file = os.path.join(folder, name)
            _link_or_copy(os.path.join(destination, name), source_file, source_file)


def place(entry: Path, target: Path, published: Path | None) -> None:
    """A cache entry's files into the staging folder: hard links to the same files of the previous published
    site where it was published from the very same entry (`published`), else copies, never links, of the
    entry, so no later build or reader of the cache can change a published file."""
    manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    for relative in sorted(manifest):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(destination, entry / relative, None if published is None else published / relative)


def _link_or_copy(destination: StrPath, copy_from: StrPath, link_to: StrPath | None) -> None:
    """A hard link to `link_to` where there is one and the file system makes the link, else a copy of `copy_from`."""
    if link_to is not None:
        try:
            os.link(link_to, destination)
            return
        except OSError:
            pass
    shutil.copyfile(copy_from, destination)


def output_problem(project: Project, recorded: str) -> tuple[str, str] | None:
    """Why output_dir must not be published to (the message and what to choose instead), or None.

    The publish replaces the folder as a whole, so a folder there must be this generator's (its marker,
    or the cache's record `recorded` of the last publish) or empty. What output_dir may never be, whatever
    is on the disk (the project, its inputs, a file), inputs/project.py refuses when it loads.
    """
    name, out = project.config.output_dir, project.output_dir.resolve()
    if out.is_dir() and not (out / MARKER).is_file() and str(out) != recorded and any(out.iterdir()):
        return (f"mappen '{name}' har indhold, som handbook ikke har lavet; det ville blive slettet",
                f"{OUTPUT_DIR_EXPECTED} (flyt indholdet væk, eller vælg en anden mappe)")
    return None
