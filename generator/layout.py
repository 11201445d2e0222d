"""What render/ and pdf/ must agree on: a form laid out for one department, and the print documents.

A form's layout: the copies a department gets (one, or one per meeting), each section's slots (once, or
once per learning goal) and each field's keys and default value. The page (render/forms_html.py) and the
PDF (pdf/maker.py) are made from the same layout, so the browser's answers and the PDF's fields carry the
same keys:

    for copy in copies(project.main.forms.form("dagsorden"), department):   # one FormCopy per filled copy
        copy.meeting                               # 1..count for a per-meeting form, else None
        for section in copy.sections:              # FilledSection
            for slot in section.slots:             # Slot: one, or one per learning goal
                for f in slot.fields:              # FilledField
                    f.key        # answer key in the browser's storage and export file
                    f.pdf_name   # unique in one PDF: key, or "moede2_key" for meeting 2
                    f.field      # FormField: label, type, hint, print_lines, unit
                    f.value      # the department's default as text ('' when none)

Answer keys are the contract between a definition and answers already saved in browsers and files:
renaming a field id loses its answers, adding or removing fields does not.

The print documents: pages that are PDFs too, their HTML written by render/ with what pdf/ needs to lay
them out (`PrintDocument`), by their file names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .inputs.forms import FormDefinition, FormField, Section
from .inputs.models import Department

CARDS = "stoettekort"           # the support cards: pdf/stoettekort.pdf and the page stoettekort.html
PREARRIVAL = "foer-du-starter"  # the pre-arrival pack: pdf/foer-du-starter.pdf, from the page foer-du-starter.md


@dataclass(frozen=True)
class PrintDocument:
    """A page that is also a PDF: its standalone HTML, and how its pages must come out."""

    name: str                       # the PDF's file name without .pdf: CARDS, PREARRIVAL
    html: str
    cards: int = 0                  # a deck of cards, one card a page: this many (0: not cards)
    most_pages: int | None = None   # the build fails when the PDF runs longer
    css: str = ""                   # its own style, beside pdf/'s style sheets


@dataclass(frozen=True)
class FilledField:
    """A field in one copy of a form, with the department's default."""

    key: str          # answer key, unique in one copy (storage, export file, HTML name)
    pdf_name: str     # unique in one document: key, or "moede{K}_{key}" in a per-meeting form
    html_id: str      # unique on the page
    field: FormField
    value: str        # the department's default as text; '' when none


@dataclass(frozen=True)
class Slot:
    """A group of fields: a section's fields once, or once for goal number `goal`."""

    goal: int | str | None
    fields: tuple[FilledField, ...]


@dataclass(frozen=True)
class FilledSection:
    """A section in one copy: one slot, or `goals.blank` slots for a goal section."""

    section: Section
    slots: tuple[Slot, ...]
    html_id: str
    # For the browser only: a goal slot numbered "__N__", cloned for each further goal.
    template_slot: Slot | None = None


@dataclass(frozen=True)
class FormCopy:
    """One copy of a form for a department: the whole form, or one meeting's agenda."""

    form: FormDefinition
    department: Department
    meeting: int | None
    sections: tuple[FilledSection, ...]

    @property
    def html_id(self) -> str:
        return self.form.name if self.meeting is None else f"{self.form.name}-{self.meeting}"

    @property
    def meetings(self) -> int:
        return self.department.meetings.count

    @property
    def fields(self) -> tuple[FilledField, ...]:
        return tuple(f for s in self.sections for slot in s.slots for f in slot.fields)


def copies(form: FormDefinition, department: Department) -> tuple[FormCopy, ...]:
    """The filled copies of a form for a department (one per meeting for a per-meeting form)."""
    return tuple(_lay_out(form, department, meeting) for meeting in form.meetings(department))


def resolve(reference: str | None, department: Department) -> str:
    """The department's value at `reference` (e.g. meetings.count) as text; '' when it is not set."""
    if not reference:
        return ""
    value: Any = department
    for part in reference.split("."):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value)


def _lay_out(form: FormDefinition, department: Department, meeting: int | None) -> FormCopy:
    page_id = form.name if meeting is None else f"{form.name}-{meeting}"
    sections = []
    for section in form.sections:
        goals = [None] if section.goals is None else list(range(1, section.goals.blank + 1))
        slots = tuple(_slot(form, section, department, meeting, goal, page_id) for goal in goals)
        template = _slot(form, section, department, meeting, "__N__", page_id) if section.goals else None
        sections.append(FilledSection(section, slots, f"{page_id}-afsnit-{section.id}", template))
    return FormCopy(form, department, meeting, tuple(sections))


def _slot(form: FormDefinition, section: Section, department: Department, meeting: int | None,
          goal: int | str | None, page_id: str) -> Slot:
    return Slot(goal, tuple(_fill(form, section, f, department, meeting, goal, page_id) for f in section.fields))


def goal_key(section: Section, goal: int | str, field: FormField) -> str:
    """The answer key of a field asked for goal number `goal` (the browser script uses the same rule)."""
    return f"{section.id}_{goal}_{field.id}"


def _fill(form: FormDefinition, section: Section, item: FormField, department: Department,
          meeting: int | None, goal: int | str | None, page_id: str) -> FilledField:
    key = item.id if goal is None else goal_key(section, goal, item)
    pdf_name = key if meeting is None else f"moede{meeting}_{key}"
    return FilledField(key, pdf_name, f"{page_id}-{key}", item, resolve(item.default, department))
