"""The project a command works on: every department, or those it names (`--only`, serve's and eject's SLUG)."""

from __future__ import annotations

from pathlib import Path

from ..inputs.problems import CommandRefused, InputError
from ..inputs.project import Project, load_project
from ..inputs.yaml_source import YAML_SUFFIXES


def load_selection(config_path: Path, only: tuple[str, ...], drafts: bool = False) -> Project:
    """The project; with `only`, just those departments, which must exist (and not be drafts, unless allowed)."""
    project = load_project(config_path, only=only)
    found = {d.slug for d in project.departments} | set(project.broken_slugs) | {d.slug for d in project.drafts}
    unknown = [slug for slug in only if slug not in found]
    if unknown:
        folder = project.path("departments_dir")
        known = sorted(p.stem for p in folder.iterdir() if p.suffix in YAML_SUFFIXES)
        raise CommandRefused(f"ukendt afdeling: {', '.join(unknown)} (forventet en af: {', '.join(known)})")
    if only and not drafts and project.drafts:
        names = ", ".join(d.slug for d in project.drafts)
        raise CommandRefused(f"{names} er et udkast (draft: true) og udgives ikke; se det med: handbook serve {names}")
    return project


def load_one(config_path: Path, slug: str, drafts: bool = False) -> Project:
    """The project with one department that serve or eject works on: it must be valid (a draft only
    where allowed: `handbook serve` is the one way a draft is built)."""
    project = load_selection(config_path, (slug,), drafts)
    if project.broken:
        raise InputError(list(project.broken))
    return project


def edition_code(project: Project, asked: str | None) -> str:
    """The edition a command writes: the one asked for, which the site must have, else the main one."""
    codes = [edition.code for edition in project.editions]
    if asked is not None and asked not in codes:
        raise CommandRefused(f"sitet har ingen udgave '{asked}' (forventet: en af {', '.join(codes)})")
    return asked or project.main.code
