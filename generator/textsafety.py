"""Department text is data: shown as written, never run as HTML or a template.

Two ways in: plain values (names, titles) are escaped for both HTML and
Markdown; Markdown fields (welcome, item text) are rendered here with raw
HTML turned into text and only harmless link targets kept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

# HTML's specials, and the characters Markdown would treat as formatting inside
# a plain value: as numeric entities they read the same in Markdown, HTML and search.
_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}#|~!"})

_SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$)", re.IGNORECASE)
_PAGE_LINK = re.compile(r"^([^:/?#]+)\.md(#.*)?$")


def plain(value: object) -> Markup:
    """A plain value, safe to place anywhere in a Markdown page."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ENTITIES))


class _SafeLinks(Treeprocessor):
    # javascript: or data: links in a welcome text would run code on click;
    # links to guide pages (roller.md) are written as MkDocs would write them.
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                target = (element.get(attribute) or "").strip()
                if target and not _SAFE_LINK.match(target):
                    element.set(attribute, "#")
                elif _PAGE_LINK.match(target):
                    element.set(attribute, _PAGE_LINK.sub(r"\1.html\2", target))
            if element.tag == "img":
                element.tag = "span"
                element.text = element.get("alt", "")
                for attribute in list(element.attrib):
                    del element.attrib[attribute]


class _SafeText(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


_renderer = markdown.Markdown(extensions=[_SafeText(), "sane_lists"], output_format="html")


def markdown_block(text: str | None) -> Markup:
    """A Markdown field as an HTML block that Markdown and MkDocs pass through unchanged."""
    if not text:
        return Markup("")
    _renderer.reset()
    # Raw HTML becomes text: escaping first means '<script>' reaches the page as characters.
    html = _renderer.convert(str(escape(text)).replace("&#39;", "'").replace("&#34;", '"'))
    return Markup('<div class="department-text" markdown="0">\n') + Markup(html) + Markup("\n</div>")
