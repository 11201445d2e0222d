"""Layout once, fill per department: a form's WeasyPrint layout reused for the next department.

A form's HTML (pdf-form.html) differs from one department to the next only in
 - the kicker line at the top of every copy ("HOSPITAL · DEPARTMENT, UNIT"),
   which the footer repeats (string-set),
 - the title and description (PDF metadata, not laid out),
 - the fields' defaults (AcroForm values, not laid out: pdf.css hides an
   input's value, a textarea is left empty),
so departments whose HTML is the same once those are blanked out (`layout_key`)
share one layout. For a further department only its kicker line is laid out,
in a one-copy document with the same style sheets and page (`kicker_only`),
and its line boxes take the place of the kept layout's kicker and footer
lines; the metadata and the inputs' values are the department's. WeasyPrint
then draws, tags and writes the kept pages as it would a fresh layout: the
PDF is the same, byte for byte, as one laid out from scratch
(tests/test_pdf.py checks this).

When the department's kicker or footer does not take as many lines as the
kept one's (a much longer name), `refill` returns None and the maker lays
the form out in full.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from . import fit

KICKER = "hb-copy__kicker"
FOOTER = "@bottom-left"
_INPUT_VALUE = re.compile(r'(<input [^>]*?\svalue=")[^"]*(")')
# Layouts kept at once (a per-meeting form has one a meeting count): a build has few.
KEEP = 32


@dataclass
class Kept:
    """A laid-out form and the line height it was laid out with."""

    document: Any
    line_mm: float


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
    """The key of a form's HTML made for a neutral department (no name, no unit): the inputs' values
    are blanked out too, and nothing else differs between departments that share a layout."""
    return hashlib.sha256(_INPUT_VALUE.sub(r"\1\2", neutral_html).encode()).hexdigest()


def refill(kept: Kept, kicker_document: Any, input_values: dict[str, str]) -> Any | None:
    """The kept document with the kicker and footer lines of `kicker_document` (the department's
    kicker_only layout), its metadata and the inputs' values; None when the lines do not fit in place."""
    document = kept.document
    source_page = kicker_document.pages[0]
    source_kicker = _kicker(fit.page_box(source_page))
    source_footer = _margin_box(fit.page_box(source_page), FOOTER)
    if source_kicker is None or source_footer is None:
        return None
    targets = []
    for page in document.pages:
        box = fit.page_box(page)
        if box is None:
            return None
        kicker, footer = _kicker(box), _margin_box(box, FOOTER)
        if footer is None or _lines(footer) != _lines(source_footer):
            return None
        if kicker is not None and _lines(kicker) != _lines(source_kicker):
            return None
        targets.append((kicker, footer))
    for kicker, footer in targets:
        if kicker is not None:
            _take_lines(kicker, source_kicker)
        _take_lines(footer, source_footer)
    for element in document._html.etree_element.iter("input"):
        name = element.get("name")
        if name in input_values:
            element.set("value", input_values[name])
    document.metadata = kicker_document.metadata
    document.fonts = {}   # WeasyPrint collects the glyphs drawn here: only this department's
    return document


def _lines(box: Any) -> list[tuple[float, float]]:
    """The line boxes' heights and offsets from the box's content top: equal when a line fits in place."""
    top = box.content_box_y()
    return [(round(line.position_y - top, 3), round(line.height, 3)) for line in box.children]


def _take_lines(target: Any, source: Any) -> None:
    dx = target.content_box_x() - source.content_box_x()
    dy = target.content_box_y() - source.content_box_y()
    children = [child.deepcopy() for child in source.children]
    for child in children:
        child.translate(dx, dy)
    target.children = children


def _kicker(page_box: Any) -> Any | None:
    for box in fit.descendants(page_box):
        if box.element is not None and KICKER in str(box.element.get("class", "")).split() \
                and not box.element_tag.startswith("::"):
            return box
    return None


def _margin_box(page_box: Any, keyword: str) -> Any | None:
    return next((box for box in page_box.children if getattr(box, "at_keyword", None) == keyword), None)
