"""The MkDocs + Material engine: batch builds (builder.py, plugin.py), ejected projects (config.py,
hooks.py) and the live preview (serve.py). Nothing else in the generator imports MkDocs or Material."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from ...inputs.files import folder_files
from ...inputs.project import Project
from ...render.handbook import Handbook
from ...render.links import PageStyle
from .config import STYLE, config_yaml, mkdocs_config, write_branding, write_docs

if TYPE_CHECKING:
    from .builder import HandbookBuilder

HOOKS_FILE = Path(__file__).with_name("hooks.py")


class MkDocsEngine:
    """Builds, ejects and serves one project's handbooks with MkDocs and Material."""

    style: PageStyle = STYLE
    build_command: str = "mkdocs build"

    def __init__(self, project: Project, work_dir: Path | None = None, compiled: jinja2.BytecodeCache | None = None,
                 listing: Path | None = None):
        self.project = project
        self.work_dir = work_dir
        self.compiled = compiled
        self.listing = listing
        self._builder: HandbookBuilder | None = None

    def build(self, handbook: Handbook, site_dir: Path) -> None:
        self._batch().build(handbook, site_dir)

    def write_theme_assets(self, site_dir: Path) -> None:
        self._batch().write_theme_assets(site_dir)

    def eject(self, handbook: Handbook, folder: Path) -> Path:
        # The theme is copied in too, so the folder stands alone: each file's content, never a link (one
        # that stays in the project, the only kind a valid project has, would lead nowhere from the copy).
        theme = self.project.path("theme_dir")
        for file in folder_files(theme, self.project.root)[0]:
            target = folder / "theme" / file.relative_to(theme)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        return self._write_project(handbook, folder, "theme")

    def serve(self, handbooks: list[Handbook], folder: Path, host: str, watch: list[Path],
              rerender: Callable[[], list[Handbook] | None]) -> None:
        from .serve import serve_project

        theme = str(self.project.path("theme_dir").resolve())
        # One MkDocs project an edition, each in a folder of its own: docs/ is written again on every change.
        config_files = [self._write_project(handbook, folder / handbook.edition.code, theme) for handbook in handbooks]
        serve_project(config_files, [handbook.edition.folder for handbook in handbooks], folder / "site", host,
                      watch, rerender)

    def _write_project(self, handbook: Handbook, folder: Path, theme: str) -> Path:
        """A plain MkDocs project (mkdocs.yml, docs/, hooks.py) for one handbook; return its mkdocs.yml."""
        write_docs(handbook, folder / "docs")
        write_branding(self.project, folder / "docs")
        shutil.copyfile(HOOKS_FILE, folder / "hooks.py")
        config_file = folder / "mkdocs.yml"
        config_file.write_text(config_yaml(mkdocs_config(handbook, self.project, theme, ("hooks.py",))),
                               encoding="utf-8")
        return config_file

    def _batch(self) -> HandbookBuilder:
        from .builder import HandbookBuilder

        if self._builder is None:
            if self.work_dir is None:
                raise ValueError("a batch build needs a work folder")
            self._builder = HandbookBuilder(self.project, self.work_dir, self.compiled, self.listing)
        return self._builder
