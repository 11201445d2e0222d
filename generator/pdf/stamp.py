"""A department's layer stamped onto a form's blank, with pikepdf: the form's PDF without a layout of its own.

The blank (written once for every department with as many meetings) keeps
room for the kicker line at the top of each copy and has no footer text; the
layer (pdf-form.html, part "layer", written once a department) has the
department's kicker line on its first page, where the blank keeps room for
it, and its footer on the second. Each becomes a form XObject drawn on the
blank's pages: the kicker on the pages that begin a copy, the footer on every
page. Both are running headers and footers, so they are marked as pagination
artifacts (PDF/UA); the document's title, which names the department, is
what a screen reader announces. Then the department's defaults go into their
fields and its title and description into the metadata.

WeasyPrint tags a font subset by the font alone ("VZBDYM+Handbook-Sans"), so the
layer's subsets would carry the blank's tags for other glyphs; a PDF must give
different subsets different tags (ISO 32000-1, 9.6.4), so `own_subsets` tags
the layer's by the glyphs they hold.
"""

from __future__ import annotations

import hashlib
import io
import string
from collections.abc import Collection, Mapping

import pikepdf
from pikepdf import Name

from . import appearance

KICKER = Name("/HbKicker")
FOOTER = Name("/HbFooter")


def stamp(blank: bytes, layer: bytes, kicker_pages: Collection[int], values: Mapping[str, str],
          title: str, description: str, glyphs: dict[str, appearance.Glyphs]) -> bytes:
    """`glyphs`: the field fonts' glyphs met before (appearance.py), kept by the caller."""
    with pikepdf.open(io.BytesIO(blank)) as pdf, pikepdf.open(io.BytesIO(layer)) as own:
        kicker = pdf.copy_foreign(own.pages[0].as_form_xobject())
        footer = pdf.copy_foreign(own.pages[1].as_form_xobject())
        for number, page in enumerate(pdf.pages):
            drawn = _artifact(b"Footer", FOOTER)
            page.add_resource(footer, Name.XObject, FOOTER, replace_existing=True)
            if number in kicker_pages:
                drawn = _artifact(b"Header", KICKER) + drawn
                page.add_resource(kicker, Name.XObject, KICKER, replace_existing=True)
            # The blank's page leaves its coordinates changed: the layer is drawn in the page's own.
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n" + drawn)
        appearance.fill(pdf, values, glyphs)
        _set_title(pdf, title, description)
        # The file's identifier from its own bytes, not the blank's (made for another department's title).
        if Name.ID in pdf.trailer:
            del pdf.trailer[Name.ID]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def own_subsets(layer: bytes) -> bytes:
    """The layer (written by WeasyPrint) with each font subset tagged by a digest of its font program."""
    with pikepdf.open(io.BytesIO(layer)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                for descendant in font.get("/DescendantFonts", []):
                    program = descendant.FontDescriptor.get("/FontFile2")
                    if program is None:
                        continue
                    tag = _tag(program.read_bytes())
                    for holder, key in ((font, Name.BaseFont), (descendant, Name.BaseFont),
                                        (descendant.FontDescriptor, Name.FontName)):
                        holder[key] = Name("/" + tag + "+" + str(holder[key]).split("+", 1)[-1])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _tag(program: bytes) -> str:
    """Six capital letters from the font program's bytes, as PDF wants a subset's tag."""
    digest = hashlib.sha256(program).digest()
    return "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])


def _artifact(subtype: bytes, name: Name) -> bytes:
    return b"/Artifact <</Type /Pagination /Subtype /" + subtype + b">> BDC q " + bytes(name) + b" Do Q EMC\n"


def _set_title(pdf: pikepdf.Pdf, title: str, description: str) -> None:
    """Title and description in the document information and the XMP metadata, where WeasyPrint put them."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:description"] = description
    pdf.docinfo[Name.Title] = title
    pdf.docinfo[Name.Subject] = description
