"""Bad input: every kind is refused with FILE:LINE: FIELD: message (expected ...), nothing else."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, handbook
from generator.inputs.problems import InputError
from generator.inputs.project import load_project

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

CONFIG = """\
hospital: Regionshospitalet Horsens
defaults:
  meetings: {count: 6, first_within_days: 30, interval_weeks: 4, duration_minutes: 60}
"""

GOOD = """\
name: Akutafdelingen
leader:
  name: Mette Hansen
  email: mette.hansen@example.dk
intro_responsible:
  name: Jonas Berg
"""


def make_project(root: Path, departments: dict[str, str | bytes], config: str = CONFIG) -> Path:
    """A project of these department files, with the example project's guide, forms and theme (the forms
    linked, as data may be read from anywhere; the guide and theme copied, as what is published must be in
    the project)."""
    (root / "content" / "departments").mkdir(parents=True, exist_ok=True)
    for shared in ("content/guide", "theme"):
        if not (root / shared).exists():
            shutil.copytree(ROOT / shared, root / shared)
    if not (root / "content/forms").exists():
        (root / "content/forms").symlink_to(ROOT / "content/forms")
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    for name, text in departments.items():
        path = root / "content" / "departments" / name
        path.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8"))
    return root / "site_config.yml"


def problems(root: Path, departments: dict[str, str | bytes], config: str = CONFIG) -> list[str]:
    """Every problem found: shared ones stop the load, a department's own leave it out as broken."""
    try:
        project = load_project(make_project(root, departments, config))
    except InputError as exc:
        return [str(p) for p in exc.problems]
    assert project.broken, "no problem was found"
    return [str(p) for p in sorted(set(project.broken))]


def only_problem(root: Path, text: str | bytes, name: str = "akut.yml") -> str:
    found = problems(root, {name: text})
    assert len(found) == 1, found
    return found[0]


def test_a_good_department_loads_with_defaults_filled_in(tmp_path):
    project = load_project(make_project(tmp_path, {"akut.yml": GOOD}))
    department = project.department("akut")
    assert department.meetings.count == 6
    assert department.intro_responsible[0].name == "Jonas Berg"


# Each case: the file text, then what the one message must start with, then words it must contain.
CASES = {
    "yaml syntax error": (GOOD + "mentors: [\n  - name: x\n", "content/departments/akut.yml:8: ", ["YAML"]),
    "duplicate key": (GOOD + "name: Igen\n", "content/departments/akut.yml:7: name: ", ["anden gang", "linje 1"]),
    "unknown key with did-you-mean": (GOOD + "leder: x\n", "content/departments/akut.yml:7: leder: ", ["mente du 'leader'"]),
    "unknown nested key": (GOOD.replace("  email:", "  emial:"), "content/departments/akut.yml:4: leader.emial: ",
                           ["mente du 'email'"]),
    "boolean as a count": (GOOD + "meetings:\n  count: yes\n", "content/departments/akut.yml:8: meetings.count: ",
                           ["ja/nej", "helt tal"]),
    "line break in a name": (GOOD.replace("name: Akutafdelingen", 'name: "Akut\\n    kode"'),
                             "content/departments/akut.yml:1: name: ", ["én linje"]),
    "too many meetings": (GOOD + "meetings:\n  count: 30\n", "content/departments/akut.yml:8: meetings.count: ",
                          ["for stort", "højst 24"]),
    "zero meetings": (GOOD + "meetings:\n  count: 0\n", "content/departments/akut.yml:8: meetings.count: ",
                      ["for lille", "mindst 1"]),
    "meetings as text": (GOOD + "meetings:\n  count: seks\n", "content/departments/akut.yml:8: meetings.count: ",
                         ["et helt tal"]),
    "negative interval": (GOOD + "meetings:\n  interval_weeks: -2\n",
                          "content/departments/akut.yml:8: meetings.interval_weeks: ", ["mindst 1"]),
    "invalid e-mail": (GOOD.replace("mette.hansen@example.dk", "mette.hansen@"),
                       "content/departments/akut.yml:4: leader.email: ", ["e-mailadresse"]),
    "invalid e-mail of the single intro person": (GOOD + "  email: jonas(at)example.dk\n",
                                                  "content/departments/akut.yml:7: intro_responsible.1.email: ",
                                                  ["e-mailadresse"]),
    "invalid phone": (GOOD + "  phone: ring til mig\n", "content/departments/akut.yml:7: intro_responsible.1.phone: ",
                      ["telefonnummer"]),
    "missing leader": ("name: A\nintro_responsible: {name: B}\n", "content/departments/akut.yml:1: leader: ",
                       ["mangler"]),
    "missing intro responsible": ("name: A\nleader: {name: B}\n", "content/departments/akut.yml:1: intro_responsible: ",
                                  ["mangler"]),
    "empty intro responsible list": (GOOD.replace("intro_responsible:\n  name: Jonas Berg\n", "intro_responsible: []\n"),
                                     "content/departments/akut.yml:5: intro_responsible: ", ["tom"]),
    "empty name": (GOOD.replace("name: Akutafdelingen", "name: ''"), "content/departments/akut.yml:1: name: ", ["tom"]),
    "a name too long to head a form": (GOOD.replace("name: Akutafdelingen", "name: " + "Akutafdelingen " * 6),
                                       "content/departments/akut.yml:1: name: ", ["er for lang", "højst 80 tegn"]),
    "a unit too long to head a form": (GOOD + "unit: " + "Sengeafsnit " * 8 + "\n",
                                       "content/departments/akut.yml:7: unit: ", ["er for lang", "højst 80 tegn"]),
    "person as plain text": (GOOD.replace("leader:\n  name: Mette Hansen\n  email: mette.hansen@example.dk\n",
                                          "leader: Mette Hansen\n"), "content/departments/akut.yml:2: leader: ",
                             ["name: ..."]),
    "list where text belongs": (GOOD + "unit: [A, B]\n", "content/departments/akut.yml:7: unit: ", ["liste", "tekst"]),
    "roles as a mapping": (GOOD + "roles: {title: x}\n", "content/departments/akut.yml:7: roles: ", ["en liste"]),
    "object-constructing tag": (GOOD + "unit: !!python/object/apply:os.system [echo hi]\n",
                                "content/departments/akut.yml:7: unit: ", ["YAML-mærket", "ikke tilladt"]),
    "custom tag": (GOOD + "unit: !afsnit A2\n", "content/departments/akut.yml:7: unit: ", ["YAML-mærket"]),
    "yes/no for mentor choice as text": (GOOD + "mentor_is_intro_responsible: måske\n",
                                         "content/departments/akut.yml:7: mentor_is_intro_responsible: ",
                                         ["true eller false"]),
    "not a mapping": ("- just\n- a list\n", "content/departments/akut.yml:1: ", ["nøgler"]),
    "alias bomb of text": ("a: &a ['x','x','x','x','x','x','x','x','x','x']\n"
                           + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                                     f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
                                     for i in range(8)),
                           "content/departments/akut.yml:6: (fil): ", ["alt for meget tekst", "YAML-alias"]),
    # Empty texts pass any limit on text: the number of values has one of its own.
    "alias bomb": ("a: &a ['','','','','','','','','','']\n"
                   + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                             f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
                             for i in range(8)),
                   "content/departments/akut.yml:", ["for mange værdier"]),
}


@pytest.mark.parametrize("text,start,words", CASES.values(), ids=list(CASES))
def test_bad_department_is_reported_with_file_line_and_field(tmp_path, text, start, words):
    message = only_problem(tmp_path, text)
    assert message.startswith(start), message
    for word in words:
        assert word in message, message


def test_merge_keys_are_refused(tmp_path):
    found = problems(tmp_path, {"akut.yml": GOOD + "mentors:\n  - <<: {name: X}\n"})
    assert any(m.startswith("content/departments/akut.yml:8: mentors.1: ") and "fletning" in m for m in found), found


def test_non_utf8_file_names_file_and_line(tmp_path):
    message = only_problem(tmp_path, GOOD.encode("utf-8") + "unit: Afsnit Æ\n".encode("latin-1"))
    assert message.startswith("content/departments/akut.yml:7: ") and "UTF-8" in message


@pytest.mark.parametrize("name", ["Akut.yml", "akut_afd.yml", "akut--a.yml", "-akut.yml", "æble.yml"])
def test_bad_slug_from_file_name(tmp_path, name):
    message = only_problem(tmp_path, GOOD, name=name)
    assert message.startswith(f"content/departments/{name}:1: (filnavn): "), message
    assert "små bogstaver" in message


def test_a_slug_the_site_uses_itself_is_refused(tmp_path):
    message = only_problem(tmp_path, GOOD, name="assets.yml")
    assert message.startswith("content/departments/assets.yml:1: (filnavn): ") and "optaget" in message


def test_two_files_with_the_same_slug(tmp_path):
    found = problems(tmp_path, {"akut.yml": GOOD, "akut.yaml": GOOD})
    assert len(found) == 1 and found[0].startswith("content/departments/akut.yml:1: (filnavn): ")
    assert "akut.yaml" in found[0]


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    found = problems(tmp_path, {
        "akut.yml": GOOD + "leder: x\nmeetings: {count: 99}\n",
        "radiologi.yml": GOOD.replace("mette.hansen@example.dk", "nope"),
    })
    assert [m.split(": ")[0] for m in found] == [
        "content/departments/akut.yml:7", "content/departments/akut.yml:8", "content/departments/radiologi.yml:4"]


def test_a_bad_default_points_at_site_config(tmp_path):
    config = CONFIG.replace("count: 6", "count: 60")
    found = problems(tmp_path, {"akut.yml": GOOD}, config=config)
    assert found[0].startswith("site_config.yml:3: defaults.meetings.count: "), found


def test_a_department_overrides_a_bad_default_and_is_told_about_its_own(tmp_path):
    found = problems(tmp_path, {"akut.yml": GOOD + "meetings:\n  count: 0\n"})
    assert found == [f for f in found if f.startswith("content/departments/akut.yml:8: meetings.count: ")]


def test_missing_count_everywhere(tmp_path):
    config = "hospital: Regionshospitalet Horsens\n"
    found = problems(tmp_path, {"akut.yml": GOOD}, config=config)
    assert found[0].startswith("content/departments/akut.yml:1: meetings: "), found


@pytest.mark.parametrize("config,start", [
    ("hospital: H\nsite_nmae: X\n", "site_config.yml:2: site_nmae: "),
    ("hospital: H\nsite_url: intra/mentor\n", "site_config.yml:2: site_url: "),
    ("hospital: H\nlanguage: fr\n", "site_config.yml:2: language: "),
    ("site_name: X\n", "site_config.yml:1: hospital: "),
    ("hospital: [H\n", "site_config.yml:"),
])
def test_bad_site_config(tmp_path, config, start):
    found = problems(tmp_path, {"akut.yml": GOOD}, config=config)
    assert found[0].startswith(start), found


def test_the_command_lists_problems_without_traceback_and_fails(tmp_path):
    make_project(tmp_path, {"akut.yml": GOOD + "leder: x\n", "radiologi.yml": "name: [\n"})
    result = handbook("validate", "--no-pdf", cwd=tmp_path, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/departments/akut.yml:7: leder: ukendt nøgle 'leder'; mente du 'leader'?")
    assert lines[1].startswith("content/departments/radiologi.yml:")
    assert not (tmp_path / "site").exists()


def test_validate_accepts_the_examples():
    result = handbook("validate", cwd=Path(__file__).resolve().parent.parent)
    assert "i orden" in result.stderr


def test_validate_also_checks_form_definitions_and_guide_pages(fresh_project):
    form = fresh_project / "content/forms/dagsorden.yml"
    form.write_text(form.read_text(encoding="utf-8").replace("sections:", "sektioner:", 1), encoding="utf-8")
    page = fresh_project / "content/guide/da/roller.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ dept.lederen }}\n", encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "content/forms/dagsorden.yml:" in result.stderr and "sektioner" in result.stderr
    form.write_text(form.read_text(encoding="utf-8").replace("sektioner:", "sections:", 1), encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0].startswith("content/guide/da/roller.md:")
    assert "lederen" in result.stderr


@pytest.mark.parametrize("written", ["yes", "42", "07777777", "78:42:50:00", "1_000", "0x1F", "2024-01-01", "on"])
def test_text_is_read_as_written_whatever_yaml_11_makes_of_it(tmp_path, written):
    text = GOOD.replace("name: Akutafdelingen", f"name: {written}").replace(
        "  email: mette.hansen@example.dk", "  email: mette.hansen@example.dk\n  phone: 07777777")
    project = load_project(make_project(tmp_path, {"akut.yml": text}))
    assert not project.broken, project.broken
    department = project.department("akut")
    assert department.name == written and department.leader.phone == "07777777"


def test_a_phone_written_with_colons_is_kept_as_written_and_checked_as_a_phone(tmp_path):
    text = GOOD.replace("  email: mette.hansen@example.dk", "  phone: 78:42:50:00")
    found = problems(tmp_path, {"akut.yml": text})
    assert found == ["content/departments/akut.yml:4: leader.phone: '78:42:50:00' er ikke et telefonnummer "
                     "(forventet: mindst fire cifre, gerne med mellemrum, og evt. et lokalnummer i parentes, fx "
                     "\"7842 5000\", \"+45 7842 5000\", \"7842 5000 (lokal 5011)\" eller \"5011\")"]


@pytest.mark.parametrize("word, value", [("ja", True), ("nej", False), ("Ja", True), ("true", True), ("false", False)])
def test_ja_and_nej_are_yes_and_no(tmp_path, word, value):
    project = load_project(make_project(tmp_path, {"akut.yml": GOOD + f"mentor_is_intro_responsible: {word}\n"}))
    assert project.department("akut").mentor_is_intro_responsible is value


# Phones as people write them (issue 21): shown as written; a tel: link where the number can be called.
PHONES = {
    "7842 5000": "tel:+4578425000",
    "78 42 50 00": "tel:+4578425000",
    "7842-5000": "tel:+4578425000",
    "+45 7842 5000": "tel:+4578425000",
    "+46 8 123 456 78": "tel:+46812345678",
    "7842 5000 (lokal 5011)": "tel:+4578425000",
    "7842 5000, lokal 5011": "tel:+4578425000",
    "5011": None,
    "2 5011": None,
}


@pytest.mark.parametrize("written, link", PHONES.items())
def test_a_phone_is_shown_as_written_and_called_where_it_can_be(tmp_path, written, link):
    text = GOOD + f'  phone: "{written}"\n'
    project = load_project(make_project(tmp_path, {"akut.yml": text}))
    assert not project.broken, project.broken
    person = project.department("akut").intro_responsible[0]
    assert person.phone == written
    assert (f"tel:{person.tel}" if person.tel else None) == link


def test_an_unquoted_internal_number_is_a_phone(tmp_path):
    project = load_project(make_project(tmp_path, {"akut.yml": GOOD + "  phone: 5011\n"}))
    assert not project.broken, project.broken
    assert project.department("akut").intro_responsible[0].phone == "5011"


@pytest.mark.parametrize("written", ["501", "ring til mig", "7842 5000 (lokal 5011", "7842 5000 ((5011))", "++45 7842 5000",
                                     "7842 5000, 5011, 5012"])
def test_what_is_no_phone_is_told_with_examples(tmp_path, written):
    project = load_project(make_project(tmp_path, {"akut.yml": GOOD + f'  phone: "{written}"\n'}))
    [problem] = [p for p in project.broken if p.field.endswith("phone")]
    assert problem.message.endswith("er ikke et telefonnummer")
    assert "7842 5000 (lokal 5011)" in problem.expected and "5011" in problem.expected


@pytest.mark.parametrize("text, line, field, read_as", [
    ("welcome:\n  Kære nye kollega: velkommen\n", 7, "welcome", "nøgler, fordi der står et kolon efter 'Kære nye kollega'"),
    ("unit:\n  - Afsnit 1\n", 7, "unit", "en liste, fordi en linje starter med '- '"),
    ("meetings:\n  count: 4\n  place:\n    Mødelokale: 3\n", 9, "meetings.place", "nøgler, fordi der står et kolon efter"),
])
def test_a_text_read_as_keys_or_a_list_says_what_to_write_instead(tmp_path, text, line, field, read_as):
    found = problems(tmp_path, {"akut.yml": GOOD + text})
    [problem] = [p for p in found if f": {field}: " in p]
    assert problem.startswith(f"content/departments/akut.yml:{line}: {field}: teksten er læst som {read_as}"), problem
    name = field.split(".")[-1]
    assert f"(forventet: '{name}: |' og teksten på linjerne under, rykket to mellemrum ind" in problem


def test_a_forgotten_colon_after_a_key_is_named(tmp_path):
    text = GOOD.replace("  name: Mette Hansen\n  email: mette.hansen@example.dk\n", "  name Mette Hansen\n")
    found = [p for p in problems(tmp_path, {"akut.yml": text}) if ": leader: " in p]
    assert found == ["content/departments/akut.yml:2: leader: YAML læser 'name Mette Hansen' som én tekst; der mangler et "
                     "kolon efter 'name' (forventet: 'name: ' og værdien, på hver sin linje under 'leader:', rykket to "
                     "mellemrum ind)"]
