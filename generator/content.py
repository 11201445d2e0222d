"""Stage 2, render content: the guide's Markdown templates + one department -> that handbook's docs.

The result is plain Markdown, the same for our build, `handbook eject` and
`handbook serve` (our build only keeps the finished forms and cards aside as
placeholders until Markdown has run; see Guide.render).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from . import cards, pdf
from .config.models import Department
from .config.problems import InputError, Problem, display_path
from .forms import FormLibrary
from .load import Project
from .mkdocs_hooks import placeholder
from .textsafety import markdown_block, plain


@dataclass(frozen=True)
class Handbook:
    """One department's handbook as MkDocs will see it."""

    department: Department
    site_name: str
    nav: tuple[str, ...]
    pages: dict[str, str]
    assets: dict[str, Path] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.department.slug

    def write_docs(self, docs_dir: Path) -> None:
        for name, text in self.pages.items():
            target = docs_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for name, source in self.assets.items():
            target = docs_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())


class Guide:
    """The guide's pages in one language, compiled once and rendered for each department."""

    def __init__(self, project: Project, compiled: jinja2.BytecodeCache | None = None):
        self.project = project
        self.compiled = compiled
        self.folder = project.guide_folder
        self.forms = FormLibrary.load(project)

    @cached_property
    def environment(self) -> jinja2.Environment:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folder),
            autoescape=True,
            finalize=plain,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            bytecode_cache=self.compiled,
        )
        environment.filters["markdown"] = markdown_block
        return environment

    @cached_property
    def nav(self) -> tuple[str, ...]:
        return tuple(yaml.safe_load((self.folder / "nav.yml").read_text(encoding="utf-8")))

    @cached_property
    def page_names(self) -> tuple[str, ...]:
        found = sorted(p.name for p in self.folder.glob("*.md"))
        return tuple(self.nav) + tuple(name for name in found if name not in self.nav)

    @cached_property
    def assets(self) -> dict[str, Path]:
        """Images and other files beside the pages, copied as they are."""
        return {str(p.relative_to(self.folder)): p for p in sorted(self.folder.rglob("*"))
                if p.is_file() and p.suffix not in (".md", ".j2", ".yml")}

    def render(self, department: Department, defer_blocks: bool = False) -> Handbook:
        """The department's pages; with defer_blocks, large HTML blocks (forms, cards) stand as
        placeholders in the Markdown and come back in Handbook.blocks, to be put in after Markdown
        has run: the same page, without Markdown parsing HTML it would pass through unchanged."""
        blocks: list[str] = []
        keep = _Deferred(blocks) if defer_blocks else _framed
        context = {
            "site": self.project.config,
            "dept": department,
            # Each fillable form gets a link to its PDF twin (generator/pdf.py) just above it.
            "form": lambda name: keep(pdf.pdf_link(name) + self.forms.render(name, department, self.project.config)),
            "pdf_link": pdf.pdf_link,
            "support_cards": lambda: keep(cards.render_cards(department, self.project.config)),
        }
        pages = {name: self._render_page(name, context) for name in self.page_names}
        return Handbook(department, self.project.config.site_name, self.nav, pages, self.assets, blocks)

    def check(self) -> None:
        """Render every department's pages without building, so that `handbook validate` finds a
        mistake in a guide page or form definition too; raise InputError listing each once."""
        problems: list[Problem] = []
        for department in self.project.departments:
            try:
                self.render(department)
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)

    def _render_page(self, name: str, context: dict) -> str:
        try:
            return self.environment.get_template(name).render(context)
        except jinja2.TemplateError as exc:
            raise InputError([self._template_problem(name, exc)]) from None

    def _template_problem(self, name: str, exc: jinja2.TemplateError) -> Problem:
        """A mistake in a guide page names the page and line, like a mistake in a department file."""
        file = getattr(exc, "filename", None) or str(self.folder / name)
        line = getattr(exc, "lineno", None) or _line_in_traceback(exc, file) or 1
        return Problem(display_path(Path(file), self.project.root), line, "(skabelon)",
                       f"fejl i sidens skabelon: {exc.message or exc}", "gyldig Jinja2, fx {{ dept.name }}")

def _line_in_traceback(exc: BaseException, file: str) -> int | None:
    # Jinja rewrites tracebacks so runtime errors point into the template file itself.
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == file:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _framed(html: str) -> Markup:
    # The frame that mkdocs_hooks.BLOCK recognises: such blocks stay out of the search index.
    return Markup('<div class="hb-block" markdown="0">\n') + html + Markup("\n<!-- /hb-block -->\n</div>")


class _Deferred:
    """Stands in for an HTML block: a placeholder goes into the Markdown, the block into `blocks`."""

    def __init__(self, blocks: list[str]):
        self.blocks = blocks

    def __call__(self, html: str) -> Markup:
        self.blocks.append(str(_framed(html)))
        return Markup(placeholder(len(self.blocks) - 1))
