"""How pages point at each other and at their PDFs, how a department's links are written on a page and in
a print document, and the few theme conventions render must follow.

The engine decides how a guide page's link is written (MkDocs turns roller.md
into roller.html), which class a button has, and how an HTML block is kept
from its Markdown; commands/ hands that to render as a `PageStyle`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from ..inputs.models import Department, SiteConfig

# A link rule: a link's target as written -> the href to write, or None: no link, the text alone.
LinkRule = Callable[[str], str | None]

# On a page, a link may lead to the web, a mail or a phone call, or stay within the site (no scheme).
_SAFE_ON_PAGE = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$)", re.IGNORECASE)


@dataclass(frozen=True)
class PageStyle:
    """What render needs to know of the engine that will turn its Markdown into pages."""

    page_href: Callable[[str], str | None]  # "roller.md#x" -> its link on the built page; None: not a page link
    button_class: str                       # the theme's class for a link or button that looks like a button
    primary_button_class: str               # the same for the one button a block leads with (Print, the .ics)
    raw_html_attribute: str                 # added to a raw HTML block's outer tag so Markdown leaves it alone


def download_link(name: str, label: str, style: PageStyle) -> Markup:
    """The button above a page's form or cards that downloads its PDF (an HTML block, no blank lines)."""
    return Markup('<p class="hb-pdf-link-block"><a class="{} hb-pdf-link" href="{}" download>{}</a></p>\n'
                  ).format(style.button_class, pdf_href(name), label)


def pdf_href(name: str) -> str:
    """The link from a handbook page (SLUG/NAME.html) to one of its PDFs (SLUG/pdf/NAME.pdf)."""
    return f"pdf/{name}.pdf"


def handbook_url(department: Department, config: SiteConfig, folder: str = "") -> str | None:
    """Where the department's handbook (in the edition whose folder is `folder`: '' or 'en/') is published,
    when site_config.yml says where the site lives."""
    return f"{config.site_url}{department.slug}/{folder}" if config.site_url else None


def reader_url(department: Department, config: SiteConfig, folder: str = "") -> str | None:
    """Where a new hire can read the handbook: its public address (public_url), which opens before the first
    working day, or else the intranet's (site_url), which opens from it; None when neither is known."""
    base = config.public_url or config.site_url
    return f"{base}{department.slug}/{folder}" if base else None


def page_links(page_href: Callable[[str], str | None]) -> LinkRule:
    """Links in department text on a page: relative links stay relative (a guide page's as the engine
    writes it), and a link that could run code when clicked (javascript:, data:) leads nowhere ('#')."""
    def href(target: str) -> str:
        if target and not _SAFE_ON_PAGE.match(target):
            return "#"
        return page_href(target) or target
    return href


def print_links(department: Department, site: str | None, page_href: Callable[[str], str | None],
                folder: str = "") -> LinkRule:
    """Links in a print document (a PDF), which has no place of its own that a relative link could lead
    from: a link within the site leads to the published page or file at `site`, the site's address
    (roller.md -> SITE/SLUG/roller.html, ../index.html -> SITE/index.html), the web, mail and phone links
    stay, and anything else (no address, a place in the page alone, a path out of the site, file: and other
    schemes) is text alone."""

    def href(target: str) -> str | None:
        try:
            parts = urlsplit(target)
        except ValueError:   # a web address that is none, such as http://[x
            return None
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            return target if parts.netloc else None
        if scheme in ("mailto", "tel"):
            return target if parts.path else None
        if scheme or parts.netloc or not parts.path or site is None:
            return None
        inside = posixpath.normpath(posixpath.join(department.slug, folder, parts.path))
        if inside == ".." or inside.startswith("../"):
            return None
        published = urljoin(f"{site}{department.slug}/{folder}", page_href(target) or target)
        return published if published.startswith(site) else None
    return href
