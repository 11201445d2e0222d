"""Layout once, fill per department: a form's WeasyPrint layout reused for the next department.

A form's HTML (pdf-form.html) differs from one department to the next only in
 - the kicker line at the top of every copy ("HOSPITAL · DEPARTMENT, UNIT"),
   which the footer repeats (string-set),
 - in a per-meeting form, the number of copies (a page a meeting) and the
   count in each heading ("Møde 2 af 6"), which the page numbers repeat,
 - the title and description (PDF metadata, not laid out),
 - the fields' defaults (AcroForm values, not laid out: pdf.css hides an
   input's value, a textarea is left empty),
so departments whose first copy is the same once those are blanked out
(`layout_key`) share one layout; a per-meeting form's, laid out for the most
meetings, serves every department with as many or fewer, which take its first
pages. For a further department only its kicker line is laid out, in a
one-copy document with the same style sheets and page (`kicker_only`), and its
line boxes take the place of the kept layout's kicker and footer lines; a
per-meeting form's headings and page numbers come from a layout of the
headings alone (`heads_only`), made once a meeting count, as they are the same
for every department with that count. The metadata and the inputs' values are
the department's. WeasyPrint then draws, tags and writes the kept pages as it
would a fresh layout: the PDF is the same, byte for byte, as one laid out from
scratch (tests/test_pdf.py checks this).

When the department's kicker or footer does not take as many lines as the
kept one's (a much longer name), `refill` returns None and the maker lays
the form out in full.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from weasyprint.document import Page

from . import fit

KICKER = "hb-copy__kicker"
FOOTER = "@bottom-left"
PAGE_NUMBERS = "@bottom-right"
_INPUT_VALUE = re.compile(r'(<input [^>]*?\svalue=")[^"]*(")')
# Layouts kept at once: a build has one a form, more only when departments differ in a form's fields.
KEEP = 32


@dataclass
class Kept:
    """A laid-out form, the line height it was laid out with and the number of copies it holds; for a
    per-meeting form, the layouts of its headings by meeting count (filled in by the maker)."""

    document: Any
    line_mm: float
    copies: int
    headings: dict[int, Any] = field(default_factory=dict)


class Layouts:
    """The layouts kept in one maker (one build process), by layout key; the oldest go first."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._kept: OrderedDict[str, Kept] = OrderedDict()

    def get(self, key: str) -> Kept | None:
        return self._kept.get(key)

    def put(self, key: str, kept: Kept) -> None:
        self._kept[key] = kept
        while len(self._kept) > self.keep:
            self._kept.popitem(last=False)


def layout_key(neutral_html: str) -> str:
    """The key of a form's HTML made for a neutral department (no name, no unit, no meeting count):
    the inputs' values are blanked out too, and nothing else differs between departments that share
    a layout."""
    return hashlib.sha256(_INPUT_VALUE.sub(r"\1\2", neutral_html).encode()).hexdigest()


def refill(kept: Kept, kicker_document: Any, input_values: dict[str, str], copies: int,
           headings: Any | None = None) -> Any | None:
    """A document of the kept layout's pages (a per-meeting form's first `copies`) with the kicker lines
    and footer of `kicker_document` (the department's kicker_only layout), for a per-meeting form the
    headings and page numbers of `headings` (its heads_only layout), and the department's metadata and
    inputs' values; None when a line does not fit in place."""
    source_page = fit.page_box(kicker_document.pages[0])
    source_kicker = source_page and _kicker(source_page)
    source_footer = source_page and _margin_box(source_page, FOOTER)
    if source_kicker is None or source_footer is None:
        return None
    pages = kept.document.pages if headings is None else kept.document.pages[:copies]
    lines: list[tuple[Any, Any]] = []    # (box, box whose lines it takes)
    margins: list[tuple[Any, Any]] = []  # (page box, margin box it takes: the footer's boxes are fixed in size)
    for number, page in enumerate(pages):
        box = fit.page_box(page)
        if box is None:
            return None
        kicker = _kicker(box)
        if kicker is not None:
            lines.append((kicker, source_kicker))
        margins.append((box, source_footer))
        if headings is not None:
            numbered = fit.page_box(headings.pages[number]) if number < len(headings.pages) else None
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
    for element in kept.document._html.etree_element.iter("input"):
        name = element.get("name")
        if name in input_values:
            element.set("value", input_values[name])
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
    return _find(page_box, lambda box: KICKER in str(box.element.get("class", "")).split())


def _heading(page_box: Any) -> Any | None:
    return _find(page_box, lambda box: box.element_tag == "h1")


def _find(page_box: Any, test: Callable[[Any], bool]) -> Any | None:
    for box in fit.descendants(page_box):
        if box.element is not None and not box.element_tag.startswith("::") and test(box):
            return box
    return None


def _take_margin_box(page_box: Any, margin_box: Any) -> None:
    # Margin boxes are placed by the page's size and margins alone, the same in every layout of the form.
    page_box.children = [margin_box.deepcopy() if getattr(child, "at_keyword", None) == margin_box.at_keyword
                         else child for child in page_box.children]


def _margin_box(page_box: Any, keyword: str) -> Any | None:
    return next((box for box in page_box.children if getattr(box, "at_keyword", None) == keyword), None)
