"""When each department file last changed, which its handbook's footer and the portal show ("Sidst opdateret
7. december 2026"): intranet handbooks go stale quietly.

In a git checkout, a file that is committed and unchanged since has the date of the last commit that changed
it (one `git log` for every file, not one a department: a build's start-up must stay short). Any other file
(no git, not committed, changed since, or git not installed) has its own modification date. Dates are the
machine's local dates: the hospital's own.
"""

from __future__ import annotations

import calendar
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# A department not changed for this many months is marked on the portal (and noted by the build).
STALE_MONTHS = 12


@dataclass(frozen=True)
class Dates:
    """Each department file's last change (by slug), and the day they are judged on."""

    changed: dict[str, date]
    today: date

    def is_stale(self, slug: str) -> bool:
        changed = self.changed.get(slug)
        return changed is not None and changed <= _months_before(self.today, STALE_MONTHS)


def last_changed(files: list[Path], root: Path, today: date) -> Dates:
    """The dates of `files` (department files, named by their stem), judged on `today`."""
    modified = {path: day for path in files if (day := _modified(path)) is not None}   # a link to nothing: the loader's
    committed = _committed_dates(list(modified), root)
    return Dates({path.stem: committed.get(_where(path), day) for path, day in modified.items()}, today)


def _modified(path: Path) -> date | None:
    try:
        return date.fromtimestamp(path.stat().st_mtime)
    except (OSError, RuntimeError):
        return None


def _where(path: Path) -> Path:
    """The file's place, its folder resolved but not the file (a department file may be a link)."""
    return path.parent.resolve() / path.name


def _committed_dates(files: list[Path], root: Path) -> dict[Path, date]:
    """The date of the last commit of each file that is committed and unchanged; {} outside a git checkout."""
    if not files:
        return {}
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return {}
    names = [str(_where(path)) for path in files]
    changed = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *names)
    log = _git(root, "log", "--format=%x00%cs", "--name-only", "--", *names)
    if changed is None or log is None:
        return {}
    folder = Path(top.strip())
    dirty = {_where(folder / line[3:]) for line in changed.splitlines() if len(line) > 3}
    dates: dict[Path, date] = {}
    for entry in log.split("\0")[1:]:
        stamp, _, listed = entry.partition("\n")
        for name in listed.split("\n"):
            path = _where(folder / name) if name else None
            if path is not None and path not in dirty:
                dates.setdefault(path, date.fromisoformat(stamp.strip()))
    return dates


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the month's last day if it is shorter (31 March less one month is the
    last of February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
