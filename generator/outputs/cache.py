"""The build cache: each department's finished output, kept under a key of everything it was made from.

It lives in one place (.cache/handbook/ beside site_config.yml) and is safe
to delete at any time: the next build simply makes everything again. An
entry becomes visible only by a rename after it is complete, so a killed
build leaves at worst a half-written temporary folder that the next build
sweeps away.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..inputs.models import Department

_KEY_FILE = ".key"


@dataclass(frozen=True)
class BuildCache:
    root: Path

    @classmethod
    def of(cls, project_root: Path) -> BuildCache:
        """The one place for intermediate files, beside site_config.yml; safe to delete."""
        return cls(project_root / ".cache" / "handbook")

    def compiled_templates(self) -> jinja2.BytecodeCache:
        """Jinja's on-disk cache of compiled templates: compiling Material's templates is most of the
        cost of building one department, and Jinja checks each template's source before reusing it."""
        folder = self.root / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))

    def entry(self, kind: str, slug: str) -> Path:
        return self.root / kind / slug

    def is_fresh(self, kind: str, slug: str, key: str) -> bool:
        stamp = self.entry(kind, slug) / _KEY_FILE
        return stamp.is_file() and stamp.read_text() == key

    def scratch(self, kind: str, slug: str) -> Path:
        """An empty folder to build into; `store` makes it the entry."""
        folder = self.root / "tmp" / f"{kind}-{slug}-{uuid.uuid4().hex[:8]}"
        folder.mkdir(parents=True)
        return folder

    def store(self, kind: str, slug: str, key: str, folder: Path) -> None:
        (folder / _KEY_FILE).write_text(key)
        target = self.entry(kind, slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            retired = self.root / "tmp" / f"retired-{uuid.uuid4().hex[:8]}"
            os.rename(target, retired)
            os.rename(folder, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(folder, target)

    def is_published(self, output_dir: Path, stamp: str) -> bool:
        """True if output_dir is still the folder the last build published from exactly these entries."""
        record = self.root / "published"
        return output_dir.is_dir() and record.is_file() and record.read_text() == _published(output_dir, stamp)

    def mark_published(self, output_dir: Path, stamp: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "published").write_text(_published(output_dir, stamp))

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One build at a time per project: a second one waits here until the first has published."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def remember_good(self, department: Department) -> None:
        """Keep what a department said when it was last published whole (for the portal, if it breaks)."""
        folder = self.root / "good"
        folder.mkdir(parents=True, exist_ok=True)
        record = json.dumps({"slug": department.slug, "data": department.model_dump(mode="json")}, ensure_ascii=False)
        target = folder / f"{department.slug}.json"
        if not target.is_file() or target.read_text(encoding="utf-8") != record:
            scratch = target.with_suffix(f".{os.getpid()}.tmp")
            scratch.write_text(record, encoding="utf-8")
            os.replace(scratch, target)

    def last_good(self, slug: str) -> Department | None:
        """The department as last published whole, or None (never published, or the record is damaged)."""
        try:
            record = json.loads((self.root / "good" / f"{slug}.json").read_text(encoding="utf-8"))
            return Department.model_validate(record["data"], context={"slug": record["slug"]}, strict=False)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def sweep(self) -> None:
        """Remove what a killed build left half done."""
        shutil.rmtree(self.root / "tmp", ignore_errors=True)

    def clear(self) -> None:
        """Forget everything but the lock, which the build that clears holds."""
        for child in self.root.glob("*"):
            if child.name != "lock":
                shutil.rmtree(child) if child.is_dir() else child.unlink()


def _published(output_dir: Path, stamp: str) -> str:
    # The folder's identity (inode, change time) tells whether anyone replaced or edited it since.
    status = output_dir.stat()
    return f"{output_dir.resolve()}\n{status.st_ino}\n{status.st_mtime_ns}\n{stamp}"
