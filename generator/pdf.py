"""Stage "make PDFs": a department's print documents, made with WeasyPrint.

    site/SLUG/pdf/samarbejdsaftale.pdf   fillable (AcroForm), department defaults filled in
    site/SLUG/pdf/dagsorden.pdf          fillable, one agenda page per meeting 1..count
    site/SLUG/pdf/evaluering.pdf         fillable
    site/SLUG/pdf/stoettekort.pdf        the four support cards, one A5 card a page

The forms come from the same definitions as the HTML forms (generator/forms.py,
content/forms/*.yml); the cards from the same template and style sheet as the
stoettekort page (generator/cards.py, theme/assets/stylesheets/print-cards.css).
Every PDF is PDF/UA-1 (tagged), has /Lang da, a title, the hospital as author,
and embeds its font: DejaVu Sans from the machine, never a remote font.

The build keeps a department's PDFs in its cache under a key of everything
they are made from (generator/cache.py), so unchanged PDFs are not remade.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from . import cards, templating
from .config.models import Department, SiteConfig
from .config.problems import BuildFailed

CARDS_CSS = Path("assets") / "stylesheets" / "print-cards.css"   # inside the theme folder

FORM_PDFS = ("samarbejdsaftale", "dagsorden", "evaluering")
PDF_NAMES = (*FORM_PDFS, "stoettekort")
PDF_VARIANT = "pdf/ua-1"

# DejaVu Sans is on every Debian machine that has WeasyPrint's Pango (fonts-dejavu-core).
FONT_DIR = Path(os.environ.get("HANDBOOK_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FACES = (
    ("DejaVuSans.ttf", "normal", "normal"),
    ("DejaVuSans-Bold.ttf", "bold", "normal"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)

# Ruled-line heights (mm) tried in turn until every meeting's agenda fits one page.
LINE_HEIGHTS_MM = (7.0, 6.0, 5.5, 5.0, 4.5, 4.0)
# Card type sizes tried in turn until every card fits its page.
CARD_SCALES = (1.0, 0.93, 0.86, 0.8)


def pdf_href(name: str) -> str:
    """The link from a handbook page (site/SLUG/NAME.html) to its PDF."""
    return f"pdf/{name}.pdf"


def pdf_link(name: str) -> Markup:
    """A download link for a page: `{{ pdf_link("samarbejdsaftale") }}` (an HTML block, no blank lines)."""
    label = {
        "samarbejdsaftale": "Hent samarbejdsaftalen som udfyldelig PDF",
        "dagsorden": "Hent dagsordenerne som udfyldelig PDF (én side pr. møde)",
        "evaluering": "Hent evalueringen som udfyldelig PDF",
        "stoettekort": "Hent støttekortene som PDF",
    }.get(name, "Hent som PDF")
    return Markup('<p class="hb-pdf-link-block"><a class="md-button hb-pdf-link" href="{}" download>{}</a></p>\n'
                  ).format(pdf_href(name), label)


# ---------------------------------------------------------------- building


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    bytes: int


def make_pdfs(handbook, project, out_dir: Path) -> list[PdfResult]:
    """The build's PDF stage: one handbook's four PDFs into out_dir (the build caches them per department)."""
    department = handbook.department
    out_dir.mkdir(parents=True, exist_ok=True)
    maker = _maker(project)
    results = [maker.form_pdf(name, department, out_dir / f"{name}.pdf") for name in FORM_PDFS]
    results.append(maker.cards_pdf(department, out_dir / "stoettekort.pdf"))
    return results


_makers: dict[int, "PdfMaker"] = {}


def _maker(project) -> "PdfMaker":
    """One PdfMaker per project and process: style sheets and fonts are set up once, not per department."""
    maker = _makers.get(id(project))
    if maker is None or maker.project is not project:
        _makers.clear()
        maker = _makers[id(project)] = PdfMaker(project)
    return maker


class PdfMaker:
    """Renders one project's PDFs; the style sheets and font set-up are made once and reused."""

    def __init__(self, project):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from .forms import FormLibrary

        self.project = project
        self.config: SiteConfig = project.config
        self.forms = FormLibrary.load(project)
        self.font_config = FontConfiguration()
        with _weasyprint_errors() as errors:
            self.css = [
                CSS(string=font_css(), font_config=self.font_config),
                CSS(filename=str(templating.TEMPLATES / "pdf.css"), font_config=self.font_config),
                CSS(filename=str(project.path("theme_dir") / CARDS_CSS), font_config=self.font_config),
            ]
        if errors:
            raise BuildFailed("WeasyPrint: " + "; ".join(errors))
        self._css_class = CSS

    # The forms ----------------------------------------------------------

    def form_html(self, name: str, department: Department, line_mm: float, copies: tuple | None = None) -> str:
        copies = self.forms.copies(name, department) if copies is None else copies
        return templating.environment().get_template("pdf-form.html").render(
            form=self.forms.form(name), copies=copies, department=department, site=self.config,
            line_mm=line_mm)

    def form_pdf(self, name: str, department: Department, target: Path) -> PdfResult:
        copies = self.forms.copies(name, department)
        if not self.forms.form(name).per_meeting:
            return self._write(self._render(self.form_html(name, department, LINE_HEIGHTS_MM[0], copies)), target)
        # One page per meeting, with the roomiest writing lines that let the first meeting (the
        # tallest: it alone carries the intro) fit its page. Each writing line grows by the same
        # step, so one layout at the smallest lines tells which size fits, instead of trying each.
        for line_mm in self._roomiest_lines(name, department, copies):
            document = self._render(self.form_html(name, department, line_mm, copies))
            if len(document.pages) == len(copies):
                return self._write(document, target)
        raise BuildFailed(f"{department.slug}: {name}.pdf: et møde fylder mere end én side, også med de "
                          f"mindste skrivelinjer; forkort skemaet i content/forms/{name}.yml")

    def _roomiest_lines(self, name: str, department: Department, copies: tuple) -> list[float]:
        """The line heights worth a full layout, roomiest first (the rest fit if the first does not)."""
        smallest = LINE_HEIGHTS_MM[-1]
        probe = self._render(self.form_html(name, department, smallest, copies[:1]))
        if len(probe.pages) > 1:
            return []
        lines = sum(_writing_lines(f) for f in copies[0].fields)
        room_mm = _free_height(probe.pages[0]) * MM_PER_PX
        fitting = [h for h in LINE_HEIGHTS_MM if lines * (h - smallest) <= room_mm]
        return fitting or [smallest]

    # The cards ----------------------------------------------------------

    def cards_pdf(self, department: Department, target: Path) -> PdfResult:
        html = cards.cards_document(department, self.config)
        for scale in CARD_SCALES:
            extra = self._css_class(string=_card_scale_css(scale), font_config=self.font_config)
            document = self._render(html, extra=[extra])
            if _cards_fit(document):
                break
        else:
            raise BuildFailed(f"{department.slug}: stoettekort.pdf: et kort fylder mere end én side; "
                              "afdelingens kort har for mange personer eller roller")
        return self._write(document, target)

    # WeasyPrint ---------------------------------------------------------

    def _render(self, html: str, extra: list | None = None):
        from weasyprint import HTML

        with _weasyprint_errors() as errors:
            document = HTML(string=html, base_url=str(templating.TEMPLATES)).render(
                stylesheets=self.css + (extra or []), font_config=self.font_config,
                pdf_variant=PDF_VARIANT, pdf_forms=True)
        if errors:
            raise BuildFailed("WeasyPrint: " + "; ".join(errors))
        return document

    def _write(self, document, target: Path) -> PdfResult:
        with _weasyprint_errors() as errors:
            data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_forms=True)
        if errors:
            raise BuildFailed(f"{target.name}: WeasyPrint: " + "; ".join(errors))
        if target.exists():
            target.unlink()   # it may be a hard link into the cache
        target.write_bytes(data)
        return PdfResult(target, len(document.pages), len(data))


MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS pixels


def _writing_lines(field) -> int:
    # Only a textarea's height follows the line height (pdf-form.html).
    return field.field.print_lines if field.field.type == "textarea" else 0


def _free_height(page) -> float:
    """How far the page's content stops short of the bottom of its content area (CSS px)."""
    box = page._page_box
    bottom = max((child.position_y + child.margin_height() for child in _descendants(box)
                  if child.element is not None and child.element_tag not in ("html", "body")), default=0)
    return box.content_box_y() + box.height - bottom


def font_css() -> str:
    """@font-face rules for the local DejaVu Sans files (by file: no font is looked up anywhere else)."""
    rules = []
    for file, weight, style in FONT_FACES:
        path = FONT_DIR / file
        if path.is_file():
            rules.append(f'@font-face {{ font-family: "DejaVu Sans"; src: url("{path.as_uri()}"); '
                         f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


# The print type sizes (pt) in print-cards.css, scaled down together when a card would not fit.
CARD_TYPE_PT = {".hb-card": 9, ".hb-card--agenda": 10.5, ".hb-card--agreement": 10, ".hb-card--dense": 8,
                ".hb-card .hb-card__title": 16}


def _card_scale_css(scale: float) -> str:
    """Smaller type for a department whose cards would not fit at the sizes of print-cards.css."""
    if scale == 1:
        return ""
    return "\n".join(f".hb-cards {selector} {{ font-size: {size * scale:.2f}pt; }}"
                     for selector, size in CARD_TYPE_PT.items())


def _cards_fit(document) -> bool:
    """One card a page, and nothing on a card runs into its footer (pinned to the card's bottom, pdf.css)."""
    if len(document.pages) != 4:
        return False
    for page in document.pages:
        card = _find(page._page_box, lambda box: "hb-card" in _classes(box))
        foot = card and _find(card, lambda box: "hb-card__foot" in _classes(box))
        if card is None or foot is None:
            return False
        footer = set(map(id, _descendants(foot))) | {id(foot)}
        if any(box.position_y + box.margin_height() > foot.position_y + 0.5
               for box in _descendants(card) if box.element is not None and id(box) not in footer):
            return False
    return True


def _classes(box) -> list[str]:
    return box.element.get("class", "").split() if box.element is not None else []


def _find(box, test: Callable) -> object | None:
    for child in _descendants(box):
        if test(child):
            return child
    return None


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


class _weasyprint_errors:
    """WeasyPrint logs what it could not do; a PDF that is not what we asked for fails the build."""

    class _Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.ERROR)
            self.messages: list[str] = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    def __enter__(self) -> list[str]:
        self.logger = logging.getLogger("weasyprint")
        self.handler = self._Collect()
        self.level, self.propagate = self.logger.level, self.logger.propagate
        self.logger.addHandler(self.handler)
        self.logger.setLevel(logging.ERROR)   # warnings (unknown CSS such as print-color-adjust) are noise
        self.logger.propagate = False
        return self.handler.messages

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)
        self.logger.propagate = self.propagate
