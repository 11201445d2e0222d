"""The hospital's files that the site publishes or reads into its pages (the theme, the guide, the logo and
favicon): regular files inside the project (the folder of site_config.yml), never followed out of it.

A symbolic link to a file inside the project is read as the file it leads to. One that leads out of it
would publish whatever is there (`theme/env.png -> /proc/self/environ` published the build's environment),
and a FIFO or a device would stop the build or publish the device's bytes: both are refused. So is a link
to a folder within these folders: MkDocs reads templates through it but publishes none of its files, a
copy of the folder would publish them, and it could lead back up into itself.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .problems import display_path

# What a file that is neither a regular file nor a folder is, in the messages.
_SPECIAL = ((stat.S_ISFIFO, "en navngiven pipe (FIFO)"), (stat.S_ISCHR, "en enhed"), (stat.S_ISBLK, "en enhed"),
            (stat.S_ISSOCK, "en socket"))


def file_refusal(path: Path, root: Path, name: str) -> str | None:
    """Why the file at `path` may not be published or read into a page, in Danish, naming it as `name` and
    saying where it leads; None if it may. `root` is the project's real folder."""
    why, mode = _refusal(path, root, name)
    if why is None and stat.S_ISDIR(mode):
        return f"'{name}' er en mappe, ikke en fil"
    return why


def folder_refusal(path: Path, root: Path, name: str) -> str | None:
    """Why the folder at `path` (one that site_config.yml names) may not be read; None if it may."""
    why, mode = _refusal(path, root, name)
    if why is None and not stat.S_ISDIR(mode):
        return f"'{name}' er en fil, ikke en mappe"
    return why


def folder_files(folder: Path, root: Path) -> tuple[list[Path], list[str]]:
    """Every file in `folder` and its subfolders, and why each entry that may not be published is refused."""
    files: list[Path] = []
    refused: list[str] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(current.iterdir())
        except OSError as exc:
            refused.append(f"'{display_path(current, root)}' kan ikke læses ({exc.strerror or exc})")
            continue
        for entry in entries:
            name = display_path(entry, root)
            why, mode = _refusal(entry, root, name)
            if why is not None:
                refused.append(why)
            elif stat.S_ISDIR(mode) and entry.is_symlink():
                refused.append(f"'{name}' er en genvej (symlink) til en mappe ({os.path.realpath(entry)}); "
                               "her kan kun filer være genveje")
            elif stat.S_ISDIR(mode):
                pending.append(entry)
            else:
                files.append(entry)
    return sorted(files), refused


def _refusal(path: Path, root: Path, name: str) -> tuple[str | None, int]:
    """Why `path` may not be read (out of the project, a link to nothing or in a ring, neither a regular file
    nor a folder), or None and its mode."""
    real = Path(os.path.realpath(path))
    linked = path.is_symlink()
    if not real.is_relative_to(root):
        if linked:
            return f"'{name}' er en genvej (symlink) til {_target(path, root)}, uden for projektet", 0
        return f"'{name}' ligger uden for projektet" + (f" ({real})" if str(real) != name else ""), 0
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"'{name}' er en genvej (symlink), der peger på sig selv i ring", 0
        if linked and exc.errno == errno.ENOENT:
            return f"'{name}' er en genvej (symlink) til {_target(path, root)}, som ikke findes", 0
        return f"'{name}' kan ikke læses ({exc.strerror or exc})", 0
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        kind = next((what for test, what in _SPECIAL if test(mode)), "en særlig fil")
        return f"'{name}' er ikke en almindelig fil, men {kind}", mode
    return None, mode


def _target(link: Path, root: Path) -> str:
    """Where a link leads, as the user would recognise it: an absolute target as written
    (/proc/self/environ, not /proc/1234/environ), unless it leads on through the project; else the real path."""
    written = os.readlink(link)
    if os.path.isabs(written) and not Path(os.path.normpath(written)).is_relative_to(root):
        return written
    return os.path.realpath(link)
