"""A department's PDFs, made with WeasyPrint.

    site/SLUG/pdf/NAME.pdf          one per form definition (content/forms/NAME.yml): fillable
                                    (AcroForm), department defaults filled in; a per-meeting form
                                    has one page per meeting 1..count
    site/SLUG/pdf/stoettekort.pdf   the four support cards, one A5 card a page (HTML from render/)
    site/SLUG/pdf/foer-du-starter.pdf  the pre-arrival material (velkomstpakken), A4, as short as
                                    render/ asks (HTML from render/)

Every PDF is PDF/UA-1 (tagged), has /Lang of its edition, a title, the hospital as author,
and embeds its font: a Latin subset of DejaVu Sans from the machine, renamed
"Handbook Sans" (fonts.py), never a remote font.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .. import layout, logs
from ..inputs.catalog import Catalog
from ..inputs.colors import accent_css
from ..inputs.editions import Edition
from ..inputs.forms import FormField
from ..inputs.models import Department
from ..inputs.problems import BuildFailed
from ..inputs.project import Project
from ..layout import FormCopy, PrintDocument
from ..templating import css_string, environment
from . import appearance, fit, fonts, reuse, stamp, tagging

TEMPLATES = Path(__file__).parent / "templates"
CARDS_CSS = Path("assets") / "stylesheets" / "print-cards.css"   # inside the theme folder

PDF_VARIANT = "pdf/ua-1"
# What of a form pdf-form.html lays out: the blank, its headings alone (reuse.py), the department's
# layer (stamp.py), or the whole form in one layout (what the stamped layers must look like).
FormPart = Literal["blank", "heads", "layer", "page"]

# Ruled-line heights (mm) tried in turn until every meeting's agenda fits one page.
LINE_HEIGHTS_MM = (7.0, 6.0, 5.5, 5.0, 4.5, 4.0)
# Card type sizes, as parts of print-cards.css's print sizes, tried in turn until every card fits its
# page. Those sizes are set for browsers; WeasyPrint sets the same text wider, and at them the
# onboarding card (the same words for every department) always runs into its footer: the PDF starts
# one step down instead of laying every department's cards out twice.
CARD_SCALES = (0.93, 0.86, 0.8, 0.74)


# ---------------------------------------------------------------- building


@dataclass
class Layer:
    """A department's layer of the forms (laid out; written, untagged, when first stamped) and where its
    kicker line sits: a build lays layers out before it forks only to know that."""

    document: Any
    kicker: reuse.Geometry
    data: bytes | None = None


@dataclass(frozen=True)
class Blank:
    """A form's blank (written, tagged) and the pages that begin a copy."""

    data: bytes
    kicker_pages: frozenset[int]


class PdfMaker:
    """Renders one edition's PDFs of the project; made once per build process and edition, so style sheets
    and fonts are set up once."""

    def __init__(self, project: Project, edition: Edition, font_cache: Path):
        """font_cache: where the font subsets are kept (made once, in the build cache: never in the system's
        temp folder, where they would be left behind)."""
        self.project = project
        self.config = project.config
        self.edition = edition
        self.forms = edition.forms
        self.templates = environment(TEMPLATES, edition.words)
        self.font_config = FontConfiguration()
        cards_css = project.path("theme_dir") / CARDS_CSS
        card_sizes = fit.print_type_sizes(cards_css.read_text(encoding="utf-8"))
        with _weasyprint_errors() as errors:
            self.css = [
                CSS(string=fonts.font_face_css(fonts.subset_faces(font_cache)), font_config=self.font_config),
                CSS(filename=str(TEMPLATES / "pdf.css"), font_config=self.font_config),
                # The hospital's colour (branding.primary_color) as --hb-brand, which pdf.css and the cards use.
                CSS(string=accent_css(project.config.branding.primary_color), font_config=self.font_config),
                CSS(string=_page_numbers(edition.words), font_config=self.font_config),
            ]
            # Only the cards need the cards' style sheet (it cost a form 18 % of its layout).
            self.cards_css = self.css + [CSS(filename=str(cards_css), font_config=self.font_config)]
            # The cards' type at each size tried, parsed once for every department.
            self.card_scales = [CSS(string=_scaled(card_sizes, scale), font_config=self.font_config)
                                for scale in CARD_SCALES]
        if errors:
            raise BuildFailed("WeasyPrint: " + "; ".join(errors))
        # One layout a form, by its name, for the most meetings (reuse.py); the blanks made from it, by form,
        # number of copies and kicker box; the last department's layer, by what it shows.
        self.layouts: dict[str, reuse.Kept] = {}
        self.blanks: dict[tuple[str, int, reuse.Geometry], Blank | None] = {}
        self.layer: tuple[tuple[str, str | None], Layer | None] | None = None
        # The field fonts' glyphs, by font program, for the prefilled fields' appearances (appearance.py).
        self.glyphs: dict[str, appearance.Glyphs] = {}

    def make(self, department: Department, documents: Mapping[str, PrintDocument], out_dir: Path) -> None:
        """The department's PDFs into out_dir: one per form definition, and the print documents
        (rendered by render/) that commands/ hands over."""
        department = department.in_language(self.edition.code)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in self.forms.forms:
            self.form_pdf(name, department, out_dir / f"{name}.pdf")
        for document in documents.values():
            self.make_document(document, department, out_dir)

    def check_length(self, documents: Mapping[str, PrintDocument], department: Department) -> None:
        """Lay out each document with a page limit as make() would, writing nothing: BuildFailed, in the build's
        words, when one runs longer (handbook validate)."""
        department = department.in_language(self.edition.code)
        for document in documents.values():
            if document.most_pages is not None and not document.cards:
                self._short_document(document, department)

    def make_document(self, document: PrintDocument, department: Department, out_dir: Path) -> None:
        """One print document (HTML from render/) as out_dir/NAME.pdf."""
        target = out_dir / f"{document.name}.pdf"
        if document.cards:
            self.cards_pdf(document, target)
        else:
            self.write(self._short_document(document, department), target)

    # The forms ----------------------------------------------------------

    def form_html(self, name: str, department: Department, line_mm: float, copies: tuple[FormCopy, ...],
                  part: FormPart) -> str:
        title, description = self._metadata(name, department)
        return self.templates.get_template("pdf-form.html").render(
            form=self.forms.form(name), copies=copies, department=department, site=self.config, line_mm=line_mm,
            lang=self.edition.words.language,
            part=part, title=title, description=description)

    def _metadata(self, name: str, department: Department) -> tuple[str, str]:
        """A form PDF's title and description. The title is what a screen reader announces of the
        department (the kicker line is a running header), so it holds the unit too."""
        title = self.forms.form(name).title
        place = f"{department.name}, {department.unit}" if department.unit else department.name
        described = self.edition.words.gettext("%(title)s: udfyldelig PDF til mentorordningen på %(place)s, %(hospital)s")
        return f"{title} – {place}", described % {"title": title, "place": place, "hospital": self.config.hospital}

    def lay_out_forms(self, departments: list[Department]) -> None:
        """Make each form's blanks before a build forks its workers, so that they share them: one for
        every number of meetings among the departments, from one layout for the most (reuse.py)."""
        # Each blank is laid out for a department of its own number of meetings, with room for that
        # department's kicker line: the one with the shortest, most likely one line, as most are.
        in_language = [department.in_language(self.edition.code) for department in departments]
        shortest_first = sorted(in_language, key=lambda d: len(d.name) + len(d.unit or ""))
        for name, form in self.forms.forms.items():
            by_count: dict[int, Department] = {}
            for department in shortest_first:
                by_count.setdefault(len(form.meetings(department)), department)
            for count in sorted(by_count, reverse=True):   # the most first: its layout serves the others
                department = by_count[count]
                layer = self._layer(name, department)
                if layer is not None:
                    self._blank(name, department, layout.copies(self.forms.form(name), department), layer.kicker)

    def form_pdf(self, name: str, department: Department, target: Path) -> None:
        """The department's layer stamped onto the form's blank (stamp.py), its defaults in the fields."""
        department = department.in_language(self.edition.code)
        copies = layout.copies(self.forms.form(name), department)
        values = _values(copies)
        layer = self._layer(name, department)
        blank = None if layer is None else self._blank(name, department, copies, layer.kicker)
        if layer is None or blank is None:
            # WeasyPrint did not tell where the kicker line went, or this form keeps its room somewhere
            # else: stamped, it could land on something; laid out whole, it cannot.
            self.write(self.lay_out_whole(name, department), target, values)
            return
        if layer.data is None:
            layer.data = stamp.own_subsets(self._pdf(layer.document, name, tagged=False))
        _save(stamp.stamp(blank.data, layer.data, blank.kicker_pages, values, *self._metadata(name, department),
                          glyphs=self.glyphs), target)

    def field_values(self, name: str, department: Department) -> dict[str, str]:
        """The department's defaults by field name: they go into the fields only (appearance.py), never into
        the HTML."""
        department = department.in_language(self.edition.code)
        return _values(layout.copies(self.forms.form(name), department))

    def _layer(self, name: str, department: Department) -> Layer | None:
        """The department's kicker line and footer, laid out once a department (they show the hospital, the
        department's name and unit alone, the same in every form); None when WeasyPrint does not tell
        where the kicker line went."""
        key = (department.name, department.unit)
        if self.layer is None or self.layer[0] != key:
            document = self._render(self.form_html(name, department, LINE_HEIGHTS_MM[0], (), "layer"))
            kicker = reuse.kicker_geometry(document)
            self.layer = (key, Layer(document, kicker) if kicker is not None and len(document.pages) == 2 else None)
        return self.layer[1]

    def _blank(self, name: str, department: Department, copies: tuple[FormCopy, ...],
               kicker: reuse.Geometry) -> Blank | None:
        """The form's blank for this many copies with room for this kicker box, written once (laid out
        from the kept layout when it has as many copies and the same room); None when the form keeps
        its room for the kicker line elsewhere than the layer puts it."""
        key = (name, len(copies), kicker)
        if key not in self.blanks:
            document = self._blank_layout(name, department, copies, kicker)
            self.blanks[key] = (None if document is None else
                                Blank(tagging.finish(self._pdf(document, name)), reuse.kicker_pages(document)))
        return self.blanks[key]

    def _blank_layout(self, name: str, department: Department, copies: tuple[FormCopy, ...],
                      kicker: reuse.Geometry) -> Any | None:
        """The blank's layout: from the kept layout when it has as many copies and the same room for the
        kicker line, else laid out anew; None when that keeps its room elsewhere than `kicker`."""
        kept = self.layouts.get(name)
        if kept is not None and kept.kicker == kicker and kept.copies >= len(copies):
            if not self.forms.form(name).per_meeting:
                return kept.document
            heads = self._render(self.form_html(name, department, kept.line_mm, copies, "heads"))
            document = reuse.refill(kept, heads)
            if document is not None:
                return document
        document, line_mm = self._layout_form(name, department, copies)
        laid_out = reuse.kicker_geometry(document)
        if kept is None or (kept.kicker == kicker and len(copies) > kept.copies):
            self.layouts[name] = reuse.Kept(document, line_mm, len(copies), laid_out)
        return document if laid_out == kicker else None

    def lay_out_whole(self, name: str, department: Department) -> Any:
        """The department's form in one layout, its kicker line as page text: what the stamped layers must
        look like (the tests compare the two), and what is made when they cannot be stamped."""
        return self._layout_form(name, department, layout.copies(self.forms.form(name), department), "page")[0]

    def _layout_form(self, name: str, department: Department, copies: tuple[FormCopy, ...],
                     part: FormPart = "blank") -> tuple[Any, float]:
        if not self.forms.form(name).per_meeting:
            line_mm = LINE_HEIGHTS_MM[0]
            return self._render(self.form_html(name, department, line_mm, copies, part)), line_mm
        # One page per meeting, with the roomiest writing lines that let the first meeting (the
        # tallest: it alone carries the intro) fit its page. Each writing line grows by the same
        # step, so one layout at the smallest lines tells which size fits, instead of trying each.
        for line_mm in self._roomiest_lines(name, department, copies, part):
            document = self._render(self.form_html(name, department, line_mm, copies, part))
            if len(document.pages) == len(copies):
                return document, line_mm
        raise BuildFailed(f"{department.slug}: {name}.pdf: et møde fylder mere end én side, også med de "
                          f"mindste skrivelinjer; forkort skemaet i content/forms/{name}.yml")

    def _roomiest_lines(self, name: str, department: Department, copies: tuple[FormCopy, ...],
                        part: FormPart) -> list[float]:
        """The line heights worth a full layout, roomiest first (the rest fit if the first does not)."""
        smallest = LINE_HEIGHTS_MM[-1]
        probe = self._render(self.form_html(name, department, smallest, copies[:1], part))
        if len(probe.pages) > 1:
            return []
        room = fit.free_height(probe.pages[0])
        if room is None:
            return list(LINE_HEIGHTS_MM)   # WeasyPrint does not tell: try each size in turn
        lines = sum(_writing_lines(f.field) for f in copies[0].fields)
        room_mm = room * fit.MM_PER_PX
        fitting = [h for h in LINE_HEIGHTS_MM if lines * (h - smallest) <= room_mm]
        return fitting or [smallest]

    # The cards ----------------------------------------------------------

    def cards_pdf(self, cards: PrintDocument, target: Path) -> None:
        for scaled in self.card_scales:
            document = self._render(cards.html, self.cards_css + [scaled])
            if fit.cards_fit(document, cards.cards):
                break
        # Else the smallest type is kept: render/ spreads the people over continuation cards by a
        # rough count, and a card that runs onto a further page is better than no cards and no build.
        self.write(document, target)

    # Other print documents ---------------------------------------------

    def _short_document(self, printed: PrintDocument, department: Department) -> Any:
        own = [CSS(string=printed.css, font_config=self.font_config)] if printed.css else []
        document = self._render(printed.html, self.css + own)
        limit = printed.most_pages
        if limit is not None and len(document.pages) > limit:
            raise BuildFailed(f"{department.slug}: {printed.name}.pdf fylder {len(document.pages)} sider, men må "
                              f"højst fylde {limit}; forkort afdelingens tekster (welcome, pre_arrival, practical) "
                              "eller listerne over personer og roller")
        return document

    # WeasyPrint ---------------------------------------------------------

    def _render(self, html: str, stylesheets: list[Any] | None = None) -> Any:
        with _weasyprint_errors() as errors:
            document = HTML(string=html, base_url=str(TEMPLATES)).render(
                stylesheets=self.css if stylesheets is None else stylesheets, font_config=self.font_config,
                pdf_variant=PDF_VARIANT, pdf_forms=True)
        if errors:
            raise BuildFailed("WeasyPrint: " + "; ".join(errors))
        return document

    def _pdf(self, document: Any, name: str, tagged: bool = True) -> bytes:
        """The document (NAME.pdf) as PDF: PDF/UA-1 with its fields, or (a layer to stamp) plain."""
        with _weasyprint_errors() as errors:
            data = (document.write_pdf(pdf_variant=PDF_VARIANT, pdf_forms=True) if tagged
                    else document.write_pdf())
        if errors:
            raise BuildFailed(f"{name}.pdf: WeasyPrint: " + "; ".join(errors))
        return bytes(data)

    def write(self, document: Any, target: Path, field_values: Mapping[str, str] | None = None) -> None:
        _save(tagging.finish(self._pdf(document, target.stem), field_values, self.glyphs), target)


def _save(data: bytes, target: Path) -> None:
    if target.exists():
        target.unlink()   # it may be a hard link into the cache
    target.write_bytes(data)


def _values(copies: tuple[FormCopy, ...]) -> dict[str, str]:
    return {f.pdf_name: f.value for copy in copies for f in copy.fields if f.value}


def _page_numbers(words: Catalog) -> str:
    """Every page's number in the footer ("Side 2 af 4"), in the edition's words, as CSS content."""
    parts = re.split(r"%\((page|pages)\)s", words.gettext("Side %(page)s af %(pages)s"))
    content = " ".join(f"counter({part})" if index % 2 else css_string(part) for index, part in enumerate(parts) if part)
    return f"@page {{ @bottom-right {{ content: {content}; }} }}"


def _scaled(sizes: list[tuple[str, float]], scale: float) -> str:
    """The cards' print type sizes of print-cards.css, scaled."""
    return "\n".join(f"{selector} {{ font-size: {size * scale:.2f}pt; }}" for selector, size in sizes)


def _writing_lines(field: FormField) -> int:
    # Only a textarea's height follows the line height (pdf-form.html).
    return field.print_lines if field.multiline else 0


def _weasyprint_errors() -> AbstractContextManager[list[str]]:
    """WeasyPrint logs what it could not do; a PDF that is not what we asked for fails the build."""
    return logs.collected("weasyprint", logging.ERROR)   # warnings (unknown CSS such as print-color-adjust) are noise
