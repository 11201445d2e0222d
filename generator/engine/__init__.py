"""Stage 3, engine: the only place that knows MkDocs and Material (engine/mkdocs/).

An engine turns a rendered `Handbook` (render/) into built pages. Material
reaches end of life in 2027; a successor (Zensical, ProperDocs) would sit
beside engine/mkdocs/ as another implementation of `Engine`, and nothing
outside this folder would change. What an engine must provide:
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import jinja2

from ..inputs.project import Project
from ..render.handbook import Handbook
from ..render.links import PageStyle


class Engine(Protocol):
    """Builds handbooks for one project; made once per build process and reused for every department."""

    style: PageStyle  # how render must write page links, buttons and raw HTML for this engine
    build_command: str  # what builds an ejected project without the generator, e.g. "mkdocs build"

    def build(self, handbook: Handbook, site_dir: Path) -> None:
        """Build one handbook's pages into site_dir (BuildFailed if the engine refuses)."""

    def write_theme_assets(self, site_dir: Path) -> None:
        """Write the theme's files once, where every handbook's pages look for them (site_dir/assets/)."""

    def eject(self, handbook: Handbook, folder: Path) -> Path:
        """Write a project the engine's own command builds into the same pages; return its config file."""

    def serve(self, handbooks: list[Handbook], folder: Path, host: str, watch: list[Path],
              rerender: Callable[[], list[Handbook] | None]) -> None:
        """Live preview of one department in every edition (the main one first, each other in its folder, as
        published): rebuild whenever a watched input changes, with pages from `rerender`."""


def page_style() -> PageStyle:
    """The page conventions of the engine in use, for render (cheap: builds nothing)."""
    from .mkdocs.config import STYLE

    return STYLE


def engine_for(project: Project, work_dir: Path | None = None, compiled: jinja2.BytecodeCache | None = None,
               listing: Path | None = None) -> Engine:
    """The engine that builds this project's handbooks (MkDocs with Material today)."""
    from .mkdocs import MkDocsEngine

    return MkDocsEngine(project, work_dir=work_dir, compiled=compiled, listing=listing)
