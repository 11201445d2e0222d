"""The agenda's five points and their prompts, read from the agenda form's definition.

content/forms/dagsorden.yml is the one place the points are worded: its
numbered sections ("1. Det, der fylder lige nu") are the points and their
`examples` are the prompts. The form on the page and its PDF use the
definition directly; the guide pages get the same points as `agenda`
(`{% for p in agenda %}{{ p.number }}. {{ p.title }}`), and the agenda card
(templates/cards.html) gets them through its render context, so the page,
the form, the card and the PDF always say the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..inputs.forms import FormLibrary

AGENDA_FORM = "dagsorden"
# A section of the agenda form whose title starts with its number is one of the points.
_NUMBERED = re.compile(r"^(\d+)\.\s+(\S.*)$")


@dataclass(frozen=True)
class AgendaPoint:
    """One point of the agenda: its number, its title without the number, its prompts."""

    id: str
    number: int
    title: str
    prompts: tuple[str, ...]


def agenda_points(forms: FormLibrary) -> tuple[AgendaPoint, ...]:
    """The points of the agenda form in order; none when the project has no such form."""
    if AGENDA_FORM not in forms.forms:
        return ()
    points = []
    for section in forms.form(AGENDA_FORM).sections:
        match = _NUMBERED.match(section.title)
        if match:
            points.append(AgendaPoint(section.id, int(match.group(1)), match.group(2), tuple(section.examples)))
    return tuple(points)
