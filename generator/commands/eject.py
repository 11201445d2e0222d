"""handbook eject SLUG DIR: one department as a plain MkDocs project that `mkdocs build` alone builds."""

from __future__ import annotations

from pathlib import Path

from ..config.problems import CommandRefused
from ..content import Guide
from ..load import Project
from ..mkdocs_build import write_project


def eject(project: Project, slug: str, folder: Path) -> Path:
    try:
        department = project.department(slug)
    except KeyError:
        known = ", ".join(d.slug for d in project.departments)
        raise CommandRefused(f"der er ingen afdeling '{slug}' (forventet en af: {known})") from None
    if folder.exists() and any(folder.iterdir()):
        raise CommandRefused(f"{folder} er ikke tom; vælg en ny mappe")
    folder.mkdir(parents=True, exist_ok=True)
    return write_project(Guide(project).render(department), project, folder)
