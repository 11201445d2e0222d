"""Layout once, fill per department: a form's WeasyPrint layout reused for the next department.

A form's HTML (pdf-form.html) differs from one department to the next only in
 - the kicker line at the top of every copy ("HOSPITAL · DEPARTMENT, UNIT"),
   which the footer repeats (string-set),
 - in a per-meeting form, the number of copies (a page a meeting) and the
   count in each heading ("Møde 2 af 6"), which the page numbers repeat,
 - the title and description (PDF metadata, not laid out);
the fields' defaults are not in it (tagging.py sets them in the AcroForm
fields). So the maker keeps one layout a form, by its name; a per-meeting
form's, laid out for the most meetings, serves every department with as many
or fewer, which take its first pages. For a further department only its
kicker line is laid out, in a one-copy document with the same style sheets
and page (part "kicker" of pdf-form.html), and its line boxes take the place
of the kept layout's kicker and footer lines; a per-meeting form's headings
and page numbers come from a layout of the headings alone (part "heads"),
made once a meeting count, as they are the same for every department with
that count. The metadata is the department's. WeasyPrint then draws, tags and
writes the kept pages as it would a fresh layout: the PDF is the same, byte
for byte, as one laid out from scratch (tests/test_pdf.py checks this).

When the department's kicker or footer does not take as many lines as the
kept one's (a much longer name), `refill` returns None and the maker lays
the form out in full.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from weasyprint.document import Page

from . import fit

KICKER = "hb-copy__kicker"
FOOTER = "@bottom-left"
PAGE_NUMBERS = "@bottom-right"


@dataclass
class Kept:
    """A laid-out form, the line height it was laid out with and the number of copies it holds; for a
    per-meeting form, the layouts of its headings by meeting count (filled in by the maker)."""

    document: Any
    line_mm: float
    copies: int
    headings: dict[int, Any] = field(default_factory=dict)


def refill(kept: Kept, kicker_document: Any, headings: Any | None = None) -> Any | None:
    """A document of the kept layout's pages (a per-meeting form's first, one a page of `headings`) with
    the kicker lines and footer of `kicker_document` (the department's "kicker" layout), for a
    per-meeting form the headings and page numbers of `headings` (its "heads" layout), and the
    department's metadata; None when a line does not fit in place."""
    source_page = fit.page_box(kicker_document.pages[0])
    source_kicker = source_page and _kicker(source_page)
    source_footer = source_page and _margin_box(source_page, FOOTER)
    if source_kicker is None or source_footer is None:
        return None
    pages = kept.document.pages if headings is None else kept.document.pages[:len(headings.pages)]
    lines: list[tuple[Any, Any]] = []    # (box, box whose lines it takes)
    margins: list[tuple[Any, Any]] = []  # (page box, margin box it takes: the footer's boxes are fixed in size)
    numbered_pages = [None] * len(pages) if headings is None else headings.pages
    for page, numbered_page in zip(pages, numbered_pages, strict=False):
        box = fit.page_box(page)
        if box is None:
            return None
        kicker = _kicker(box)
        if kicker is not None:
            lines.append((kicker, source_kicker))
        margins.append((box, source_footer))
        if headings is not None:
            numbered = fit.page_box(numbered_page)
            numbers = numbered and _margin_box(numbered, PAGE_NUMBERS)
            if numbers is None:
                return None
            lines.append((_heading(box), _heading(numbered)))
            margins.append((box, numbers))
    if any(target is None or source is None or _lines(target) != _lines(source) for target, source in lines):
        return None
    if any(_margin_box(page_box, margin_box.at_keyword) is None for page_box, margin_box in margins):
        return None
    for target, source in lines:
        _take_lines(target, source)
    for page_box, margin_box in margins:
        _take_margin_box(page_box, margin_box)
    # New pages: WeasyPrint gathers a page's bookmarks (the headings), links and fields when it makes one.
    document = kept.document.copy([Page(fit.page_box(page)) for page in pages])
    document.metadata = kicker_document.metadata
    return document


def _lines(box: Any) -> list[tuple[float, float]]:
    """The child boxes' heights and offsets from the box's content top: equal when one box's children fit
    in place of the other's."""
    top = box.content_box_y()
    return [(round(line.position_y - top, 3), round(line.height, 3)) for line in box.children]


def _take_lines(target: Any, source: Any) -> None:
    dx = target.content_box_x() - source.content_box_x()
    dy = target.content_box_y() - source.content_box_y()
    children = [child.deepcopy() for child in source.children]
    for child in children:
        child.translate(dx, dy)
    target.children = children
    target.bookmark_label = source.bookmark_label   # a heading's outline entry (its text)


def _kicker(page_box: Any) -> Any | None:
    return _find(page_box, lambda box: KICKER in fit.classes(box))


def _heading(page_box: Any) -> Any | None:
    return _find(page_box, lambda box: box.element_tag == "h1")


def _find(page_box: Any, test: Callable[[Any], bool]) -> Any | None:
    """The first box of an element (not of a ::before or ::marker) that passes `test`."""
    return fit.find(page_box, lambda box: box.element is not None and not box.element_tag.startswith("::")
                    and test(box))


def _take_margin_box(page_box: Any, margin_box: Any) -> None:
    # Margin boxes are placed by the page's size and margins alone, the same in every layout of the form.
    page_box.children = [margin_box.deepcopy() if getattr(child, "at_keyword", None) == margin_box.at_keyword
                         else child for child in page_box.children]


def _margin_box(page_box: Any, keyword: str) -> Any | None:
    return next((box for box in page_box.children if getattr(box, "at_keyword", None) == keyword), None)
