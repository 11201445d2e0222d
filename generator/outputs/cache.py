"""The build cache: each department's finished output, kept under a key of everything it was made from.

It lives in one place (.cache/handbook/ beside site_config.yml) and is safe
to delete at any time: the next build simply makes everything again. An
entry becomes visible only by a rename after it is complete, so a killed
build leaves at worst a half-written temporary folder that the next build
sweeps away. Every entry carries a manifest (sha256 of each file); an entry
whose files no longer match it, or whose stamp is unreadable, is a miss and
is made again. Nothing read from here is trusted blindly: a garbled record,
bytecode file or listing is forgotten, a file where a folder belongs is replaced.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..inputs.models import Department
from ..inputs.problems import CommandRefused

_KEY_FILE = ".key"
MANIFEST = ".manifest"
CACHE_FILES = (_KEY_FILE, MANIFEST)   # the cache's own files in an entry, never published
FONTS = "fonts"
GOOD = "good"   # each department as last published whole: what the portal lists while it is broken


@dataclass(frozen=True)
class BuildCache:
    root: Path

    @classmethod
    def of(cls, project_root: Path) -> BuildCache:
        """The one place for intermediate files, beside site_config.yml; safe to delete."""
        return cls(project_root / ".cache" / "handbook")

    def folder(self, *parts: str) -> Path:
        """A folder of the cache, made if missing; anything else in its place is removed first."""
        path = self.root.parent
        for part in (self.root.name, *parts):
            ensure_folder(path)
            path = path / part
        ensure_folder(path)
        return path

    def compiled_templates(self) -> jinja2.BytecodeCache:
        """Jinja's on-disk cache of compiled templates: compiling Material's templates is most of the
        cost of building one department, and Jinja checks each template's source before reusing it."""
        return _TolerantBytecodeCache(str(self.folder("jinja")))

    def entry(self, kind: str, slug: str) -> Path:
        return self.root / kind / slug

    def is_fresh(self, kind: str, slug: str, key: str) -> bool:
        """The entry was made from `key`, and its manifest, which the publish lists its files by, reads
        (a cheap check; `verify` reads every file)."""
        try:
            return (self.entry(kind, slug) / _KEY_FILE).read_text(encoding="ascii") == key \
                and read_manifest(self.entry(kind, slug)) is not None
        except (OSError, UnicodeDecodeError):
            return False

    def verify(self, kind: str, slug: str) -> bool:
        """Every file of the entry is there with the content it was stored with, and nothing else."""
        folder = self.entry(kind, slug)
        try:
            return read_manifest(folder) == _manifest(folder)
        except OSError:
            return False

    def scratch(self, kind: str, slug: str) -> Path:
        """An empty folder to build into; `store` makes it the entry."""
        folder = self.folder("tmp") / f"{kind}-{slug}-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        return folder

    def store(self, kind: str, slug: str, key: str, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(_manifest(folder), sort_keys=True), encoding="utf-8")
        (folder / _KEY_FILE).write_text(key, encoding="ascii")
        self.folder(kind)
        target = self.entry(kind, slug)
        if os.path.lexists(target):
            retired = self.folder("tmp") / f"retired-{uuid.uuid4().hex[:8]}"
            os.rename(target, retired)
            os.rename(folder, target)
            remove(retired)
        else:
            os.rename(folder, target)

    def _published_record(self) -> list[str]:
        """The lines of the record of the last publish: output folder, inode, mtime, stamp; [] if unreadable."""
        try:
            return (self.root / "published").read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            return []

    def published_dir(self) -> str:
        """The output folder the last publish went to (resolved), as the record has it; '' if unreadable."""
        record = self._published_record()
        return record[0] if record else ""

    def is_published(self, output_dir: Path, stamp: str) -> bool:
        """True if output_dir is still the folder the last build published from exactly these entries."""
        return output_dir.is_dir() and self._published_record() == _published(output_dir, stamp).split("\n")

    def mark_published(self, output_dir: Path, stamp: str) -> None:
        self.folder()
        target = self.root / "published"
        if target.is_dir():
            remove(target)   # a folder where the record belongs, which os.replace cannot replace
        _replace_text(target, _published(output_dir, stamp))

    @contextmanager
    def locked(self, wait: float = 300, waiting: Callable[[str], None] = lambda since: None) -> Iterator[None]:
        """One build at a time per project. The lock is a flock, which the kernel releases when its
        holder dies however it dies; a second build waits for it, says so once, and gives up after `wait` s."""
        path = self.folder() / "lock"
        if os.path.lexists(path) and not path.is_file():
            remove(path)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            if not _try_lock(descriptor):
                since = _holder(descriptor)
                waiting(since)
                deadline = time.monotonic() + wait
                while not _try_lock(descriptor):
                    if time.monotonic() >= deadline:
                        raise CommandRefused(f"{path}: en anden bygning, startet kl. {since}, kører stadig efter "
                                             f"{wait:g} s; prøv igen senere, eller vent længere med --wait SEKUNDER")
                    time.sleep(0.2)
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{time.strftime('%H:%M:%S')} (proces {os.getpid()})\n".encode(), 0)
            yield
        finally:
            os.close(descriptor)

    def remember_good(self, department: Department) -> None:
        """Keep what a department said when it was last published whole (for the portal, if it breaks)."""
        folder = self.folder(GOOD)
        record = json.dumps({"slug": department.slug, "data": department.model_dump(mode="json")}, ensure_ascii=False)
        target = folder / f"{department.slug}.json"
        if os.path.lexists(target) and not target.is_file():
            remove(target)   # a folder where the record belongs, which os.replace cannot replace
        # Compared as bytes: a garbled record (not even UTF-8) is simply written anew.
        if not target.is_file() or target.read_bytes() != record.encode("utf-8"):
            _replace_text(target, record)

    def last_good(self, slug: str) -> Department | None:
        """The department as last published whole, or None (never published, or the record is damaged)."""
        try:
            record = json.loads((self.root / GOOD / f"{slug}.json").read_text(encoding="utf-8"))
            return Department.model_validate(record["data"], context={"slug": record["slug"]}, strict=False)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def sweep(self) -> None:
        """Remove what a killed build left half done."""
        remove(self.root / "tmp")

    @property
    def fonts(self) -> Path:
        """Where the PDFs' font subsets are kept (pdf/fonts.py makes them, keyed by what they are made of)."""
        return self.root / FONTS

    def clear(self) -> None:
        """Forget everything this project's builds made: not the lock, which the build that clears holds,
        nor the font subsets, which are made from the machine's fonts and not from the project, nor what
        each department was when last published, which a broken department is kept published by."""
        for child in self.root.glob("*"):
            if child.name not in ("lock", FONTS, GOOD):
                remove(child)


def ensure_folder(path: Path) -> None:
    if os.path.lexists(path) and not path.is_dir():
        path.unlink()   # a file (or a dangling link) where the cache keeps a folder
    path.mkdir(exist_ok=True)


def _replace_text(target: Path, text: str) -> None:
    """Write `text` to `target` in one step: a reader sees the old file or the new one, never half of one."""
    scratch = target.with_suffix(f".{os.getpid()}.tmp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, target)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink()


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return False
        raise


def _holder(descriptor: int) -> str:
    """When the build holding the lock started, as it wrote it into the lock file."""
    text = os.pread(descriptor, 200, 0).decode("utf-8", "replace").strip()
    return text or "ukendt tidspunkt"


def read_manifest(entry: Path) -> dict[str, str] | None:
    """The manifest an entry was stored with (file name -> sha256); None if it is missing or garbled."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    valid = isinstance(manifest, dict) and all(isinstance(v, str) for v in manifest.values())
    return manifest if valid else None


def _manifest(folder: Path) -> dict[str, str]:
    manifest = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            if relative not in CACHE_FILES:
                with open(path, "rb") as handle:
                    manifest[relative] = hashlib.file_digest(handle, "sha256").hexdigest()
    return manifest


class _TolerantBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A damaged bytecode file is compiled again instead of failing the build."""

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()


def _published(output_dir: Path, stamp: str) -> str:
    # The folder's identity (inode, change time) tells whether anyone replaced or edited it since.
    status = output_dir.stat()
    return f"{output_dir.resolve()}\n{status.st_ino}\n{status.st_mtime_ns}\n{stamp}"
