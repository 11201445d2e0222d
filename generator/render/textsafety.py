"""Department text is data: shown as written, never run as HTML or a template.

Two ways in: plain values (names, titles) are escaped for both HTML and
Markdown; Markdown fields (welcome, item text) are rendered here with raw
HTML turned into text and only harmless link targets kept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .links import PageStyle

# HTML's specials, and the characters Markdown would treat as formatting inside
# a plain value: as numeric entities they read the same in Markdown, HTML and search.
_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}#|~!"})

_SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$)", re.IGNORECASE)


def plain(value: object) -> Markup:
    """A plain value, safe to place anywhere in a Markdown page."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ENTITIES))


class _SafeLinks(Treeprocessor):
    # javascript: or data: links in a welcome text would run code on click;
    # links to guide pages (roller.md) are written as the engine writes them.
    def __init__(self, md: markdown.Markdown, page_href: Callable[[str], str | None]):
        super().__init__(md)
        self.page_href = page_href

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                target = (element.get(attribute) or "").strip()
                if target and not _SAFE_LINK.match(target):
                    element.set(attribute, "#")
                elif target and (page := self.page_href(target)) is not None:
                    element.set(attribute, page)
            if element.tag == "img":
                element.tag = "span"
                element.text = element.get("alt", "")
                for attribute in list(element.attrib):
                    del element.attrib[attribute]


class _SafeText(Extension):
    def __init__(self, page_href: Callable[[str], str | None]):
        super().__init__()
        self.page_href = page_href

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md, self.page_href), "safe_links", 0)


class SafeMarkdown:
    """Renders a department's Markdown fields to HTML blocks the page's own Markdown passes through."""

    def __init__(self, style: PageStyle):
        self.style = style
        self._renderer = markdown.Markdown(extensions=[_SafeText(style.page_href), "sane_lists"],
                                           output_format="html")

    def __call__(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._renderer.reset()
        # Raw HTML is never parsed as HTML (_SafeText): '<script>' stays text, which the serializer escapes
        # once, in code spans too.
        html = self._renderer.convert(text)
        opening = f'<div class="department-text"{self.style.raw_html_attribute}>\n'
        return Markup(opening) + Markup(html) + Markup("\n</div>")
