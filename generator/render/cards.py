"""The support cards (støttekort): the guide's three cards and one with the department's own people and rules.

One template (templates/cards.html) serves the stoettekort page, its browser
print and the HTML document pdf/ turns into stoettekort.pdf;
theme/assets/stylesheets/print-cards.css styles all three. Department values
are data: the template escapes them, never runs them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import jinja2
import segno
from markupsafe import Markup, escape

from ..inputs.catalog import Catalog
from ..inputs.editions import Edition
from ..inputs.models import Department, Person, Role, SiteConfig
from ..layout import CARDS, PrintDocument
from .agenda import AgendaPoint
from .links import handbook_url, pdf_href

# All four cards print in one body size (print-cards.css). The fourth card holds the
# department's people, so a department with many people gets it more compact, in steps,
# until it fits its page: first the mentors, then the other roles, then the
# introduktionsansvarlige as names only (one run of names a group); only when that is not
# enough, smaller type on all four cards alike (hb-cards--dense). Counted in lines of the
# card's people, roughly: CARD_LINES fit an A5 card beside its rules at the body size.
CARD_LINES = 17
CHARS_PER_LINE = 58
COMPACT_ORDER = ("mentors", "roles", "intro")
# A department with more people than even that holds continues on further cards ("Støttekort 4 af 4,
# fortsat"), each holding NEXT_CARD_LINES lines of people (no rules above them): everyone is on a card.
NEXT_CARD_LINES = 30
# The guide's own cards (onboarding, agenda, agreement) before the department's.
GUIDE_CARDS = 3
# The smaller type (8pt for 9.5pt) holds this much more on a card.
DENSE_ROOM = 9.5 / 8


def qr_code(url: str) -> segno.QRCode:
    # Level M survives a smudge or a crease; segno raises it for free when the version allows.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, label: str) -> Markup:
    """The QR code as inline SVG that scales with its box, with a text alternative."""
    # The <title> is the code's text alternative in the page and in the PDF's tags (segno escapes it).
    svg = qr_code(url).svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                                  svgclass="hb-qr", lineclass=None, title=label)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return Markup(svg)


def qr_image(url: str, label: str) -> Markup:
    """The QR code as an image, with a text alternative, for the PDFs: drawn as one image however often
    it appears, where WeasyPrint would parse and draw an SVG's path at each (a fifth of the cards'
    drawing). The style sheets ask for it to be scaled without smoothing (image-rendering); at 8 pixels
    a module (about 400 dpi on a card) a viewer that smooths it anyway blurs no more than an edge."""
    data = qr_code(url).png_data_uri(scale=8, border=4, dark="#000", light="#fff")
    return Markup(f'<img class="hb-qr" src="{data}" alt="{escape(label)}">')


def handbook_qr(url: str | None, words: Catalog, image: bool = False) -> Markup | None:
    """The QR code to the department's handbook on the cards, their page and the pre-arrival
    document (`image`: as qr_image, for the PDFs); None when site_config.yml does not say where the
    handbook lives."""
    if not url:
        return None
    label = words.gettext("QR-kode til håndbogen: %(url)s") % {"url": url}
    return qr_image(url, label) if image else qr_svg(url, label)


def _lines(text: str) -> int:
    return max(1, math.ceil(len(text) / CHARS_PER_LINE))


def _person_lines(person: Person | Role, label: str) -> int:
    return _lines(label) + (1 if person.email or person.phone else 0)


def _people_lines(department: Department, names_only: dict[str, bool], words: Catalog) -> int:
    """The lines the department's people take on the fourth card, each group with its label."""
    return sum(1 + _entry_lines(kind, people, detail)
               for _, kind, people, detail in _groups(department, names_only, words))


def card_layout(department: Department, words: Catalog) -> tuple[dict[str, bool], bool]:
    """Which groups of people the fourth card lists by name only, and whether all four cards need
    the smaller type (`dense`), so that the fourth card fits its page at the cards' one body size."""
    names_only = {"intro": len(department.intro_responsible) > 2, "mentors": len(department.mentors) > 3,
                  "roles": len(department.roles) > 3}
    for group in COMPACT_ORDER:
        if _people_lines(department, names_only, words) <= CARD_LINES:
            return names_only, False
        names_only[group] = True
    return names_only, _people_lines(department, names_only, words) > CARD_LINES


Group = dict[str, Any]   # label, kind (person, names, roles, role), people, detail, continued


def _groups(department: Department, names_only: dict[str, bool], words: Catalog
            ) -> list[tuple[str, str, list[Any], str]]:
    intro, mentors, roles = department.intro_responsible, department.mentors, department.roles
    groups: list[tuple[str, str, list[Any], str]] = [(words.gettext("Leder"), "person", [department.leader], "title")]
    groups.append((words.ngettext("Introduktionsansvarlig", "Introduktionsansvarlige", len(intro)),
                   "names" if names_only["intro"] else "person", list(intro), "title"))
    if mentors:
        groups.append((words.ngettext("Mentor", "Mentorer", len(mentors)), "names" if names_only["mentors"] else "person",
                       list(mentors), "profession"))
    if roles and names_only["roles"]:
        groups.append((words.gettext("Andre nøglepersoner"), "roles", list(roles), ""))
    else:
        groups += [(role.title, "role", [role], "") for role in roles]
    return groups


def _entry_lines(kind: str, people: Sequence[Any], detail: str) -> int:
    """The lines some people of one group take on a card, roughly, from the length of their text."""
    if kind == "names":
        return _lines(", ".join(f"{p.name} ({getattr(p, detail) or ''})" for p in people))
    if kind == "roles":
        return _lines("; ".join(f"{r.title}: {r.name or ''}" for r in people))
    if kind == "role":
        return sum(_person_lines(r, r.name or " ".join(r.duties)) for r in people)
    return sum(_person_lines(p, f"{p.name}, {p.title or ''} {p.profession or ''}") for p in people)


def people_cards(department: Department, names_only: dict[str, bool], dense: bool, words: Catalog
                 ) -> list[list[Group]]:
    """The department's people in groups, on the fourth card and as many continuation cards as they
    need: everyone is on a card, and a group cut in two says "fortsat" where it goes on."""
    grow = DENSE_ROOM if dense else 1.0
    cards: list[list[Group]] = [[]]
    room = CARD_LINES * grow
    for label, kind, people, detail in _groups(department, names_only, words):
        continued = False
        while people:
            taken = 0
            while taken < len(people) and 1 + _entry_lines(kind, people[:taken + 1], detail) <= room:
                taken += 1
            if taken == 0 and cards[-1]:
                cards.append([])
                room = NEXT_CARD_LINES * grow
                continue
            taken = max(taken, 1)
            cards[-1].append({"label": label, "kind": kind, "people": people[:taken], "detail": detail,
                              "continued": continued})
            room -= 1 + _entry_lines(kind, people[:taken], detail)
            people, continued = people[taken:], True
            if people:
                cards.append([])
                room = NEXT_CARD_LINES * grow
    return cards


def context(department: Department, config: SiteConfig, agenda: tuple[AgendaPoint, ...], heading_level: int,
            pdf_link: str | None, qr: Markup | None, url: str | None, words: Catalog, button_class: str = ""
            ) -> dict[str, Any]:
    names_only, dense = card_layout(department, words)
    return {
        "dept": department,
        "agenda": agenda,
        "mt": department.meetings,
        "site": config,
        "url": url,
        "qr": qr,
        "h": heading_level,
        "pdf_href": pdf_link,
        "button_class": button_class,
        "dense": dense,
        "people_cards": people_cards(department, names_only, dense, words),
    }


def _html(environment: jinja2.Environment, variables: dict[str, Any]) -> str:
    html = environment.get_template("cards.html").render(variables)
    # No blank lines: Markdown must see the cards as one raw HTML block.
    return "\n".join(line for line in html.splitlines() if line.strip())


def cards_block(environment: jinja2.Environment, department: Department, config: SiteConfig,
                agenda: tuple[AgendaPoint, ...], button_class: str, edition: Edition) -> Markup:
    """The cards as an HTML block for the stoettekort page (the page's own headings are h1 and h2),
    with the choice of print: one card an A5 page, or two cards on one A4 sheet."""
    url = handbook_url(department, config, edition.folder)
    variables = context(department, config, agenda, 3, pdf_href(CARDS), handbook_qr(url, edition.words), url,
                        edition.words, button_class)
    return Markup(_html(environment, {**variables, "print_choice": True}))


def cards_document(environment: jinja2.Environment, department: Department, config: SiteConfig,
                   agenda: tuple[AgendaPoint, ...], qr: Markup | None, url: str | None, words: Catalog
                   ) -> PrintDocument:
    """The cards as a standalone HTML document, for stoettekort.pdf: the guide's three and the department's
    people on as many as they need; `qr` is handbook_qr's code to `url`, made once for this and the
    pre-arrival document."""
    variables = context(department, config, agenda, 1, None, qr, url, words)
    body = _html(environment, {**variables, "print_choice": False})
    html = environment.get_template("document.html").render(
        title=words.gettext("Støttekort – %(name)s") % {"name": department.name}, lang=words.language,
        department=department, site=config,
        body=Markup(body), body_class="hb-pdf hb-pdf--cards")
    return PrintDocument(CARDS, html, cards=GUIDE_CARDS + len(variables["people_cards"]))
