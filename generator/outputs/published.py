"""The published folder as this generator wrote it, against what it holds now.

Every publish leaves a marker file (MARKER) in the folder: the cache keys each
part was assembled from, and every file it wrote with its sha256, no time
stamps (a publish that changes nothing leaves the folder byte for byte as it
was). A folder is this generator's only if it carries the marker; whatever it
holds that the marker does not list is someone else's (a web server's own
files, a person's notes), and the build refuses to replace the folder rather
than delete them. A file of ours that was edited or deleted by hand is found
by its size and modification time against the cache's record of the last
publish (outputs/cache.py), hashed only where those differ, so a no-op stays
cheap; the next publish puts it back as built.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

MARKER = ".handbook-site.json"
MARKER_FORMAT = 2

# A file's size and modification time (ns), as the cache records them after a publish.
Stat = tuple[int, int]


@dataclass(frozen=True)
class PublishedSite:
    """What the output folder holds, measured against its marker."""

    keys: dict[str, str]        # the cache key each part was assembled from ("html/akutafdelingen" -> key)
    files: dict[str, str]       # every file this generator wrote there: relative path -> sha256
    foreign: tuple[str, ...]    # what it holds that this generator did not write, in name order
    changed: frozenset[str]     # its own files since changed or removed by hand
    marked: bool                # it carries a readable marker

    @property
    def empty(self) -> bool:
        return not self.files and not self.foreign


NOTHING = PublishedSite({}, {}, (), frozenset(), marked=False)


def inspect(folder: Path, recorded: Mapping[str, Stat]) -> PublishedSite:
    """The output folder now; `recorded` is what the last publish left there (size, mtime by path), or {}."""
    if not folder.is_dir() or folder.is_symlink():
        return NOTHING
    present = dict(_walk(folder))
    marker = _read_marker(folder)
    if marker is None:
        return PublishedSite({}, {}, tuple(sorted(present)), frozenset(), marked=False)
    keys, files = marker
    if files is None:
        # Published before the marker listed its files: taken as this generator's, as it was then, once.
        files = {name: file_digest(folder / name) for name, stat in present.items() if stat and name != MARKER}
    ours = _folders_of(files)
    foreign = tuple(sorted(name for name, stat in present.items()
                           if name != MARKER and name not in files and not (stat is None and name in ours)))
    changed = frozenset(name for name, digest in files.items()
                        if _differs(folder / name, present.get(name), recorded.get(name), digest))
    return PublishedSite(keys, files, foreign, changed, marked=True)


def _walk(folder: Path, prefix: str = "") -> Iterator[tuple[str, Stat | None]]:
    """Every entry below folder by relative path: a regular file with its stat, anything else (a folder,
    a link, a device) with None; the inside of a folder, never of a link."""
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                yield name, None
                yield from _walk(Path(entry.path), name + "/")
            elif entry.is_file(follow_symlinks=False):
                status = entry.stat(follow_symlinks=False)
                yield name, (status.st_size, status.st_mtime_ns)
            else:
                yield name, None


def _folders_of(files: Mapping[str, str]) -> set[str]:
    folders: set[str] = set()
    for name in files:
        parts = name.split("/")[:-1]
        folders.update("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return folders


def _differs(path: Path, now: Stat | None, recorded: Stat | None, digest: str) -> bool:
    if now is None:
        return True   # removed, or something else in its place
    if recorded is not None and now == tuple(recorded):
        return False
    return file_digest(path) != digest


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _read_marker(folder: Path) -> tuple[dict[str, str], dict[str, str] | None] | None:
    """The marker's keys and files (None: a marker of the first format, keys alone); None when there is
    no marker or it cannot be read as one."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if _text_map(marker):
        return marker, None
    if not isinstance(marker, dict) or marker.get("format") != MARKER_FORMAT:
        return None
    keys, files = marker.get("keys"), marker.get("files")
    if not (_text_map(keys) and _text_map(files)):
        return None
    return keys, files


def _text_map(value: object) -> TypeGuard[dict[str, str]]:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def write_marker(folder: Path, keys: Mapping[str, str], files: Mapping[str, str]) -> None:
    marker = {"format": MARKER_FORMAT, "keys": dict(keys), "files": dict(files)}
    (folder / MARKER).write_text(json.dumps(marker, sort_keys=True, indent=0) + "\n", encoding="utf-8")


def file_stats(folder: Path) -> dict[str, Stat]:
    """Size and modification time of every regular file below folder, for the cache's record."""
    return {name: stat for name, stat in _walk(folder) if stat is not None and name != MARKER}
