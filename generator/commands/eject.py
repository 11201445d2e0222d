"""handbook eject SLUG DIR: one department as a plain MkDocs project that `mkdocs build` alone builds."""

from __future__ import annotations

from pathlib import Path

from ..content import Guide
from ..load import Project
from ..mkdocs_build import write_project


class EjectError(Exception):
    pass


def eject(project: Project, slug: str, folder: Path) -> Path:
    try:
        department = project.department(slug)
    except KeyError:
        known = ", ".join(d.slug for d in project.departments)
        raise EjectError(f"der er ingen afdeling '{slug}' (forventet en af: {known})") from None
    if folder.exists() and any(folder.iterdir()):
        raise EjectError(f"{folder} er ikke tom; vælg en ny mappe")
    folder.mkdir(parents=True, exist_ok=True)
    return write_project(Guide(project).render(department), project, folder)
