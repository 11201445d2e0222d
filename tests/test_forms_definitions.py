"""The form definitions (content/forms/*.yml): their model, validation messages, layout and HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.engine import page_style
from generator.inputs.catalog import SOURCE
from generator.inputs.forms import FormLibrary
from generator.inputs.models import Department, SiteConfig
from generator.inputs.problems import InputError
from generator.layout import copies
from generator.render.forms_html import form_html
from generator.render.templating import own_environment

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "content" / "forms"


def department(slug: str = "test-afdeling", **meetings) -> Department:
    data = {
        "name": "Testafdelingen",
        "unit": "Afsnit T1",
        "leader": {"name": "Lea Leder"},
        "intro_responsible": {"name": "Ivan Intro"},
        "meetings": {"count": 4, "duration_minutes": 45, "place": "Lokale 7", **meetings},
    }
    return Department.model_validate(data, context={"slug": slug})


CONFIG = SiteConfig.model_validate({"hospital": "Regionshospitalet Test"})


def load_library(folder: Path, root: Path) -> FormLibrary:
    library, found = FormLibrary.from_folder(folder, root)
    if found:
        raise InputError(found)
    return library


def defaults(library: FormLibrary, name: str, dept: Department) -> dict[str, str]:
    """{answer key: default} for the fields of form `name` that take a value from the department."""
    return {f.key: f.value for f in copies(library.form(name), dept)[0].fields if f.value}


def render(library: FormLibrary, name: str, dept: Department, config: SiteConfig) -> str:
    return str(form_html(own_environment(SOURCE), library, name, dept, config, page_style()))


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return load_library(FORMS, ROOT)


# ---------------------------------------------------------------- the shipped definitions


def test_the_three_forms_load(library):
    assert set(library.forms) == {"samarbejdsaftale", "dagsorden", "evaluering"}
    for name, form in library.forms.items():
        assert form.name == name
        assert form.version >= 1


def test_agreement_has_the_guides_sections(library):
    form = library.forms["samarbejdsaftale"]
    titles = [s.title for s in form.sections]
    assert titles[1:6] == ["Formål med mentorordningen", "Rammer", "Spilleregler om jeres samtaler", "Læringsbehov", "Metoder"]
    labels = {s.id: [f.label for f in s.fields] for s in form.sections}
    assert labels["parter"] == ["Mentor", "Mentee", "Dato"]
    assert labels["rammer"] == ["Antal møder", "Mødernes varighed", "Tid og sted", "Uforstyrrethed", "Andet"]
    assert labels["spilleregler"] == ["Åbenhed", "Fortrolighed", "Forberedelse", "Feedback", "Andet"]
    assert labels["laeringsbehov"] == ["Læringsmål på kort sigt", "Idéer til læringsmål på lang sigt", "Andet"]
    assert labels["metoder"] == ["Mentors roller", "Redskaber", "Andet"]
    assert [f.type for f in form.sections[-1].fields] == ["signature", "signature"]
    # The guide's own examples are the hints of Formål.
    assert any("kompetenceudvikling" in e for e in form.sections[1].examples)


def test_agenda_has_the_five_points_in_order(library):
    form = library.forms["dagsorden"]
    assert form.per_meeting
    points = [s.title for s in form.sections if re.match(r"\d\. ", s.title)]
    assert points == ["1. Det, der fylder lige nu", "2. Dialog om planlagt tema", "3. Opsamling",
                      "4. Feedback", "5. Næste møde"]
    prompts = " ".join(e for s in form.sections for e in s.examples) + " ".join(
        f.label for f in form.fields())
    for prompt in ("Hvordan har mentee det?", "praksisfællesskabet", "Konkret læringsmål", "især været nyttigt",
                   "Hvad har især fungeret godt?", "Hvad kunne fungere bedre?", "Tema for næste møde", "Forberedelse"):
        assert prompt in prompts


def test_evaluation_looks_back_at_the_agreements_goals(library):
    form = library.forms["evaluering"]
    goal_sections = [s for s in form.sections if s.goals]
    assert len(goal_sections) == 1
    goals = goal_sections[0].goals
    assert goals.form == "samarbejdsaftale" and goals.fields == ["kort_sigt", "lang_sigt"]
    asked = [f.label for f in goal_sections[0].fields]
    assert "Hvor langt nåede I?" in asked and "Hvad følger nu?" in asked
    labels = [f.label for f in form.fields()]
    assert any("mentee" in label for label in labels) and any("mentor" in label for label in labels)


def test_field_ids_are_unique_and_every_field_prints_as_lines(library):
    for form in library.forms.values():
        ids = [f.id for f in form.fields()]
        assert len(ids) == len(set(ids))
        assert all(f.print_lines >= 1 for f in form.fields())


# ---------------------------------------------------------------- layout for a department (the PDF's API)


def test_defaults_come_from_the_department(library):
    dept = department(count=5, duration_minutes=90, place="Mødelokale 2")
    assert defaults(library, "samarbejdsaftale", dept) == {
        "antal_moeder": "5", "varighed": "90", "tid_og_sted": "Mødelokale 2"}


def test_a_missing_optional_value_gives_an_empty_default(library):
    dept = department(place=None)
    assert "tid_og_sted" not in defaults(library, "samarbejdsaftale", dept)


def test_one_agenda_copy_per_meeting_with_unique_pdf_names(library):
    dept = department(count=3)
    made = copies(library.form("dagsorden"), dept)
    assert [c.meeting for c in made] == [1, 2, 3]
    names = [f.pdf_name for c in made for f in c.fields]
    assert len(names) == len(set(names))
    assert "moede2_tema" in names
    assert [c.html_id for c in made] == ["dagsorden-1", "dagsorden-2", "dagsorden-3"]


def test_evaluation_has_blank_goal_slots(library):
    copy = copies(library.form("evaluering"), department())[0]
    section = next(s for s in copy.sections if s.section.goals)
    assert [slot.goal for slot in section.slots] == [1, 2, 3]
    assert [f.key for f in section.slots[1].fields] == ["maal_2_maal", "maal_2_naaet", "maal_2_videre"]


# ---------------------------------------------------------------- HTML


def test_html_is_one_raw_block_with_the_hooks(library):
    dept = department(count=4)
    html = render(library, "dagsorden", dept, CONFIG)
    assert html.startswith("<div class=\"hb-forms\"")
    assert "\n\n" not in html and not re.search(r"^\s", html, re.MULTILINE)
    assert re.findall(r'data-handbook-form="dagsorden" data-meeting="(\d+)"', html) == ["1", "2", "3", "4"]
    for action in ("export", "import", "clear", "print", "remember"):
        assert html.count(f'data-action="{action}"') == 4
    assert 'data-department="test-afdeling"' in html and 'data-hospital="Regionshospitalet Test"' in html


def test_every_control_has_a_label(library):
    html = render(library, "samarbejdsaftale", department(), CONFIG)
    ids = re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html)
    assert ids
    for control in ids:
        assert f'for="{control}"' in html, control


def test_defaults_are_in_the_html_and_text_stays_on_one_line(library):
    dept = department(place="Lokale 1 bag kantinen")
    html = render(library, "samarbejdsaftale", dept, CONFIG)
    assert ">Lokale 1 bag kantinen</textarea>" in html
    assert 'name="antal_moeder" value="4"' in html


def test_department_text_is_escaped(library):
    dept = Department.model_validate({
        "name": "<script>alert(1)</script> {{ 7*7 }}", "leader": {"name": "L"},
        "intro_responsible": {"name": "I"}, "meetings": {"count": 1, "place": "<b>x</b>"}},
        context={"slug": "x"})
    html = render(library, "samarbejdsaftale", dept, CONFIG)
    assert "<script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html and "{{ 7*7 }}" in html


def test_an_unknown_form_name_is_an_input_error(library):
    with pytest.raises(InputError) as caught:
        render(library, "dagsordner", department(), CONFIG)
    assert "dagsordner" in str(caught.value) and "dagsorden" in str(caught.value)


# ---------------------------------------------------------------- bad definitions


GOOD = """\
version: 1
title: Prøveskema
sections:
  - id: a
    title: Afsnit A
    fields:
      - id: navn
        label: Navn
      - id: antal
        label: Antal
        type: number
        default: meetings.count
"""


def problems(tmp_path: Path, text: str, name: str = "proeve.yml", extra: dict[str, str] | None = None) -> list[str]:
    folder = tmp_path / "forms"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    for other, body in (extra or {}).items():
        (folder / other).write_text(body, encoding="utf-8")
    try:
        load_library(folder, tmp_path)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_a_good_definition_loads(tmp_path):
    assert problems(tmp_path, GOOD) == []


@pytest.mark.parametrize("change, line, field, words", [
    (("        label: Navn\n", "        lable: Navn\n"), 8, "sections.1.fields.1.lable", "mente du 'label'"),
    (("        type: number\n", "        type: tal\n"), 11, "sections.1.fields.2.type", "textarea"),
    (("version: 1\n", "version: en\n"), 1, "version", "helt tal"),
    (("version: 1\n", "version: 0\n"), 1, "version", "mindst 1"),
    (("        default: meetings.count\n", "        default: meetings.cont\n"), 12,
     "sections.1.fields.2.default", "mente du 'meetings.count'"),
    (("        default: meetings.count\n", "        default: meetings\n"), 12,
     "sections.1.fields.2.default", "ikke et tal eller en tekst"),
    (("      - id: antal\n", "      - id: navn\n"), 9, "sections.1.fields.2.id", "findes allerede"),
    (("      - id: navn\n", "      - id: Navn!\n"), 7, "sections.1.fields.1.id", ""),
    (("        label: Navn\n", "        label: Navn\n        unit: kr\n"), 9, "sections.1.fields.1.unit",
     "kun til tal"),
    (("title: Prøveskema\n", "title: Prøveskema\ntitle: Igen\n"), 3, "title", "anden gang"),
    (("title: Prøveskema\n", ""), 1, "title", "mangler"),
    (("    title: Afsnit A\n", "    title: yes\n"), 5, "sections.1.title", "anførselstegn"),
])
def test_a_bad_definition_names_file_line_and_field(tmp_path, change, line, field, words):
    old, new = change
    assert old in GOOD
    found = problems(tmp_path, GOOD.replace(old, new))
    assert found, "the bad definition was accepted"
    expected = f"forms/proeve.yml:{line}: {field}: "
    assert any(p.startswith(expected) and words in p for p in found), found


def test_a_goal_section_must_point_at_an_existing_form_and_field(tmp_path):
    text = GOOD + """\
  - id: m
    title: Mål
    goals:
      form: aftale
      fields: [maal, mangler]
    fields:
      - id: status
        label: Status
"""
    found = problems(tmp_path, text)
    assert any(p.startswith("forms/proeve.yml:16: sections.2.goals.form: ") and "'aftale' findes ikke" in p
               for p in found), found
    other = "version: 1\ntitle: Aftale\nsections:\n  - id: x\n    title: X\n    fields:\n      - id: maal\n        label: Mål\n"
    found = problems(tmp_path, text, extra={"aftale.yml": other})
    assert found == ["forms/proeve.yml:17: sections.2.goals.fields.2: feltet 'mangler' findes ikke i aftale "
                     "(forventet: en af: maal)"]


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    found = problems(tmp_path, GOOD.replace("label: Navn", "lable: Navn"),
                     extra={"anden.yml": GOOD.replace("version: 1", "version: nul")})
    assert any(p.startswith("forms/proeve.yml:8:") for p in found)
    assert any(p.startswith("forms/anden.yml:1: version:") for p in found)


def test_yaml_syntax_and_object_tags_are_refused(tmp_path):
    found = problems(tmp_path, GOOD.replace("title: Prøveskema", "title: [Prøveskema"))
    assert found and found[0].startswith("forms/proeve.yml:") and "YAML" in found[0]
    found = problems(tmp_path, GOOD.replace("title: Prøveskema", "title: !!python/object:os.system x"))
    assert any("ikke tilladt" in p for p in found)
