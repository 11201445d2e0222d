"""What a valid department file can still get wrong: starter text left in, and contradictions.

Placeholders from `handbook new` are errors outside a draft; contradictions are
warnings (errors under --strict); a plan left entirely to the hospital's
defaults is a note, so that it is a choice.
"""

from __future__ import annotations

from typing import Any

from .languages import foreign_texts
from .models import Department
from .problems import Problem
from .validation import Locator
from .yaml_source import Location, YamlDocument, dotted

# What `handbook new` writes where a department must put its own people: commands/new.py formats
# these into its starter file by name, so the text it writes is the text found here.
PLACEHOLDERS = {
    "leader": "Navn på leder",
    "intro_responsible": "Navn på introduktionsansvarlig",
    "mentor": "Navn på mentor",
    "email": "fornavn.efternavn@example.dk",
}
# The guide: the 1. mentoraftale is held within the first month.
GUIDE_FIRST_WITHIN_DAYS = 30


def placeholder_problems(document: YamlDocument) -> list[Problem]:
    """Starter text still in a department that is not a draft, each at its line."""
    problems = []
    for location, value in _strings(document.data, ()):
        for placeholder in PLACEHOLDERS.values():
            if placeholder in value:
                problems.append(Problem(document.file, document.line_of(location), dotted(location),
                                        f"'{placeholder}' er skabelonens tekst, ikke afdelingens",
                                        "det rigtige navn og den rigtige e-mail, eller draft: true, "
                                        "så længe filen er et udkast"))
    return problems


def department_warnings(department: Department, document: YamlDocument, locate: Locator) -> list[Problem]:
    """Contradictions worth a second look, and notes on a draft and on a plan left to the defaults.

    `locate` points at the department file, or at site_config.yml where a value came from its defaults.
    """
    found = []
    if department.draft:
        found.append(Problem(document.file, document.line_of(("draft",)), "draft",
                             "bemærk: et udkast; det udgives ikke, men kan ses med: handbook serve " + department.slug,
                             "draft: false (eller slet linjen), når afdelingens navne er på plads", level="note"))
    if department.mentor_is_intro_responsible and department.mentors:
        mentors = {p.name for p in department.mentors}
        intro = {p.name for p in department.intro_responsible}
        if mentors != intro:
            location: Location = ("mentor_is_intro_responsible",)
            found.append(Problem(document.file, document.line_of(location), dotted(location),
                                 "advarsel: mentor og introduktionsansvarlig skal være samme person, men "
                                 "mentors og intro_responsible nævner forskellige navne",
                                 "de samme personer begge steder, eller mentor_is_intro_responsible: false",
                                 level="warning"))
    days = department.meetings.first_within_days
    if days > GUIDE_FIRST_WITHIN_DAYS:
        file, line, _ = locate(("meetings", "first_within_days"))
        found.append(Problem(file, line, "meetings.first_within_days",
                             f"advarsel: 1. mentoraftale først inden for {days} dage; guiden anbefaler inden for "
                             "den første måned", f"højst {GUIDE_FIRST_WITHIN_DAYS} dage, eller bevidst længere",
                             level="warning"))
    for index, item in enumerate(department.pre_arrival):
        written = document.data.get("pre_arrival")
        if item.first_day and isinstance(written, list) and "first_day" not in written[index]:
            location = ("pre_arrival", index)
            found.append(Problem(document.file, document.line_of(location), f"pre_arrival.{index + 1}",
                                 f"bemærk: punktet '{item.title}' læses som punktet om den første arbejdsdag ud fra "
                                 "sin titel", "first_day: true ved punktet, så det ikke afhænger af titlen",
                                 level="note"))
    if "meetings" not in document.data:
        found.append(Problem(document.file, 1, "meetings",
                             "bemærk: afdelingens møder følger helt hospitalets standard i site_config.yml",
                             "skriv meetings: i filen, hvis afdelingen vil have sin egen plan", level="note"))
    return found


def _strings(data: Any, location: Location) -> list[tuple[Location, str]]:
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _strings(value, (*location, key))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in _strings(value, (*location, index))]
    return [(location, data)] if isinstance(data, str) else []


def untranslated_notes(department: Department, locate: Locator, names: dict[str, str]) -> list[Problem]:
    """A note for each edition after the main one (`names`: each edition's name in Danish, the main first) that
    shows some of the department's texts in the main edition's language, for want of its own: not an error,
    since every page still says everything, marked as the main language."""
    found = []
    main = next(iter(names.values()))
    for code, language in list(names.items())[1:]:
        missing = foreign_texts(department.in_language(code))
        if not missing:
            continue
        file, line, _ = locate(missing[0])
        shown = ", ".join(dotted(location) for location in missing[:3])
        more = f" og {len(missing) - 3} til" if len(missing) > 3 else ""
        found.append(Problem(file, line, dotted(missing[0]),
                             f"bemærk: {len(missing)} af afdelingens tekster findes ikke på {language} ({shown}{more}); "
                             f"håndbogen på {language} viser dem på {main}, markeret som {main}",
                             f"teksten på begge sprog, fx welcome: {{{next(iter(names))}: ..., {code}: ...}}",
                             level="note"))
    return found
