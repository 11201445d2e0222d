"""handbook new SLUG --name NAME: a commented starter department file that validates as written."""

from __future__ import annotations

from pathlib import Path

from ..inputs.checks import PLACEHOLDERS
from ..inputs.models import NameText
from ..inputs.problems import CommandRefused
from ..inputs.project import slug_problem
from ..inputs.validation import value_problem
from ..inputs.yaml_source import CONTROL_CHARACTER, CONTROL_CHARACTER_ADVICE, forbidden_character
from .schema import SCHEMA_FILE, schema_text

# {leader}, {intro_responsible}, {mentor} and {email} are checks.PLACEHOLDERS: starter text refused outside a draft.
STARTER = """\
# yaml-language-server: $schema={schema}
# Et udkast udgives ikke. Når navnene er rettet, så slet linjen draft: true (eller skriv false).
draft: true

# Afdelingsfil til mentorordningens håndbog. Ret tekst og personer, og kør
# `handbook validate` for at tjekke filen og `handbook build --only {slug}` for at se håndbogen.
# Linjer der starter med # er kommentarer og kommer ikke med i håndbogen.

# Afdelingens navn (skal udfyldes)
name: {name}

# Afsnit (kan udelades)
# unit: Afsnit A2

# Lederens velkomst på forsiden. Markdown er tilladt: *kursiv*, **fed**, lister med "- ".
# Har håndbogen flere sprog (editions i site_config.yml), kan hver tekst skrives på hvert sprog:
#   welcome:
#     da: Velkommen til afdelingen.
#     en: Welcome to the department.
# Det gælder alle afdelingens tekster (ikke navne, e-mail og telefon). Står en tekst kun på dansk,
# viser den engelske håndbog den danske tekst og siger, at den er på dansk.
welcome: |
  Velkommen til {plain_name}. Vi glæder os til at tage imod dig.

# Lederen (skal udfyldes): navn, og gerne titel, e-mail og telefon
leader:
  name: {leader}
  title: Afdelingsleder
  # email: {email}
  # phone: "7842 0000"

# Introduktionsansvarlig/vejleder (skal udfyldes): én person eller en liste
intro_responsible:
  - name: {intro_responsible}
    title: Klinisk vejleder

# Afdelingens mentorer (kan udelades)
# mentors:
#   - name: {mentor}
#     profession: Sygeplejerske

# Er mentor og introduktionsansvarlig den samme person? true = ja, false = nej
# mentor_is_intro_responsible: false

# Mentormøderne. Udelader du en værdi, gælder hospitalets standard fra site_config.yml.
# meetings:
#   count: 6                # antal møder i alt (1-24)
#   first_within_days: 30   # 1. mentoraftale inden for så mange dage
#   interval_weeks: 4       # uger mellem møderne
#   duration_minutes: 60    # mødernes længde
#   time: "13:00"           # klokkeslættet, planen for en ny medarbejder foreslår
#   place: Mødelokale 3

# Flere nøglepersoner og lokale roller (kan udelades)
# roles:
#   - title: Uddannelsesansvarlig overlæge
#     name: Navn
#     duties: [Planlægger den lægefaglige introduktion]

# Ekstra punkter til siden "Før du starter" (kan udelades)
# pre_arrival:
#   - title: Første dag
#     first_day: true        # punktet om den første arbejdsdag: velkomstbrevet gengiver det
#     text: Mød kl. 7.30 i forhallen.

# Praktiske oplysninger (kan udelades)
# practical:
#   - title: Parkering
#     text: Brug parkeringspladsen ved indgang C.
"""


def write_starter(folder: Path, slug: str, name: str) -> Path:
    """A starter file for the department SLUG in the departments folder `folder`."""
    unusable = slug_problem(slug)
    if unusable:
        message, expected = unusable
        raise CommandRefused(f"{message} (forventet: {expected})")
    unusable = _name_problem(name)
    if unusable:
        message, expected = unusable
        raise CommandRefused(f"--name: {message} (forventet: {expected})")
    target = folder / f"{slug}.yml"
    if target.exists():
        raise CommandRefused(f"{target} findes allerede; den overskrives ikke")
    folder.mkdir(parents=True, exist_ok=True)
    # json-style quoting keeps any name valid YAML, also one with ':' or '#'.
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = STARTER.format(schema=SCHEMA_FILE, slug=slug, name=quoted, plain_name=" ".join(name.split()), **PLACEHOLDERS)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(text)
    schema = folder / SCHEMA_FILE
    if not schema.exists():
        schema.write_text(schema_text(), encoding="utf-8")
    return target


def _name_problem(name: str) -> tuple[str, str] | None:
    """Why `name` cannot be a department's name (the rules `handbook validate` applies to the file), or None:
    the starter file must validate as written."""
    character = forbidden_character(name)
    if character is not None:
        return f"tegnet U+{ord(character):04X} {CONTROL_CHARACTER}", CONTROL_CHARACTER_ADVICE
    return value_problem(NameText, name)
