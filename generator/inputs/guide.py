"""The hospital's guide in one language: its page templates, their order (nav.yml) and files beside them.

The pages themselves are Jinja templates rendered per department by
render/handbook.py; here they are only found, and nav.yml is read strictly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, display_path
from .yaml_source import read_yaml

NAV_FILE = "nav.yml"
# What the guide folder holds that is read, not published: pages, macros, the menu and the catalog (messages.po).
SOURCE_SUFFIXES = (".md", ".j2", ".yml", ".po")


@dataclass(frozen=True)
class NavSection:
    """A group of pages in the menu, for one kind of reader (`title`); None: pages outside any group."""

    title: str | None
    pages: tuple[str, ...]


@dataclass(frozen=True)
class GuideSource:
    """Where the guide's pages are, in which order and groups they are listed, and the files published with them."""

    folder: Path
    nav: tuple[NavSection, ...]
    page_names: tuple[str, ...]          # the nav's pages first, then any other page, by name
    assets: tuple[tuple[str, Path], ...]  # (name in the handbook, file), copied as they are


def load_guide(folder: Path, root: Path) -> tuple[GuideSource | None, list[Problem]]:
    """The guide in `folder` (guide_dir/LANGUAGE), or the problems that stop it."""
    nav, problems = _read_nav(folder, root)
    if nav is None:
        return None, problems
    pages = sorted(p.name for p in folder.glob("*.md"))
    assets = tuple((str(p.relative_to(folder)), p) for p in sorted(folder.rglob("*"))
                   if p.is_file() and p.suffix not in SOURCE_SUFFIXES)
    listed = tuple(page for section in nav for page in section.pages)
    names = listed + tuple(name for name in pages if name not in listed)
    return GuideSource(folder, nav, names, assets), []


def _read_nav(folder: Path, root: Path) -> tuple[tuple[NavSection, ...] | None, list[Problem]]:
    path = folder / NAV_FILE
    file = display_path(path, root)
    if not path.is_file():
        return None, [Problem(file, 1, "", "filen findes ikke", "en liste over guidens sider, fx - index.md")]
    document, problems = read_yaml(path, file)
    if document is None or problems:
        return None, problems
    entries = document.data
    if not isinstance(entries, list) or not entries:
        return None, [Problem(file, 1, "", "filen skal være en liste over sider", "linjer som - index.md")]
    sections: list[NavSection] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry.values())), list):
            title, pages = next(iter(entry.items()))
            for number, page in enumerate(pages):
                problems += _page_problems(page, folder, root, file, document.line_of((index, title, number)),
                                           f"{index + 1}.{title}.{number + 1}")
            sections.append(NavSection(title, tuple(pages)))
        else:
            problems += _page_problems(entry, folder, root, file, document.line_of((index,)), str(index + 1))
            sections.append(NavSection(None, (entry,)))
    return (tuple(sections) if not problems else None), problems


def _page_problems(entry: object, folder: Path, root: Path, file: str, line: int, where: str) -> list[Problem]:
    """Why a nav entry is not a page of the guide ([] when it is)."""
    if not isinstance(entry, str) or not entry.endswith(".md"):
        return [Problem(file, line, where, f"{entry!r} er ikke en side",
                        "et filnavn, fx roller.md, eller en gruppe: 'Titel:' med sider under")]
    if not (folder / entry).is_file():
        return [Problem(file, line, where, f"siden '{entry}' findes ikke i {display_path(folder, root)}",
                        "en af: " + ", ".join(sorted(p.name for p in folder.glob("*.md"))))]
    return []
