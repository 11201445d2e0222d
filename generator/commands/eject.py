"""handbook eject SLUG DIR: one department as a plain project that the engine's own command builds."""

from __future__ import annotations

from pathlib import Path

from ..engine import engine_for
from ..inputs.problems import CommandRefused
from ..inputs.project import Project
from ..render.handbook import Renderer


def eject(project: Project, slug: str, folder: Path) -> Path:
    try:
        department = project.department(slug)
    except KeyError:
        known = ", ".join(d.slug for d in project.departments)
        raise CommandRefused(f"der er ingen afdeling '{slug}' (forventet en af: {known})") from None
    if folder.exists() and any(folder.iterdir()):
        raise CommandRefused(f"{folder} er ikke tom; vælg en ny mappe")
    folder.mkdir(parents=True, exist_ok=True)
    engine = engine_for(project)
    return engine.eject(Renderer(project, engine.style).render(department), folder)
