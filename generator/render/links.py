"""How pages point at each other and at their PDFs, and the few theme conventions render must follow.

The engine decides how a guide page's link is written (MkDocs turns roller.md
into roller.html), which class a button has, and how an HTML block is kept
from its Markdown; commands/ hands that to render as a `PageStyle`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..inputs.models import Department, SiteConfig


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


def handbook_url(department: Department, config: SiteConfig) -> str | None:
    """Where the department's handbook is published, when site_config.yml says where the site lives."""
    return f"{config.site_url}{department.slug}/" if config.site_url else None


def reader_url(department: Department, config: SiteConfig) -> str | None:
    """Where a new hire can read the handbook: its public address (public_url), which opens before the first
    working day, or else the intranet's (site_url), which opens from it; None when neither is known."""
    base = config.public_url or config.site_url
    return f"{base}{department.slug}/" if base else None
