"""The pre-arrival material (velkomstpakken) as one print document: foer-du-starter.pdf.

The leader's welcome, the first day, the people the new hire will meet, what
to read and think over before the start-up meeting, the four phases with the
department's numbers, the practical items and the handbook's address with a
QR code; templates/pre-arrival.html inside templates/document.html. Department
values are data: names and titles are escaped, Markdown fields go through
the same safe Markdown as the pages.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from ..inputs.models import Department, SiteConfig
from .links import LinkRule, handbook_url

PREARRIVAL_PDF = "foer-du-starter"
TITLE = "Før du starter"

# The guide's pages the new hire reads before the start (title, what it gives, page file).
READING = (
    ("Om mentorordningen", "hvad ordningen er, og hvad den skal give dig", "mentorordning.md"),
    ("De fire faser", "hvordan forløbet er bygget op", "faser.md"),
    ("Roller og personer", "hvem der gør hvad, og hvad vi forventer af dig som mentee", "roller.md"),
    ("Samarbejdsaftale", "de punkter, du og din mentor taler om ved 1. mentoraftale", "samarbejdsaftale.md"),
)


def prearrival_document(environment: jinja2.Environment, department: Department, config: SiteConfig,
                        markdown: Callable[[str | None], Markup], links: LinkRule, qr: Markup | None) -> str:
    """A standalone HTML document of the pre-arrival material, for foer-du-starter.pdf.

    `markdown` renders a department's Markdown field safely; `links` is the print documents' link rule
    (links.print_links: a guide page's published address when the site's address is known, else no
    link); `qr` is the handbook's QR code (cards.handbook_qr), or None.
    """
    url = handbook_url(department, config)
    reading = [(title, about, links(page)) for title, about, page in READING]
    body = environment.get_template("pre-arrival.html").render(
        dept=department, mt=department.meetings, site=config, url=url, reading=reading, qr=qr, markdown=markdown)
    return environment.get_template("document.html").render(
        title=f"{TITLE} – {department.name}", department=department, site=config,
        body=Markup(body), body_class="hb-pdf hb-pdf--prearrival")
