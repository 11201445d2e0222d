"""Department text is data: shown as written, never run as HTML or a template.

Two ways in: plain values (names, titles) are escaped for both HTML and
Markdown; Markdown fields (welcome, item text) are rendered here with raw
HTML turned into text and only harmless link targets kept.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..inputs.languages import Foreign
from .links import LinkRule

# HTML's specials, and the characters Markdown would treat as formatting inside
# a plain value: as numeric entities they read the same in Markdown, HTML and search.
_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}#|~!"})


def plain(value: object) -> Markup:
    """A plain value, safe to place anywhere in a Markdown page; marked with its language where that is not
    the page's (languages.Foreign)."""
    if isinstance(value, Markup):
        return value
    text = Markup(str(value).translate(_ENTITIES))
    if isinstance(value, Foreign):
        return Markup(f'<span lang="{value.language}">') + text + Markup("</span>")
    return text


class _SafeLinks(Treeprocessor):
    # javascript: or data: links in a welcome text would run code on click, and a relative link in a PDF
    # would lead into the build machine's files: the link rule (links.py) says what each link becomes.
    # A department's image becomes its text; a guide page's own (`images`, the QR code) stays.
    def __init__(self, md: markdown.Markdown, links: LinkRule, images: bool = False):
        super().__init__(md)
        self.links = links
        self.images = images

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                if not self.images:
                    _as_text(element, element.get("alt", ""))
            elif "href" in element.attrib:
                href = self.links(element.get("href", "").strip())
                if href is None:
                    _as_text(element, element.text)
                else:
                    element.set("href", href)


def _as_text(element: etree.Element, text: str | None) -> None:
    """The element as plain text in its place (its children, such as *emphasis*, stay)."""
    element.tag = "span"
    element.attrib.clear()
    element.text = text


class Links(Extension):
    """Every link of a page through a link rule: a guide page made for paper (its own markup is the
    hospital's, trusted; its department values are already safe)."""

    def __init__(self, links: LinkRule):
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SafeLinks(md, self.links, images=True), "links", 0)


class _SafeText(Extension):
    def __init__(self, links: LinkRule):
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md, self.links), "safe_links", 0)


class SafeMarkdown:
    """Renders a department's Markdown fields to HTML blocks the page's own Markdown passes through.

    `links`: what a link becomes (links.page_links on a page, links.print_links in a print document);
    `raw_html_attribute`: the engine's mark that keeps the block from the page's own Markdown; `in_language`:
    the note before a text in another language than the page's, by that language's code."""

    def __init__(self, links: LinkRule, raw_html_attribute: str = "", in_language: Callable[[str], str] = str):
        self.raw_html_attribute = raw_html_attribute
        self.in_language = in_language
        self._renderer = markdown.Markdown(extensions=[_SafeText(links), "sane_lists"], output_format="html")

    def __call__(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._renderer.reset()
        # Raw HTML is never parsed as HTML (_SafeText): '<script>' stays text, which the serializer escapes
        # once, in code spans too.
        html = Markup(self._renderer.convert(text))
        if isinstance(text, Foreign):
            # Said, and marked for a screen reader's voice: nothing is passed off as the page's language.
            note = Markup('<p class="department-text__language">%s</p>\n') % self.in_language(text.language)
            html = note + Markup(f'<div lang="{text.language}">\n') + html + Markup("\n</div>")
        opening = f'<div class="department-text"{self.raw_html_attribute}>\n'
        return Markup(opening) + html + Markup("\n</div>")
