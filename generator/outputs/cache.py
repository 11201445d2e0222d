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
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..inputs.languages import foreign_texts, marked
from ..inputs.models import Department
from ..inputs.problems import CommandRefused
from .published import MARKER, Stat, file_digest, file_stats

_KEY_FILE = ".key"
MANIFEST = ".manifest"
CACHE_FILES = (_KEY_FILE, MANIFEST)   # the cache's own files in an entry, never published
FONTS = "fonts"
GOOD = "good"   # each department as last published whole: what the portal lists while it is broken
PUBLISHED = "published"   # the record of the last publish
RUNS = "run"   # each running command's temporary folder
JINJA = "jinja"


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

    def compiled_templates(self, tool: str) -> jinja2.BytecodeCache:
        """Jinja's on-disk cache of compiled templates: compiling Material's templates is most of the
        cost of building one department, and Jinja checks each template's source before reusing it. Code
        compiled by another version of the generator (`tool`, its fingerprint) may call its filters
        differently, so each version has a folder of its own, and the others' are removed."""
        folder = self.folder(JINJA)
        for other in folder.iterdir():
            if other.name != tool:
                remove(other)
        return _TolerantBytecodeCache(str(self.folder(JINJA, tool)))

    def entry(self, name: str) -> Path:
        """The entry of an output by its name (html/da/akutafdelingen: outputs/plan.py's Output)."""
        return self.root / name

    def is_fresh(self, name: str, key: str) -> bool:
        """The entry was made from `key`, and its manifest, which the publish lists its files by, reads
        (a cheap check; `verify` reads every file)."""
        try:
            return (self.entry(name) / _KEY_FILE).read_text(encoding="ascii") == key \
                and read_manifest(self.entry(name)) is not None
        except (OSError, UnicodeDecodeError):
            return False

    def verify(self, name: str) -> bool:
        """Every file of the entry is there with the content it was stored with, and nothing else."""
        folder = self.entry(name)
        try:
            return read_manifest(folder) == _manifest(folder)
        except OSError:
            return False

    def scratch(self, kind: str) -> Path:
        """An empty folder to build into; `store` makes it the entry. Its name does not grow with the
        department's: the entry's own path is the longest the cache makes."""
        folder = self.folder("tmp") / f"{kind}-{uuid.uuid4().hex[:12]}"
        folder.mkdir()
        return folder

    def store(self, name: str, key: str, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(_manifest(folder), sort_keys=True), encoding="utf-8")
        (folder / _KEY_FILE).write_text(key, encoding="ascii")
        self.folder(*name.split("/")[:-1])
        target = self.entry(name)
        if os.path.lexists(target):
            retired = self.folder("tmp") / f"retired-{uuid.uuid4().hex[:8]}"
            os.rename(target, retired)
            os.rename(folder, target)
            remove(retired)
        else:
            os.rename(folder, target)

    def _published_record(self) -> dict[str, Any]:
        """The record of the last publish (output folder, stamp, marker digest, each file's size and time);
        {} if there is none or it cannot be read."""
        try:
            record = json.loads((self.root / PUBLISHED).read_bytes())
        except (OSError, ValueError):
            return {}
        return record if isinstance(record, dict) else {}

    def published_stats(self, output_dir: Path) -> dict[str, Stat]:
        """Size and modification time of each file the last publish left in output_dir, as it recorded them."""
        record = self._published_record()
        files = record.get("files") if record.get("output") == self._where(output_dir) else None
        if not isinstance(files, dict):
            return {}
        return {name: (stat[0], stat[1]) for name, stat in files.items()
                if isinstance(stat, list) and len(stat) == 2 and all(isinstance(n, int) for n in stat)}

    def is_published(self, output_dir: Path, stamp: str) -> bool:
        """True if the last publish went to output_dir from exactly these entries (`stamp`), and its marker
        is as written then (published.inspect tells whether anyone changed the other files since)."""
        record = self._published_record()
        try:
            marker = file_digest(output_dir / MARKER)
        except OSError:
            return False
        return (record.get("output") == self._where(output_dir) and record.get("stamp") == stamp
                and record.get("marker") == marker)

    def mark_published(self, output_dir: Path, stamp: str) -> None:
        """Record what was just published to output_dir: its stamp, and the size and time of its files."""
        record = {"output": self._where(output_dir), "stamp": stamp, "marker": file_digest(output_dir / MARKER),
                  "files": file_stats(output_dir)}
        self.folder()
        target = self.root / PUBLISHED
        if target.is_dir():
            remove(target)   # a folder where the record belongs, which os.replace cannot replace
        _replace_text(target, json.dumps(record, sort_keys=True))

    def _where(self, output_dir: Path) -> str:
        """The output folder as the record names it: from the project's folder when it lies inside it, so a
        project moved or copied elsewhere with its cache and site finds its record still true."""
        project, output = self.root.parent.parent.resolve(), output_dir.resolve()
        return str(output.relative_to(project)) if output.is_relative_to(project) else str(output)

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

    def remember_good(self, department: Department, language: str) -> None:
        """Keep what a department said when it was last published whole (for the portal, if it breaks), in each
        edition: `language` is the main one's, whose texts the others show where they have none."""
        folder = self.folder(GOOD)
        others = {code: {"data": other.model_dump(mode="json"), "foreign": foreign_texts(other)}
                  for code, other in department.other_languages.items()}
        record = json.dumps({"slug": department.slug, "data": department.model_dump(mode="json"),
                             "language": language, "others": others}, ensure_ascii=False)
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
            context = {"slug": record["slug"]}
            others = {code: marked(Department.model_validate(other["data"], context=context, strict=False),
                                   [tuple(location) for location in other["foreign"]], record["language"])
                      for code, other in record.get("others", {}).items()}
            return Department.model_validate(record["data"], context=context, strict=False).with_languages(others)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def sweep(self) -> None:
        """Remove what a killed build left half done."""
        remove(self.root / "tmp")

    @contextmanager
    def temporary(self) -> Iterator[Path]:
        """This run's temporary folder, made the process's temp folder (tempfile and TMPDIR, which
        WeasyPrint and the forked workers use too) until the run ends, then removed. A run killed before
        that leaves it behind; the next run removes it, and any other whose run is over (each run holds a
        lock on its folder for as long as it lives, so a preview running beside a build keeps its own)."""
        runs = self.folder(RUNS)
        _sweep_runs(runs)
        name = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        lock = os.open(runs / f"{name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder = runs / name
        folder.mkdir()
        previous = tempfile.tempdir, os.environ.get("TMPDIR")
        tempfile.tempdir = os.environ["TMPDIR"] = str(folder)
        try:
            yield folder
        finally:
            tempfile.tempdir = previous[0]
            if previous[1] is None:
                os.environ.pop("TMPDIR", None)
            else:
                os.environ["TMPDIR"] = previous[1]
            remove(folder)
            (runs / f"{name}.lock").unlink(missing_ok=True)
            os.close(lock)

    @property
    def fonts(self) -> Path:
        """Where the PDFs' font subsets are kept (pdf/fonts.py makes them, keyed by what they are made of)."""
        return self.root / FONTS

    def clear(self) -> None:
        """Forget everything this project's builds made: not the lock, which the build that clears holds,
        nor the font subsets, which are made from the machine's fonts and not from the project, nor what
        each department was when last published, which a broken department is kept published by, nor the
        running commands' temporary folders."""
        for child in self.root.glob("*"):
            if child.name not in ("lock", FONTS, GOOD, RUNS):
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


def _sweep_runs(runs: Path) -> None:
    """Remove the temporary folders of runs that are over: a lock nobody holds, or a folder without one."""
    for path in runs.iterdir():
        if path.suffix == ".lock":
            _sweep_run(path)
        elif not (runs / f"{path.name}.lock").exists():
            remove(path)


def _sweep_run(lock: Path) -> None:
    try:
        descriptor = os.open(lock, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if _try_lock(descriptor):
            remove(lock.with_suffix(""))
            lock.unlink(missing_ok=True)
    finally:
        os.close(descriptor)


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


