"""handbook serve SLUG: live preview that renders the department's pages again on every change."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from ..engine import engine_for
from ..inputs.problems import InputError
from ..inputs.project import Project, load_project
from ..inputs.yaml_source import YAML_SUFFIXES
from ..outputs.cache import BuildCache
from ..render.handbook import Handbook, Renderer


def serve(project: Project, slug: str, host: str) -> None:
    """Serve the department in every edition until stopped (the main one at the address's root, each other in
    its folder, en/); its preview is kept in this run's temporary folder in the cache."""
    engine = engine_for(project)

    def rerender() -> list[Handbook] | None:
        """The pages from the inputs as they are now; a problem is shown and the last good pages stay."""
        try:
            fresh = load_project(project.config_path, only=(slug,))
            if fresh.broken:
                raise InputError(list(fresh.broken))
            if [e.code for e in fresh.editions] != codes:
                print("site_config.yml har fået andre udgaver: stop forhåndsvisningen, og start den igen", flush=True)
                return None
            if slug not in {d.slug for d in (*fresh.departments, *fresh.drafts)}:
                # Only a department really gone is called so (not any KeyError of the rendering).
                print(f"afdelingen '{slug}' findes ikke længere", flush=True)
                return None
            return handbooks(fresh)
        except InputError as exc:
            print(exc, flush=True)
            return None

    watched = [department_file(project, slug), project.config_path, project.path("guide_dir"),
               project.path("forms_dir"), project.path("theme_dir")]
    def handbooks(current: Project) -> list[Handbook]:
        department = current.department(slug)
        return [Renderer(current, edition, engine.style).render(department) for edition in current.editions]

    codes = [edition.code for edition in project.editions]
    with BuildCache.of(project.root).temporary() as folder:
        engine.serve(handbooks(project), folder, host, watched, rerender)


def department_file(project: Project, slug: str) -> Path:
    """The department's file as it is named: SLUG.yml or SLUG.yaml (both are read)."""
    folder = project.path("departments_dir")
    return next((folder / f"{slug}{suffix}" for suffix in YAML_SUFFIXES if (folder / f"{slug}{suffix}").is_file()),
                folder / f"{slug}.yml")


ADDRESS_EXPECTED = "localhost eller en IP-adresse, et kolon og en port fra 1 til 65535, fx 127.0.0.1:8000"


def address_problem(address: str) -> str | None:
    """Why the preview cannot listen on `address` (HOST:PORT); None if it can."""
    host, colon, port = address.rpartition(":")
    if not colon or not host:
        return f"'{address}' mangler værten foran porten"
    if not (port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535):
        return f"porten '{port}' er ikke et tal fra 1 til 65535"
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        if bare != "localhost":
            return f"værten '{host}' er hverken localhost eller en IP-adresse"
    return None
