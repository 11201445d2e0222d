"""Everything one build works with, made once and passed along: no stage keeps state of its own.

Worker processes are forked with the context as an argument (workers.py),
so they start with the loaded project, the compiled templates and the
engine already set up, and nothing is pickled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import jinja2

from ..engine import Engine
from ..inputs.project import Project
from ..outputs.cache import BuildCache
from ..outputs.plan import HTML, THEME_OUTPUT, Output, Plan
from ..render.handbook import Renderer

if TYPE_CHECKING:
    from ..pdf.maker import PdfMaker

# One thing a worker makes: a department's pages or PDFs in one edition.
Task = Output


@dataclass
class BuildContext:
    project: Project
    cache: BuildCache
    plan: Plan
    engine: Engine
    compiled: jinja2.BytecodeCache | None = None
    # Made when an edition first needs them, then kept for every department: its Jinja environments, its
    # PDF layouts and blanks.
    _renderers: dict[str, Renderer] = field(default_factory=dict)
    _pdf_makers: dict[str, PdfMaker] = field(default_factory=dict)

    def renderer(self, code: str) -> Renderer:
        if code not in self._renderers:
            self._renderers[code] = Renderer(self.project, self.project.edition(code), self.engine.style, self.compiled)
        return self._renderers[code]

    def pdf_maker(self, code: str) -> PdfMaker:
        if code not in self._pdf_makers:
            # Imported when first needed: a build without PDFs to make never loads WeasyPrint.
            from ..pdf.maker import PdfMaker

            self._pdf_makers[code] = PdfMaker(self.project, self.project.edition(code), font_cache=self.cache.fonts)
        return self._pdf_makers[code]

    def make_theme_assets(self) -> None:
        folder = self.cache.scratch(THEME_OUTPUT.kind)
        self.engine.write_theme_assets(folder)
        self.cache.store(THEME_OUTPUT.name, self.plan.keys[THEME_OUTPUT], folder)

    def make(self, task: Task) -> int:
        """Make one department's pages or PDFs in one edition into the cache; return the number of pages made."""
        department = self.project.department(task.slug)
        renderer = self.renderer(task.edition)
        folder = self.cache.scratch(task.kind)
        pages = 0
        if task.kind == HTML:
            handbook = renderer.render(department)
            self.engine.build(handbook, folder)
            pages = len(handbook.pages)
        else:
            self.pdf_maker(task.edition).make(department, renderer.print_documents(department), folder)
        self.cache.store(task.name, self.plan.keys[task], folder)
        return pages
