"""Input at its limits: numbers and aliases too big, control characters written as escapes, invisible names,
web addresses, e-mail addresses as written and long file names; each refused at its FILE:LINE, or kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, handbook
from generator.inputs.project import load_project
from generator.inputs.yaml_source import read_yaml
from test_validation import CONFIG, GOOD, make_project

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

TOO_LONG = "tallet er alt for langt (forventet: et tal med højst 4000 cifre, eller tekst i anførselstegn)"


def validate(root: Path) -> list[str]:
    """The lines of a `handbook validate` that finds problems: exit status 1, never a traceback."""
    result = handbook("validate", "--no-pdf", cwd=root, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result.stderr.splitlines()


def told(lines: list[str], file: str) -> list[str]:
    """The problems told about one file (its notes left out)."""
    return [line for line in lines if line.startswith(file + ":") and ": bemærk: " not in line]


# -------------------------------------------------------------- numbers

HUGE = {
    "hex": "0x" + "f" * 5000,
    "short-hex": "0x" + "f" * 3500,          # written in fewer than 4000 characters, but 4214 digits long
    "negative-hex": "-0x" + "f" * 5000,
    "binary": "0b" + "1" * 14000,
    "octal": "0" + "7" * 5000,
    "sexagesimal": "1" + ":59" * 3000,
    "decimal": "9" * 4301,
}


def test_a_number_too_long_is_refused_at_its_line_however_it_is_written(tmp_path):
    make_project(tmp_path, {f"{name}.yml": GOOD + f"meetings:\n  interval_weeks: {number}\n"
                            for name, number in HUGE.items()})
    lines = validate(tmp_path)
    for name in HUGE:
        file = f"content/departments/{name}.yml"
        assert told(lines, file) == [f"{file}:8: meetings.interval_weeks: {TOO_LONG}"], name


def test_a_long_number_within_the_limit_is_shown_shortened(tmp_path):
    make_project(tmp_path, {"akut.yml": GOOD + "meetings:\n  count: 1" + ":59" * 1300 + "\n"})
    [line] = told(validate(tmp_path), "content/departments/akut.yml")
    assert line.startswith("content/departments/akut.yml:8: meetings.count: ") and "... er for stort" in line, line
    assert len(line) < 200


def test_a_number_too_long_in_the_defaults_is_refused_at_its_line(tmp_path):
    make_project(tmp_path, {"akut.yml": GOOD}, config=CONFIG.replace("count: 6", "count: -0x" + "f" * 5000))
    assert told(validate(tmp_path), "site_config.yml") == [f"site_config.yml:3: defaults.meetings.count: {TOO_LONG}"]


@pytest.mark.parametrize("key, line, field", [("version: 1", 9, "version"),
                                              ("        lines: 6", 36, "sections.2.fields.1.lines")])
def test_a_number_too_long_in_a_form_definition_is_refused_at_its_line(tmp_path, key, line, field):
    shutil.copytree(ROOT / "content/forms", tmp_path / "content/forms")
    form = tmp_path / "content/forms/dagsorden.yml"
    text = form.read_text(encoding="utf-8")
    assert text.splitlines()[line - 1] == key
    form.write_text(text.replace(key + "\n", key.split(":")[0] + ": 0x" + "f" * 5000 + "\n", 1), encoding="utf-8")
    make_project(tmp_path, {"akut.yml": GOOD})
    assert told(validate(tmp_path), "content/forms/dagsorden.yml") == [f"content/forms/dagsorden.yml:{line}: {field}: {TOO_LONG}"]


@pytest.mark.parametrize("tagged", ['!!int "abc"', '!!bool "abc"', '!!float "abc"', '!!seq abc'])
def test_a_tag_the_text_does_not_fit_is_refused_at_its_line(tmp_path, tagged):
    make_project(tmp_path, {"akut.yml": GOOD + f"unit: {tagged}\n"})
    [line] = told(validate(tmp_path), "content/departments/akut.yml")
    assert line.startswith("content/departments/akut.yml:7: unit: 'abc' kan ikke læses som "), line


# -------------------------------------------------------------- aliases

def aliases(item: str, count: int) -> str:
    """A department whose pre-arrival list repeats one item by alias, `count` times (item on line 8)."""
    return GOOD + "pre_arrival:\n" + f'  - &i {{title: Første dag, text: "{item}"}}\n' + "  - *i\n" * count


# The text of GOOD and the pre-arrival key: the characters of every key and value before the item.
BEFORE_ITEM = sum(len(part.strip()) for line in GOOD.splitlines() for part in line.split(":", 1)) + len("pre_arrival")


def item_size(text: str) -> int:
    return len("title") + len("Første dag") + len("text") + len(text)


def test_a_file_of_thousands_of_aliases_is_refused_at_the_alias_that_passes_the_limit(tmp_path):
    # The reproducer: a 55 KB file of 5,000 aliases to one 19,800-character item (99 MB when expanded).
    text = aliases("x" * 19_800, 5000)
    assert 50_000 < len(text.encode("utf-8")) < 60_000
    make_project(tmp_path, {"akut.yml": text})
    item = item_size("x" * 19_800)
    line = 8 + next(n for n in range(1, 5001) if BEFORE_ITEM + item + n * item > 250_000)   # the first alias past it
    assert told(validate(tmp_path), "content/departments/akut.yml") == [
        f"content/departments/akut.yml:{line}: (fil): filen rummer her alt for meget tekst, når hvert YAML-alias "
        "(*navn) tæller som den tekst, det står for (forventet: højst 250.000 tegn tekst i alt; skriv teksten én gang, "
        "uden aliaser)"]


def test_the_limit_counts_each_alias_as_the_text_it_stands_for(tmp_path):
    path = tmp_path / "akut.yml"
    path.write_text(aliases("x" * 80, 20), encoding="utf-8")
    item = item_size("x" * 80)
    document, problems = read_yaml(path, "akut.yml", max_text=BEFORE_ITEM + item + 5 * item)
    assert document is None and [(p.line, p.field) for p in problems] == [(8 + 6, "")]   # the sixth alias
    assert "YAML-alias" in problems[0].message
    document, problems = read_yaml(path, "akut.yml", max_text=BEFORE_ITEM + item + 20 * item)
    assert document is not None and not problems


def test_a_file_without_aliases_is_limited_by_its_text(tmp_path):
    path = tmp_path / "akut.yml"
    path.write_text(GOOD + "welcome: " + "x" * 500 + "\nunit: A2\n", encoding="utf-8")
    document, problems = read_yaml(path, "akut.yml", max_text=400)
    assert document is None and [(p.line, p.field) for p in problems] == [(7, "")]
    assert problems[0].message == "filen rummer her alt for meget tekst"
    assert problems[0].expected == "højst 400 tegn tekst i alt; forkort teksterne"


# -------------------------------------------------------------- characters

ESCAPES = {"nul": ("\\0", "U+0000"), "x01": ("\\x01", "U+0001"), "esc": ("\\e", "U+001B"), "del": ("\\x7f", "U+007F"),
           "bs": ("\\b", "U+0008"), "vt": ("\\v", "U+000B"), "ff": ("\\f", "U+000C"), "nel": ("\\x85", "U+0085"),
           "ls": ("\\L", "U+2028"), "ps": ("\\P", "U+2029"), "nonchar": ("\\uFFFE", "U+FFFE"),
           "nonchar-plane": ("\\U0010FFFF", "U+10FFFF"), "fdd0": ("\\uFDD0", "U+FDD0")}


def test_a_control_character_written_as_an_escape_is_refused_like_one_in_the_file(tmp_path):
    departments = {f"{name}.yml": GOOD.replace("  name: Jonas Berg", f'  title: Vejleder\n  name: "Jonas{escape} Berg"')
                   for name, (escape, _) in ESCAPES.items()}
    departments["raw.yml"] = GOOD + "unit: A\x07B\n"
    departments["key.yml"] = GOOD + '"unit\\x01": A2\n'
    departments["welcome.yml"] = GOOD + 'welcome: "Velkommen\n\n  til os\\e"\n'
    make_project(tmp_path, departments)
    lines = validate(tmp_path)
    for name, (escape, code) in ESCAPES.items():
        file = f"content/departments/{name}.yml"
        assert told(lines, file) == [f"{file}:7: intro_responsible.name: tegnet {code}, skrevet som {escape}, er et "
                                     f"kontroltegn, som ikke må stå i filen (forventet: slet {escape} fra teksten)"], name
    assert told(lines, "content/departments/raw.yml") == [
        "content/departments/raw.yml:7: (fil): tegnet U+0007 er et kontroltegn, som ikke må stå i filen "
        "(forventet: slet tegnet; det er ofte kopieret med fra et andet program)"]
    assert told(lines, "content/departments/key.yml") == [
        "content/departments/key.yml:7: (fil): tegnet U+0001, skrevet som \\x01, er et kontroltegn, som ikke må stå i "
        "filen (forventet: slet \\x01 fra teksten)"]
    assert told(lines, "content/departments/welcome.yml") == [
        "content/departments/welcome.yml:9: welcome: tegnet U+001B, skrevet som \\e, er et kontroltegn, som ikke må "
        "stå i filen (forventet: slet \\e fra teksten)"]


@pytest.mark.parametrize("character", ["\u2028", "\ufdd0", "\U0001fffe"])
def test_a_character_yaml_lets_through_in_the_file_is_refused_too(tmp_path, character):
    make_project(tmp_path, {"akut.yml": GOOD + f'unit: "A{character}B"\n'})
    [line] = told(validate(tmp_path), "content/departments/akut.yml")
    assert line == (f"content/departments/akut.yml:7: unit: tegnet U+{ord(character):04X} er et kontroltegn, som ikke "
                    "må stå i filen (forventet: slet tegnet; det er ofte kopieret med fra et andet program)")


def test_a_control_character_written_as_an_escape_in_site_config_is_refused(tmp_path):
    make_project(tmp_path, {"akut.yml": GOOD}, config=CONFIG.replace("hospital: Regionshospitalet Horsens",
                                                                     'hospital: "Regionshospitalet\\0 Horsens"'))
    assert told(validate(tmp_path), "site_config.yml") == [
        "site_config.yml:1: hospital: tegnet U+0000, skrevet som \\0, er et kontroltegn, som ikke må stå i filen "
        "(forventet: slet \\0 fra teksten)"]


@pytest.mark.parametrize("escape, words", [
    ("\\uD800", "escape-koden \\uD800 står ikke for et gyldigt tegn"),
    ("\\q", "\\q er ikke en escape-kode, YAML kender"),
    ("\\x4", "escape-koden \\x4 er ufuldstændig"),
])
def test_an_escape_yaml_cannot_read_is_named_at_its_line(tmp_path, escape, words):
    make_project(tmp_path, {"akut.yml": GOOD + f'unit: "Afsnit {escape}"\nwelcome: Hej\n'})
    [line] = told(validate(tmp_path), "content/departments/akut.yml")
    assert line.startswith(f"content/departments/akut.yml:7: (fil): {words}"), line
    assert "lukkes aldrig" not in line


@pytest.mark.parametrize("invisible", ["\\u200b", "\\u200b\\u200c\\u200d", "\\u2060 \\ufeff", "\\u00ad", " \\u200b\\t"])
def test_a_text_of_only_invisible_characters_is_empty(tmp_path, invisible):
    text = GOOD.replace("name: Akutafdelingen", f'name: "{invisible}"') + f'welcome: "{invisible}"\n'
    make_project(tmp_path, {"akut.yml": text})
    assert told(validate(tmp_path), "content/departments/akut.yml") == [
        "content/departments/akut.yml:1: name: er tom (forventet: en tekst)",
        "content/departments/akut.yml:7: welcome: er tom (forventet: en tekst)"]


def test_every_text_is_read_in_one_unicode_form_and_an_email_exactly_as_written(tmp_path):
    decomposed = "Cafe\u0301 og Ha\u030akon"    # typed on a Mac: e and a combining accent
    text = GOOD.replace("name: Akutafdelingen", f"name: {decomposed}").replace(
        "mette.hansen@example.dk", "Mette.Hansen@EXAMPLE.DK") + "  email: jonas@xn--bcher-kva.dk\n"
    project = load_project(make_project(tmp_path, {"akut.yml": text}))
    department = project.department("akut")
    assert department.name == "Café og Håkon" and len(department.name) == 13
    assert department.leader.email == "Mette.Hansen@EXAMPLE.DK"
    assert department.intro_responsible[0].email == "jonas@xn--bcher-kva.dk"


# -------------------------------------------------------------- web addresses

@pytest.mark.parametrize("url, reason", [
    ("https://intra.example.dk/mentor\u00a0ordning/", "mellemrum eller et usynligt tegn (U+00A0)"),
    ("https://intra.example.dk/\u200bmentor/", "mellemrum eller et usynligt tegn (U+200B)"),
    ("https://bruger:hemmelig@intra.example.dk/", "brugernavn eller en adgangskode"),
    ("https://intra.example.dk:99999/", "portnummeret"),
    ("https://intra.example.dk:http/", "portnummeret"),
    ("https://intra.example.dk/mentor/?side=1", "forespørgsel (?...)"),
    ("https://intra.example.dk/mentor/#top", "anker (#...)"),
    ("ftp://intra.example.dk/", "https://"),
])
@pytest.mark.parametrize("key", ["site_url", "accessibility_statement_url"])
def test_a_web_address_that_is_not_plain_is_refused_at_its_line(tmp_path, key, url, reason):
    make_project(tmp_path, {"akut.yml": GOOD}, config=CONFIG + f'{key}: "{url}"\n')
    [line] = told(validate(tmp_path), "site_config.yml")
    assert line.startswith(f"site_config.yml:4: {key}: ") and "er ikke en webadresse: " in line and reason in line, line


def test_a_line_separator_in_a_web_address_is_refused_at_its_line(tmp_path):
    make_project(tmp_path, {"akut.yml": GOOD}, config=CONFIG + 'site_url: "https://intra.example.dk/\\u2028"\n')
    [line] = told(validate(tmp_path), "site_config.yml")
    assert line.startswith("site_config.yml:4: site_url: tegnet U+2028, skrevet som \\u2028, er et kontroltegn"), line


# -------------------------------------------------------------- handbook new, file names

@pytest.mark.parametrize("name, words", [
    ("", "--name: er tom"), ("\u200b", "--name: er tom"), ("A" * 300, "--name: er for lang (forventet: højst 80 tegn)"),
    ("Akut\nmodtagelse", "--name: teksten må ikke fylde mere end én linje"),
    ("Akut\x07", "--name: tegnet U+0007 er et kontroltegn"),
])
def test_new_refuses_a_name_that_would_not_validate_before_writing_anything(tmp_path, name, words):
    make_project(tmp_path, {"akut.yml": GOOD})
    result = handbook("new", "ny-afdeling", "--name", name, cwd=tmp_path, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Fejl: " + words), result.stderr
    assert not (tmp_path / "content/departments/ny-afdeling.yml").exists()


def test_a_file_name_too_long_for_an_address_is_refused_by_validate_and_new(tmp_path):
    long_slug, longest = "a" * 245, "a" * 60
    make_project(tmp_path, {f"{long_slug}.yml": GOOD, f"{longest}.yml": GOOD})
    lines = validate(tmp_path)
    assert told(lines, f"content/departments/{long_slug}.yml") == [
        f"content/departments/{long_slug}.yml:1: (filnavn): filnavnet er for langt til en adresse (245 tegn) "
        "(forventet: højst 60 tegn før .yml, fx akut-modtagelse.yml)"]
    assert not told(lines, f"content/departments/{longest}.yml")
    result = handbook("new", "b" * 61, "--name", "Ny", cwd=tmp_path, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Fejl: 'bbbbbbbbbbbbbbbbbbbb…' er for langt til en adresse (61 tegn) (forventet: "
                                    "højst 60 tegn"), result.stderr
    assert not (tmp_path / "content/departments" / f"{'b' * 61}.yml").exists()
