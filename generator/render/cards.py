"""The support cards (støttekort): the guide's three cards and one with the department's own people and rules.

One template (templates/cards.html) serves the stoettekort page, its browser
print and the HTML document pdf/ turns into stoettekort.pdf;
theme/assets/stylesheets/print-cards.css styles all three. Department values
are data: the template escapes them, never runs them.
"""

from __future__ import annotations

import math
from typing import Any

import jinja2
import segno
from markupsafe import Markup, escape

from ..inputs.models import Department, SiteConfig
from .links import handbook_url, pdf_href

# The fourth card gets smaller type when a department lists many people, so that
# it still fits its one page (counted in lines of people, roughly).
DENSE_LINES = 12
CARDS_PDF = "stoettekort"
# Lines of people (the same rough count) that the fourth card holds below its rules, and that a card
# continuing it ("Støttekort 4 af 4, fortsat") holds: more people go on further continuation cards.
FIRST_CARD_LINES = 22
NEXT_CARD_LINES = 40
CARD_LINE_CHARS = 58   # characters of a line on a card, fewer than most lines hold
DENSE_LINE_CHARS = 72  # the same in the smaller type


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


def _dense(department: Department) -> bool:
    """Whether the department's card needs the smaller type (roughly: more than nine lines of people)."""
    intro, mentors, roles = department.intro_responsible, department.mentors, department.roles
    lines = 2 if department.leader.email or department.leader.phone else 1
    lines += sum(2 if p.email or p.phone else 1 for p in intro) if len(intro) <= 2 else 1 + len(intro) // 3
    lines += sum(2 if p.email or p.phone else 1 for p in mentors) if len(mentors) <= 3 else 1 + len(mentors) // 3
    lines += sum(2 if r.email or r.phone else 1 for r in roles) if len(roles) <= 3 else 1 + len(roles) // 2
    return lines > DENSE_LINES


def people_cards(department: Department) -> list[list[dict[str, Any]]]:
    """The department's key people in groups (label, how shown, who), spread over the fourth card and as
    many continuation cards as they need: everyone is on a card, and a group cut in two says "fortsat"."""
    intro, mentors, roles = department.intro_responsible, department.mentors, department.roles
    groups: list[tuple[str, str, list[Any], str]] = [("Leder", "person", [department.leader], "")]
    groups.append(("Introduktionsansvarlig/vejleder", "person" if len(intro) <= 2 else "names", list(intro), "title"))
    if mentors:
        groups.append(("Mentor" if len(mentors) == 1 else "Mentorer", "person" if len(mentors) <= 3 else "names",
                       list(mentors), "profession"))
    if len(roles) > 3:
        groups.append(("Andre nøglepersoner", "roles", list(roles), ""))
    else:
        groups += [(role.title, "role", [role], "") for role in roles]
    cards: list[list[dict[str, Any]]] = [[]]
    room: float = FIRST_CARD_LINES
    chars = DENSE_LINE_CHARS if _dense(department) else CARD_LINE_CHARS
    for label, kind, people, detail in groups:
        continued = False
        while people:
            taken, used = 0, 1.0   # the group's label takes a line
            while taken < len(people) and used + _lines(kind, people[taken], chars, detail) <= room:
                used += _lines(kind, people[taken], chars, detail)
                taken += 1
            if taken == 0 and cards[-1]:
                cards.append([])
                room = NEXT_CARD_LINES
                continue
            taken = max(taken, 1)
            cards[-1].append({"label": label, "kind": kind, "people": people[:taken], "detail": detail,
                              "continued": continued})
            room -= used
            people, continued = people[taken:], True
            if people:
                cards.append([])
                room = NEXT_CARD_LINES
    return cards


def _lines(kind: str, person: Any, chars: int, detail: str) -> float:
    """A rough count of the lines one entry takes, from its length: a name with its title, or in a list
    of names its share of the line, and a line more for contact details."""
    if kind == "names":
        return (len(person.name) + len(getattr(person, detail) or "") + 5) / chars
    if kind == "roles":
        return (len(person.title) + len(person.name or "") + 4) / chars
    words = person.name or "; ".join(person.duties) if kind == "role" else \
        f"{person.name}, {person.title or ''} ({person.profession or ''})"
    return math.ceil(len(words) / chars) + (1 if person.email or person.phone else 0)


def context(department: Department, config: SiteConfig, heading_level: int, pdf_link: str | None,
            button_class: str = "", id_prefix: str = "hb-") -> dict[str, Any]:
    url = handbook_url(department, config)
    return {
        "dept": department,
        "mt": department.meetings,
        "site": config,
        "url": url,
        "qr": qr_svg(url, f"QR-kode til håndbogen: {url}") if url else None,
        "h": heading_level,
        "pdf_href": pdf_link,
        "button_class": button_class,
        "dense": _dense(department),
        "people_cards": people_cards(department),
        "id_prefix": id_prefix,
    }


def _html(environment: jinja2.Environment, variables: dict[str, Any]) -> str:
    html = environment.get_template("cards.html").render(variables)
    # No blank lines: Markdown must see the cards as one raw HTML block.
    return "\n".join(line for line in html.splitlines() if line.strip())


def cards_block(environment: jinja2.Environment, department: Department, config: SiteConfig,
                button_class: str) -> Markup:
    """The cards as an HTML block for the stoettekort page (the page's own headings are h1 and h2)."""
    return Markup(_html(environment, context(department, config, 3, pdf_href(CARDS_PDF), button_class)))


def cards_document(environment: jinja2.Environment, department: Department, config: SiteConfig) -> str:
    """A standalone HTML document of the four cards, for stoettekort.pdf."""
    body = _html(environment, context(department, config, 1, None))
    return environment.get_template("document.html").render(
        title=f"Støttekort – {department.name}", department=department, site=config,
        body=Markup(body), body_class="hb-pdf hb-pdf--cards")
