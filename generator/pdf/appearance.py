"""A department's defaults in a form's fields: the value, and what it looks like before anyone opens it.

WeasyPrint writes a text field with no appearance of its own and the form's
/NeedAppearances flag, so each viewer draws the value itself. Acrobat,
Chromium, Firefox and Poppler do; Ghostscript (which many print servers run)
draws the field font's missing-glyph boxes instead, as the font is a CID font
(Identity-H) it does not know how to encode for. So each field a department's
default fills in gets an appearance stream (/AP /N) that shows its value in
the field's own font, size and colour (its /DA), by glyph id: one line,
vertically centred, or for a multi-line field wrapped at spaces from the top.
A viewer still redraws a field once it is changed (/NeedAppearances stays).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Name

_FONT = re.compile(rb"/([^\s/]+)\s+([\d.]+)\s+Tf")
PADDING = 2.0          # points between the field's edge and its text, as viewers draw it
LINE_SPACING = 1.15    # a multi-line field's line height, times the font size
MULTILINE = 1 << 12    # /Ff bit 13


@dataclass(frozen=True)
class Glyphs:
    """A CID font's glyph ids by character, its advance widths by glyph id (1/1000 em), its ascent and descent."""

    ids: dict[int, int]
    widths: dict[int, float]
    ascent: float
    descent: float

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.ids.get(ord(c), 0), 0.0) for c in text) * size / 1000


def fill(pdf: pikepdf.Pdf, values: Mapping[str, str], known: dict[str, Glyphs]) -> bool:
    """Each field named in `values` gets its value, and an appearance stream when it has one; whether any
    field was filled. `known`: the glyphs of the fonts met before, by their font program's digest (kept
    by the caller, from one PDF to the next)."""
    form = pdf.Root.get("/AcroForm")
    filled = False
    for field in form.Fields if form is not None else ():
        value = values.get(str(field.get("/T", "")))
        if value is not None:
            field.V = pikepdf.String(value)
            filled = True
            if value:
                _appear(pdf, form, field, value, known)
    return filled


def _appear(pdf: pikepdf.Pdf, form: Any, field: Any, value: str, known: dict[str, Glyphs]) -> None:
    """The field's appearance stream showing `value`, when its font is one this module can encode for."""
    found = _FONT.search(bytes(field.get("/DA", b"")))
    font = form.DR.Font.get(Name("/" + found.group(1).decode())) if found else None
    glyphs = _glyphs(font, known) if found and font is not None else None
    if not found or glyphs is None:
        return
    x1, y1, x2, y2 = (float(n) for n in field.Rect)
    width, height = abs(x2 - x1), abs(y1 - y2)
    size = float(found.group(2))
    lines = (_wrapped(value, glyphs, size, width - 2 * PADDING) if int(field.get("/Ff", 0)) & MULTILINE
             else [" ".join(value.split())])
    stream = pdf.make_stream(_content(bytes(field.DA), lines, glyphs, size, height))
    stream.Type, stream.Subtype = Name.XObject, Name.Form
    stream.BBox = pikepdf.Array([0, 0, width, height])
    stream.Resources = form.DR
    field.AP = pikepdf.Dictionary(N=stream)


def _content(da: bytes, lines: list[str], glyphs: Glyphs, size: float, height: float) -> bytes:
    ascent, descent = glyphs.ascent * size / 1000, glyphs.descent * size / 1000
    if len(lines) == 1:
        baseline = (height - (ascent - descent)) / 2 - descent
    else:
        baseline = height - PADDING - ascent
    parts = [b"/Tx BMC q BT", da]
    for number, line in enumerate(lines):
        y = baseline - number * size * LINE_SPACING
        encoded = "".join(f"{glyphs.ids.get(ord(c), 0):04x}" for c in line)
        parts.append(f"1 0 0 1 {PADDING:.2f} {y:.2f} Tm <{encoded}> Tj".encode())
    parts.append(b"ET Q EMC")
    return b"\n".join(parts)


def _wrapped(value: str, glyphs: Glyphs, size: float, room: float) -> list[str]:
    """The value's lines at spaces, each as wide as the room allows (a longer word stands alone)."""
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and glyphs.width(candidate, size) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _glyphs(font: Any, known: dict[str, Glyphs]) -> Glyphs | None:
    """The glyphs of a Type0 font embedded whole with Identity-H (WeasyPrint's field font); None for another."""
    descendants = font.get("/DescendantFonts")
    if font.get("/Encoding") != "/Identity-H" or not descendants:
        return None
    descendant = descendants[0]
    program = descendant.FontDescriptor.get("/FontFile2")
    if program is None:
        return None
    data = program.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest not in known:
        from fontTools.ttLib import TTFont

        tt = TTFont(io.BytesIO(data))
        ids = {code: tt.getGlyphID(name) for code, name in tt.getBestCmap().items()}
        known[digest] = Glyphs(ids, _widths(descendant.get("/W", [])), float(descendant.FontDescriptor.Ascent),
                               float(descendant.FontDescriptor.Descent))
    return known[digest]


def _widths(w: Any) -> dict[int, float]:
    """A CID font's /W array (c [w1 w2 ...] or c_first c_last w) as widths by glyph id."""
    widths: dict[int, float] = {}
    items = list(w)
    index = 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, value in enumerate(items[index + 1]):
                widths[first + offset] = float(value)
            index += 2
        else:
            for cid in range(first, int(items[index + 1]) + 1):
                widths[cid] = float(items[index + 2])
            index += 3
    return widths
