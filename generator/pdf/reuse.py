"""A per-meeting form's layout for the most meetings, reused for fewer.

A form's blank (pdf-form.html, part "blank": every copy, the department's
kicker line hidden, no footer text) differs between departments with the same
kicker height only in a per-meeting form's number of copies (a page a meeting)
and the count in each heading ("Møde 2 af 6"), which the page numbers repeat.
So the maker keeps one layout a form, laid out for the most meetings; a blank
for fewer meetings takes its first pages, with the headings and page numbers
of a layout of the headings alone (part "heads"). WeasyPrint then draws, tags
and writes the kept pages as it would a fresh layout: the PDF is the same,
byte for byte, as a blank laid out from scratch (tests/test_pdf.py checks
this).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from weasyprint.document import Page

from . import fit

KICKER = "hb-copy__kicker"
PAGE_NUMBERS = "@bottom-right"

# A form's page (size and margins: where the footer goes) and where its kicker line sits on its first page,
# and how big it is (CSS px, rounded): two layouts with the same have the same room for the kicker line and
# footer, and the same pages below it.
Geometry = tuple[float, ...]


@dataclass
class Kept:
    """A laid-out blank, the line height it was laid out with, the number of copies it holds and its kicker box."""

    document: Any
    line_mm: float
    copies: int
    kicker: Geometry | None


def kicker_geometry(document: Any) -> Geometry | None:
    """The first page and the kicker box on it; None when WeasyPrint does not tell."""
    page = fit.page_box(document.pages[0])
    box = page and _find(page, lambda box: KICKER in fit.classes(box))
    if page is None or box is None:
        return None
    return tuple(round(value, 3) for value in (
        page.margin_width(), page.margin_height(), page.margin_top, page.margin_right, page.margin_bottom,
        page.margin_left, box.position_x, box.position_y, box.margin_width(), box.margin_height()))


def kicker_pages(document: Any) -> frozenset[int]:
    """The pages (from 0) that begin a copy, with room for the kicker line at the top."""
    return frozenset(number for number, page in enumerate(document.pages)
                     if (box := fit.page_box(page)) is not None
                     and _find(box, lambda box: KICKER in fit.classes(box)) is not None)


def refill(kept: Kept, headings: Any) -> Any | None:
    """A document of the kept layout's first pages, one a page of `headings` (its "heads" layout), with the
    headings and page numbers of `headings`; None when a heading does not fit in place."""
    pages = kept.document.pages[:len(headings.pages)]
    lines: list[tuple[Any, Any]] = []    # (box, box whose lines it takes)
    margins: list[tuple[Any, Any]] = []  # (page box, page numbers it takes: the footer's boxes are fixed in size)
    for page, numbered_page in zip(pages, headings.pages, strict=True):
        box, numbered = fit.page_box(page), fit.page_box(numbered_page)
        numbers = numbered and _margin_box(numbered, PAGE_NUMBERS)
        if box is None or numbers is None or _margin_box(box, PAGE_NUMBERS) is None:
            return None
        lines.append((_heading(box), _heading(numbered)))
        margins.append((box, numbers))
    if any(target is None or source is None or _lines(target) != _lines(source) for target, source in lines):
        return None
    for target, source in lines:
        _take_lines(target, source)
    for page_box, numbers in margins:
        _take_margin_box(page_box, numbers)
    # New pages: WeasyPrint gathers a page's bookmarks (the headings), links and fields when it makes one.
    return kept.document.copy([Page(fit.page_box(page)) for page in pages])


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
