"""The pre-arrival material (velkomstpakken) as one print document: foer-du-starter.pdf.

It is the guide page foer-du-starter.md itself, rendered for paper: `paper` in its context leaves out what
only a screen can use and adds where the handbook lives, with its QR code, at the end. Its Markdown becomes
HTML here, with the extensions the pages use and every link through the print documents' link rule
(links.print_links), inside templates/document.html. So the page and the pack say the same words in the
same order, and there is one text to keep. Department values are data as on the page: names and titles are
escaped, Markdown fields go through the safe Markdown.
"""

from __future__ import annotations

import jinja2
import markdown
from markupsafe import Markup

from ..inputs.catalog import Catalog
from ..inputs.models import Department, SiteConfig
from ..layout import PREARRIVAL, PrintDocument
from ..templating import css_string
from .links import LinkRule
from .textsafety import Links

PAGE = f"{PREARRIVAL}.md"
# A pack travels by e-mail and on paper before the first day: longer than this, nobody reads it
# (INTERFACE.md); the build refuses it and says which texts to shorten.
MOST_PAGES = 6
# The page's Markdown as the pages' engine reads it (engine/mkdocs/config.py has the same, and more for the
# screen: a table of contents, tabs).
_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "def_list", "tables", "sane_lists"]


def paper_html(text: str, links: LinkRule) -> Markup:
    """A guide page's Markdown, rendered for paper, as HTML."""
    return Markup(markdown.markdown(text, extensions=[*_EXTENSIONS, Links(links)], output_format="html"))


def prearrival_document(environment: jinja2.Environment, department: Department, config: SiteConfig,
                        text: str, links: LinkRule, words: Catalog) -> PrintDocument:
    """A standalone HTML document of the pre-arrival page `text` (Markdown, rendered for paper), titled by its
    first line like the page's menu entry."""
    title = text.splitlines()[0].lstrip("# ").strip()
    html = environment.get_template("document.html").render(
        title=f"{title} – {department.name}", lang=words.language, department=department, site=config,
        kicker=f"{config.hospital} · {config.site_name}", body=paper_html(text, links),
        body_class="hb-pdf hb-pdf--prearrival")
    # The running footer names the pack by its own title, in the edition's language.
    footer = f".hb-pa-name {{ string-set: hb-footer {css_string(f'{title} · ')} content(text); }}"
    return PrintDocument(PREARRIVAL, html, most_pages=MOST_PAGES, css=footer)
