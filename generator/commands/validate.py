"""handbook validate: load and check everything a build reads, render every page, and lay out the documents
whose length can stop a department (the pre-arrival pack), so that validate says what build would; publish
nothing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..engine import page_style
from ..inputs.problems import BuildFailed, InputError
from ..inputs.project import Project
from ..outputs.cache import BuildCache
from ..render.handbook import Renderer
from .build import edition_name
from .selection import load_selection


@dataclass(frozen=True)
class Verdict:
    """What validate found beyond the project's own problems: what the build would tell as well."""

    project: Project
    failed: tuple[tuple[str, str], ...] = ()   # (slug, why) of a department whose handbook could not be made
    warnings: tuple[str, ...] = ()             # a department's other edition that could not be made


def validate(config_path: Path, only: tuple[str, ...] = (), pdf: bool = True) -> Verdict:
    """Raise InputError listing every site-wide problem; return the project with what a build would refuse.
    With `only`, those departments alone (drafts too: they are checked before they are published); without
    `pdf`, what `build --no-pdf` would refuse (no document is laid out)."""
    project = load_selection(config_path, only, drafts=True)
    renderers = [Renderer(project, edition, page_style()) for edition in project.editions]
    problems = []
    for renderer in renderers:
        try:
            renderer.check()
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    failed, warnings = _too_long(project, renderers) if pdf else ({}, [])
    return Verdict(project, tuple(failed.items()), tuple(warnings))


def _too_long(project: Project, renderers: list[Renderer]) -> tuple[dict[str, str], list[str]]:
    """Each department's print documents with a page limit, laid out as the build lays them out: a main
    edition's too long stops the department, another edition's is a warning (as in the build)."""
    from ..pdf.maker import PdfMaker  # WeasyPrint: imported when it is needed, as the build does

    failed: dict[str, str] = {}
    warnings: list[str] = []
    departments = [*project.departments, *project.drafts]
    if not departments:
        return failed, warnings
    with _font_cache(project) as fonts:
        for renderer in renderers:
            edition = renderer.edition
            maker = PdfMaker(project, edition, font_cache=fonts)
            # The build does not make another edition of a department it stopped.
            for department in (d for d in departments if d.slug not in failed):
                try:
                    maker.check_length(renderer.print_documents(department), department)
                except BuildFailed as exc:
                    if edition.main:
                        failed[department.slug] = str(exc)
                    else:
                        warnings.append(f"{department.slug}: {edition_name(edition.code)}: "
                                        f"{str(exc).removeprefix(f'{department.slug}: ')}")
    return failed, warnings


@contextmanager
def _font_cache(project: Project) -> Iterator[Path]:
    """The build cache's font subsets (made once, kept for the build); a temporary folder where the cache
    cannot be written (a read-only project), removed after."""
    fonts = BuildCache.of(project.root).fonts
    try:
        fonts.mkdir(parents=True, exist_ok=True)
        writable = os.access(fonts, os.W_OK)
    except OSError:
        writable = False
    if writable:
        yield fonts
        return
    with tempfile.TemporaryDirectory(prefix="handbook-fonts-") as folder:
        yield Path(folder)
