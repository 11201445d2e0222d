"""A department's handbook as page sources: the guide's Jinja pages rendered with its people and numbers.

A `Renderer` renders one edition (a language) of any department of the project; a build makes one for
each edition, once (it owns that edition's Jinja environments): `render(department)` gives the `Handbook`
an engine builds, `print_documents(department)` the HTML that pdf/ turns into documents, and `check()`
renders every department so that `handbook validate` finds a mistake in a guide page too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from markupsafe import Markup

from ..inputs.catalog import Catalog
from ..inputs.editions import Edition
from ..inputs.guide import NavSection
from ..inputs.models import Department
from ..inputs.problems import InputError, Problem, display_path
from ..inputs.project import Project
from ..layout import CARDS, PREARRIVAL, PrintDocument
from . import cards, prearrival, templating
from .agenda import AgendaPoint, agenda_points
from .blocks import BlockCollector, PageSource
from .forms_html import form_html, pdf_link
from .links import PageStyle, download_link, handbook_url, page_links, print_links, reader_url
from .meeting_plan import plan_html
from .textsafety import SafeMarkdown


def updated_text(day: date, words: Catalog) -> str:
    """"Sidst opdateret 7. december 2026", "Last updated 7 December 2026": the date as the language writes it."""
    written = format_date(day, "long", locale=words.language.replace("-", "_"))
    return words.gettext("Sidst opdateret %(date)s") % {"date": written}


@dataclass(frozen=True)
class Handbook:
    """One department's handbook: its pages in nav order, and the files published beside them."""

    department: Department
    edition: Edition
    site_name: str
    nav: tuple[NavSection, ...]
    pages: tuple[PageSource, ...]
    assets: tuple[tuple[str, Path], ...]
    updated: date | None = None   # when the department file last changed (inputs/updated.py), for the footer

    @property
    def slug(self) -> str:
        return self.department.slug

    @property
    def updated_text(self) -> str:
        """What its footer says of `updated` (updated_text)."""
        return updated_text(self.updated, self.edition.words) if self.updated else ""


class Renderer:
    """Renders one edition of the project's guide for any of its departments; made once per build and edition."""

    def __init__(self, project: Project, edition: Edition, style: PageStyle,
                 compiled: jinja2.BytecodeCache | None = None):
        self.project = project
        self.edition = edition
        self.style = style
        self.compiled = compiled

    @cached_property
    def own_templates(self) -> jinja2.Environment:
        return templating.own_environment(self.edition.words, self.compiled)

    @cached_property
    def agenda(self) -> tuple[AgendaPoint, ...]:
        """The agenda's points and prompts, from the agenda form's definition (render/agenda.py)."""
        return agenda_points(self.edition.forms)

    @cached_property
    def markdown(self) -> SafeMarkdown:
        """A department's Markdown field as the pages show it (the guide's `markdown` filter, the plan)."""
        return SafeMarkdown(page_links(self.style.page_href), self.style.raw_html_attribute, self.language_note)

    def language_note(self, code: str) -> str:
        """What a page says before a department's text in another language (code) than the edition's."""
        words = self.edition.words
        language = words.locale.languages.get(code, code)
        return words.gettext("Afdelingen har kun skrevet denne tekst på %(language)s.") % {"language": language}

    @cached_property
    def guide_templates(self) -> jinja2.Environment:
        return templating.guide_environment(self.edition.guide.folder, self.edition.words, self.compiled)

    def render(self, department: Department) -> Handbook:
        """The department's handbook in this edition, with its texts in the edition's language."""
        department = department.in_language(self.edition.code)
        guide, config = self.edition.guide, self.project.config
        pages = tuple(self._render_page(name, department) for name in guide.page_names)
        return Handbook(department, self.edition, config.site_name, guide.nav, pages, guide.assets,
                        self.project.dates.changed.get(department.slug))

    def print_documents(self, department: Department) -> dict[str, PrintDocument]:
        """The pages that are also print documents, as standalone HTML for pdf/, by name."""
        department = department.in_language(self.edition.code)
        config, folder, words = self.project.config, self.edition.folder, self.edition.words
        url, reader = handbook_url(department, config, folder), reader_url(department, config, folder)
        qr = cards.handbook_qr(url, words, image=True)
        # The pack leads a new hire to where the handbook opens before the first day, when there is one.
        pack_qr = qr if reader == url else cards.handbook_qr(reader, words, image=True)
        pack_links = print_links(department, config.public_url or config.site_url, self.style.page_href, folder)
        pack = self._paper_page(prearrival.PAGE, department, SafeMarkdown(pack_links, in_language=self.language_note),
                                pack_qr)
        documents = (cards.cards_document(self.own_templates, department, config, self.agenda, qr, url, words),
                     prearrival.prearrival_document(self.own_templates, department, config, pack, pack_links, words))
        return {document.name: document for document in documents}

    def _paper_page(self, name: str, department: Department, markdown: SafeMarkdown, qr: Markup | None) -> str:
        """A guide page's Markdown rendered for paper: `paper` in its context, the department's Markdown
        through the print documents' link rule, the handbook's QR code. A page for paper places no blocks."""
        blocks = BlockCollector()
        context = {**self._context(department, blocks), "paper": True, "department_markdown": markdown, "qr": qr}
        try:
            text = self.guide_templates.get_template(name).render(context)
        except jinja2.TemplateError as exc:
            raise InputError([self._template_problem(name, exc)]) from None
        return "".join(part for part in blocks.parts(text) if isinstance(part, str))

    def check(self) -> None:
        """Render every department's pages without building; raise InputError listing each mistake once."""
        problems: list[Problem] = []
        for department in (*self.project.departments, *self.project.drafts):
            try:
                self.render(department)
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)

    def _render_page(self, name: str, department: Department) -> PageSource:
        blocks = BlockCollector()
        try:
            text = self.guide_templates.get_template(name).render(self._context(department, blocks))
        except jinja2.TemplateError as exc:
            raise InputError([self._template_problem(name, exc)]) from None
        except RecursionError as exc:
            raise InputError([self._recursion_problem(name, exc)]) from None
        return PageSource(name, blocks.parts(text))

    def _context(self, department: Department, blocks: BlockCollector) -> dict[str, Any]:
        config, forms, edition = self.project.config, self.edition.forms, self.edition

        def form(name: str) -> Markup:
            return blocks.keep(form_html(self.own_templates, forms, name, department, config, self.style))

        def support_cards() -> Markup:
            return blocks.keep(cards.cards_block(self.own_templates, department, config, self.agenda,
                                                 self.style.button_class, edition))

        def meeting_plan() -> Markup:
            return blocks.keep(plan_html(self.own_templates, department, config, self.agenda, self.style,
                                         self.markdown, edition.folder))

        return {
            "site": config,
            "dept": department,
            "agenda": self.agenda,
            "form": form,
            "pdf_link": lambda name: pdf_link(forms, name, self.style),
            "document_link": lambda name, label=None: document_link(name, self.style, edition, label),
            "support_cards": support_cards,
            "meeting_plan": meeting_plan,
            # A page rendered for paper (the pre-arrival pack), and where its reader finds the handbook.
            "paper": False,
            "department_markdown": self.markdown,   # the guide's `markdown` filter
            "reader_url": reader_url(department, config, edition.folder),
            "reader_public": bool(config.public_url),
            "qr": None,
        }

    def _template_problem(self, name: str, exc: jinja2.TemplateError) -> Problem:
        """A mistake in a guide page names the page and line, like a mistake in a department file."""
        file = getattr(exc, "filename", None) or str(self.edition.guide.folder / name)
        line = getattr(exc, "lineno", None) or _line_in_traceback(exc, file) or 1
        return Problem(display_path(Path(file), self.project.root), line, "(skabelon)",
                       f"fejl i sidens skabelon: {exc.message or exc}", "gyldig Jinja2, fx {{ dept.name }}")

    def _recursion_problem(self, name: str, exc: RecursionError) -> Problem:
        """A macro (or include) of the guide that calls itself without end, told where it calls itself."""
        folder = self.edition.guide.folder
        file, line = _innermost_frame_in(exc, folder) or (str(folder / name), 1)
        return Problem(display_path(Path(file), self.project.root), line, "(skabelon)",
                       "fejl i sidens skabelon: den kalder sig selv uden ende",
                       "en makro eller {% include %}, der holder op med at kalde sig selv")


def document_labels(edition: Edition) -> dict[str, str]:
    """The print documents a guide page may link to, with their default link text."""
    words = edition.words
    return {CARDS: words.gettext("Hent støttekortene som PDF"),
            PREARRIVAL: words.gettext("Hent velkomstpakken som PDF")}


def document_link(name: str, style: PageStyle, edition: Edition, label: str | None = None) -> Markup:
    """`{{ document_link("foer-du-starter") }}`: the download button for one of the print documents."""
    labels = document_labels(edition)
    if name not in labels:
        raise jinja2.TemplateRuntimeError(f"document_link: ukendt dokument {name!r}; kendte: "
                                          + ", ".join(sorted(labels)))
    return download_link(name, label or labels[name], style)


def _line_in_traceback(exc: BaseException, file: str) -> int | None:
    # Jinja rewrites tracebacks so runtime errors point into the template file itself.
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == file:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _innermost_frame_in(exc: BaseException, folder: Path) -> tuple[str, int] | None:
    """The file and line of the last traceback frame in a template of `folder` (Jinja's rewritten frames)."""
    found, tb = None, exc.__traceback__
    while tb is not None:
        file = tb.tb_frame.f_code.co_filename
        if Path(file).is_relative_to(folder):
            found = (file, tb.tb_lineno)
        tb = tb.tb_next
    return found
