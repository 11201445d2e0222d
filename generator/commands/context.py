"""Everything one build works with, made once and passed along: no stage keeps state of its own.

Worker processes are forked with the context as an argument (workers.py),
so they start with the loaded project, the compiled templates and the
engine already set up, and nothing is pickled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..engine import Engine
from ..inputs.project import Project
from ..outputs.cache import BuildCache
from ..outputs.plan import HTML, THEME, THEME_ASSETS, Plan
from ..render.handbook import Renderer

if TYPE_CHECKING:
    from ..pdf.maker import PdfMaker

Task = tuple[str, str]   # (HTML or PDF, department slug)


@dataclass
class BuildContext:
    project: Project
    cache: BuildCache
    plan: Plan
    renderer: Renderer
    engine: Engine

    @cached_property
    def pdf_maker(self) -> PdfMaker:
        # Imported when first needed: a build without PDFs to make never loads WeasyPrint.
        from ..pdf.maker import PdfMaker

        return PdfMaker(self.project, font_cache=self.cache.fonts)

    def make_theme_assets(self) -> None:
        folder = self.cache.scratch(THEME)
        self.engine.write_theme_assets(folder)
        self.cache.store(THEME, THEME_ASSETS, self.plan.keys[THEME, THEME_ASSETS], folder)

    def make(self, task: Task) -> int:
        """Make one department's HTML or PDFs into the cache; return the number of HTML pages made."""
        kind, slug = task
        department = self.project.department(slug)
        folder = self.cache.scratch(kind)
        pages = 0
        if kind == HTML:
            handbook = self.renderer.render(department)
            self.engine.build(handbook, folder)
            pages = len(handbook.pages)
        else:
            self.pdf_maker.make(department, self.renderer.print_documents(department), folder)
        self.cache.store(kind, slug, self.plan.keys[kind, slug], folder)
        return pages
