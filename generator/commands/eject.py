"""handbook eject SLUG DIR: one department as a plain project that the engine's own command builds."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..engine import engine_for
from ..inputs.models import Department
from ..inputs.problems import CommandRefused
from ..inputs.project import Project
from ..outputs.cache import BuildCache
from ..render.handbook import Renderer
from .selection import edition_code


def eject(project: Project, slug: str, folder: Path, code: str | None = None) -> tuple[Path, str]:
    """Write the project of one edition (`code`; the main one by default); return its config file and the
    command that builds it (the department is a valid one of the project: selection.load_one checks that)."""
    department = project.department(slug)
    edition = project.edition(edition_code(project, code))
    if folder.exists() and any(folder.iterdir()):
        raise CommandRefused(f"{folder} er ikke tom; vælg en ny mappe")
    folder.mkdir(parents=True, exist_ok=True)
    engine = engine_for(project)
    renderer = Renderer(project, edition, engine.style)
    config_file = engine.eject(renderer.render(department), folder)
    _carry_pdfs(project, renderer, department, config_file.parent / "docs" / "pdf")
    return config_file, engine.build_command


def _carry_pdfs(project: Project, renderer: Renderer, department: Department, target: Path) -> None:
    """The pages link to pdf/NAME.pdf: the published PDFs go along, or are made if none are published."""
    published = project.output_dir / department.slug / renderer.edition.folder / "pdf"
    if published.is_dir() and any(published.glob("*.pdf")):
        target.mkdir(parents=True, exist_ok=True)
        for pdf in sorted(published.glob("*.pdf")):
            shutil.copyfile(pdf, target / pdf.name)
        return
    from ..pdf.maker import PdfMaker

    cache = BuildCache.of(project.root)
    with cache.temporary():
        PdfMaker(project, renderer.edition, cache.fonts).make(department, renderer.print_documents(department), target)
