"""The loop of whoever keeps a department file: drafts, one broken file blocking no one, plain Danish, warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import handbook
from test_build import EXAMPLES, text_of, tree_digest

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone


def department_file(project: Path, slug: str) -> Path:
    return project / "content/departments" / f"{slug}.yml"


def test_a_new_department_is_a_draft_that_validates_and_is_never_published(fresh_project):
    made = handbook("new", "neonatal", "--name", "Neonatalafsnittet", cwd=fresh_project)
    assert "Skrev" in made.stdout + made.stderr
    assert department_file(fresh_project, "neonatal").read_text(encoding="utf-8").count("\ndraft: true\n") == 1
    checked = handbook("validate", "--no-pdf", cwd=fresh_project)
    assert "content/departments/neonatal.yml:3: draft: bemærk: et udkast" in checked.stderr
    handbook("build", "--no-pdf", "--jobs", "1", cwd=fresh_project)
    site = fresh_project / "site"
    assert not (site / "neonatal").exists()
    portal = (site / "index.html").read_text(encoding="utf-8")
    assert "Neonatalafsnittet" not in portal and "Navn på leder" not in portal
    refused = handbook("build", "--only", "neonatal", cwd=fresh_project, check=False)
    assert refused.returncode == 1 and "udkast" in refused.stderr


def test_a_department_that_is_no_draft_but_holds_the_starter_text_is_refused_at_its_line(fresh_project):
    handbook("new", "neonatal", "--name", "Neonatalafsnittet", cwd=fresh_project)
    path = department_file(fresh_project, "neonatal")
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    assert result.returncode == 1
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "Navn på leder" in row)
    assert f"content/departments/neonatal.yml:{line}: leader.name: 'Navn på leder' er skabelonens tekst" in result.stderr


def test_new_needs_only_site_config_not_the_guide_forms_or_other_departments(fresh_project):
    """A secretary starting a department file is not stopped by a mistake in a file she did not touch."""
    (fresh_project / "content/forms/dagsorden.yml").write_text("title: [\n", encoding="utf-8")
    department_file(fresh_project, EXAMPLES[0].slug).write_text("name: [\n", encoding="utf-8")
    made = handbook("new", "neonatal", "--name", "Neonatalafsnittet", cwd=fresh_project)
    assert "Skrev" in made.stdout + made.stderr
    assert department_file(fresh_project, "neonatal").is_file()
    (fresh_project / "site_config.yml").write_text("hospital: [\n", encoding="utf-8")
    refused = handbook("new", "kirurgi", "--name", "Kirurgi", cwd=fresh_project, check=False)
    assert refused.returncode == 1 and "site_config.yml:" in refused.stderr
    assert not department_file(fresh_project, "kirurgi").exists()


def test_new_refuses_the_reserved_slug_before_writing_anything(fresh_project):
    result = handbook("new", "assets", "--name", "X", cwd=fresh_project, check=False)
    assert result.returncode == 1 and "optaget af sitet selv" in result.stderr
    assert not department_file(fresh_project, "assets").exists()


def test_a_broken_department_keeps_its_last_good_version_while_another_change_is_published(fresh_project):
    handbook("build", "--no-pdf", "--jobs", "1", cwd=fresh_project)
    broken, changed = EXAMPLES[0], EXAMPLES[1]
    site = fresh_project / "site"
    kept_before = tree_digest(site / broken.slug)
    department_file(fresh_project, broken.slug).write_text(
        department_file(fresh_project, broken.slug).read_text(encoding="utf-8") + "leder: x\n", encoding="utf-8")
    path = department_file(fresh_project, changed.slug)
    path.write_text(path.read_text(encoding="utf-8").replace(f"name: {changed.name}", "name: Omdøbt Afdeling", 1),
                    encoding="utf-8")
    result = handbook("build", "--no-pdf", "--jobs", "1", cwd=fresh_project, check=False)
    assert result.returncode == 1
    assert "ukendt nøgle 'leder'; mente du 'leader'?" in result.stderr
    assert f"Ikke udgivet, fordi filen har fejl: {broken.slug}" in result.stderr
    assert tree_digest(site / broken.slug) == kept_before
    assert "Omdøbt Afdeling" in (site / changed.slug / "index.html").read_text(encoding="utf-8")
    portal = (site / "index.html").read_text(encoding="utf-8")
    assert "Omdøbt Afdeling" in portal and broken.name in portal


def test_a_broken_department_that_was_never_published_stays_out(fresh_project):
    department_file(fresh_project, "ny-afdeling").write_text("name: Ny\nleader: [\n", encoding="utf-8")
    result = handbook("build", "--no-pdf", "--jobs", "1", cwd=fresh_project, check=False)
    assert result.returncode == 1
    assert not (fresh_project / "site" / "ny-afdeling").exists()
    assert all((fresh_project / "site" / d.slug / "index.html").is_file() for d in EXAMPLES)


def test_a_failed_build_reads_top_down(built_project):
    """Issue 21: the problems first, then one line of what was published and what was kept, exit status 1;
    nothing "already up to date" before the errors, no "kept for: none"."""
    broken = EXAMPLES[0]
    department_file(built_project, broken.slug).write_text("name: Omdøbt\nleader: [\n", encoding="utf-8")
    department_file(built_project, "ny-afdeling").write_text("name: Ny\nleader: [\n", encoding="utf-8")
    result = handbook("build", "--no-pdf", "--jobs", "1", cwd=built_project, check=False)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert lines[0].startswith("content/departments/"), lines
    assert lines[-1].startswith(f"Ellers er intet ændret i {built_project / 'site'} (")
    assert f"Ikke udgivet, fordi filen har fejl: {broken.slug}, ny-afdeling." in lines[-1]
    assert f"Den sidst udgivne udgave står stadig for: {broken.slug}. Ingen tidligere udgave af: ny-afdeling." in lines[-1]
    assert lines[-1].endswith("Ret fejlene ovenfor og byg igen.")
    assert "allerede opdateret" not in result.stderr and "ingen;" not in result.stderr
    assert not any("Ikke udgivet" in line for line in lines[:-1])


def test_only_validates_just_the_named_department(fresh_project):
    handbook("build", "--no-pdf", "--jobs", "1", cwd=fresh_project)
    department_file(fresh_project, EXAMPLES[0].slug).write_text("name: [\n", encoding="utf-8")
    handbook("build", "--only", EXAMPLES[1].slug, "--no-pdf", "--jobs", "1", cwd=fresh_project)
    portal = (fresh_project / "site" / "index.html").read_text(encoding="utf-8")
    assert all(d.name in portal for d in EXAMPLES)


def test_strict_is_all_or_nothing(fresh_project):
    handbook("build", "--no-pdf", "--jobs", "1", cwd=fresh_project)
    before = tree_digest(fresh_project / "site")
    path = department_file(fresh_project, EXAMPLES[0].slug)
    path.write_text(path.read_text(encoding="utf-8") + "leder: x\n", encoding="utf-8")
    other = department_file(fresh_project, EXAMPLES[1].slug)
    other.write_text(other.read_text(encoding="utf-8").replace(f"name: {EXAMPLES[1].name}", "name: Ny", 1),
                     encoding="utf-8")
    result = handbook("build", "--strict", "--no-pdf", cwd=fresh_project, check=False)
    assert result.returncode == 1 and "intet er ændret" in result.stderr
    assert tree_digest(fresh_project / "site") == before


GOOD = "name: Akut\nleader:\n  name: Mette Hansen\nintro_responsible:\n  name: Jonas Berg\n"


@pytest.mark.parametrize("text, line, words", [
    ("name: Akut\nleader:\n\tname: Mette\n", 3, "tabulator"),
    ("name: Akut\nleader:\n  name: Mette\n title: Leder\n", 4, "indrykningen passer ikke"),
    ("name: Akut\nleader\n  name: Mette\n", 2, "mangler et kolon"),
    ("name: Akut\nleader:\n  name:Mette\n  title: x\n", 3, "mangler et mellemrum efter kolon"),
    ('name: "Akut\nleader:\n  name: Mette\n', 1, "anførselstegn åbnes"),
    (GOOD + "mentors:\n  name: Sara\n", 6, "en liste"),
])
def test_yaml_mistakes_are_told_in_plain_danish_with_their_line(fresh_project, text, line, words):
    department_file(fresh_project, "proeve").write_text(text, encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    lines = [x for x in result.stderr.splitlines() if x.startswith("content/departments/proeve.yml:")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"content/departments/proeve.yml:{line}: ") and words in lines[0]
    assert "found" not in lines[0] and "token" not in lines[0] and "Traceback" not in result.stderr


def test_a_value_starting_with_a_hash_is_not_lost_as_a_comment(fresh_project):
    """`unit: #A2` without quotes: YAML reads a comment; the secretary is told, not given an empty unit."""
    department_file(fresh_project, "proeve").write_text(GOOD + "unit: #A2\n", encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    lines = [x for x in result.stderr.splitlines() if x.startswith("content/departments/proeve.yml:")]
    assert lines == ['content/departments/proeve.yml:6: unit: er tom; et # uden anførselstegn gør resten af linjen '
                     'til en kommentar (forventet: værdien i anførselstegn, fx "#A2")'], result.stderr


def test_a_tab_inside_a_text_block_is_text_not_a_mistake(fresh_project):
    """A secretary pastes a tabbed line into the welcome: YAML reads it, and so must we."""
    department_file(fresh_project, "proeve").write_text(
        GOOD + "welcome: |\n  Kære nye kollega\n  \tSe skemaet herunder.\n", encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project)   # exits 0: no error
    assert "tabulator" not in result.stderr, result.stderr


def test_warnings_and_the_note_are_printed_after_the_errors_and_strict_makes_warnings_errors(fresh_project):
    text = (GOOD + "mentors:\n  - name: Sara Lund\nmentor_is_intro_responsible: ja\n"
            "meetings:\n  count: 4\n  first_within_days: 45\n")
    department_file(fresh_project, "proeve").write_text(text, encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project)
    assert ("content/departments/proeve.yml:8: mentor_is_intro_responsible: advarsel: mentor og "
            "introduktionsansvarlig skal være samme person") in result.stderr
    assert ("content/departments/proeve.yml:11: meetings.first_within_days: advarsel: 1. mentoraftale først "
            "inden for 45 dage") in result.stderr
    plain = next(d for d in EXAMPLES if "meetings" not in department_file(fresh_project, d.slug).read_text("utf-8"))
    assert f"content/departments/{plain.slug}.yml:1: meetings: bemærk:" in result.stderr
    strict = handbook("build", "--strict", "--no-pdf", cwd=fresh_project, check=False)
    assert strict.returncode == 1 and "advarsel" in strict.stderr


def test_the_ejected_project_carries_the_departments_pdfs(project_dir, tmp_path):
    slug = EXAMPLES[0].slug
    handbook("eject", slug, str(tmp_path / "ud"), cwd=project_dir)
    pdfs = sorted(p.name for p in (tmp_path / "ud" / "docs" / "pdf").glob("*.pdf"))
    assert pdfs == sorted(p.name for p in (project_dir / "site" / slug / "pdf").glob("*.pdf")) and pdfs


def test_the_guide_text_follows_a_first_meeting_later_than_a_month(fresh_project):
    slug = EXAMPLES[0].slug
    path = department_file(fresh_project, slug)
    text = path.read_text(encoding="utf-8")
    if "first_within_days:" in text:
        text = "\n".join("  first_within_days: 45" if line.strip().startswith("first_within_days:") else line
                         for line in text.splitlines()) + "\n"
    else:
        text += "meetings:\n  count: 6\n  first_within_days: 45\n"
    path.write_text(text, encoding="utf-8")
    handbook("build", "--only", slug, "--only", EXAMPLES[1].slug, "--no-pdf", "--jobs", "1", cwd=fresh_project)
    phases = text_of(fresh_project / "site" / slug / "faser.html")
    assert "holdes inden for den første måned" not in phases
    assert "1. mentoraftale holdes senest 45 dage efter den første arbejdsdag." in phases
    assert "hospitalets guide siger inden for den første måned" in phases
    assert "mentor og mentee aftaler selv antal møder, varighed, tid og sted under Rammer i samarbejdsaftalen" in phases
    within_a_month = text_of(fresh_project / "site" / EXAMPLES[1].slug / "faser.html")
    assert EXAMPLES[1].meetings.first_within_days <= 30
    assert "1. mentoraftale holdes inden for den første måned" in within_a_month
    assert "hospitalets guide siger" not in within_a_month


LONG_PRACTICAL = "practical:\n" + "".join(
    f"  - title: Punkt {n}\n    text: |\n      " + "Lang tekst om det praktiske. " * 40 + "\n" for n in range(30))


def test_a_department_whose_handbook_cannot_be_made_keeps_its_last_version_and_blocks_no_one(pdf_built_project):
    """A valid file whose pre-arrival pack runs past six pages: that department is left out as a broken one
    (its last published version stays, with its PDFs), the others' changes are published, and the build
    says which and why, with exit code 1. Never published before, it stays out of the site and portal."""
    too_long, changed = EXAMPLES[0], EXAMPLES[1]
    site = pdf_built_project / "site"
    kept_before = tree_digest(site / too_long.slug)
    path = department_file(pdf_built_project, too_long.slug)
    text = path.read_text(encoding="utf-8")
    assert "\npractical:\n" in text
    path.write_text(text.split("\npractical:\n")[0] + "\n" + LONG_PRACTICAL, encoding="utf-8")
    checked = handbook("validate", cwd=pdf_built_project, check=False)   # issue 21: validate says what build says
    assert checked.returncode == 1 and checked.stderr.splitlines()[-1] == \
        f"håndbogen kan ikke laves for: {too_long.slug}."
    assert f"{too_long.slug}: foer-du-starter.pdf fylder" in checked.stderr and "men må højst fylde 6" in checked.stderr
    other = department_file(pdf_built_project, changed.slug)
    other.write_text(other.read_text(encoding="utf-8").replace(f"name: {changed.name}", "name: Omdøbt Afdeling", 1),
                     encoding="utf-8")
    result = handbook("build", "--jobs", "2", cwd=pdf_built_project, check=False)
    assert result.returncode == 1, result.stderr
    assert f"{too_long.slug}: foer-du-starter.pdf fylder" in result.stderr and "men må højst fylde 6" in result.stderr
    assert f"Ikke udgivet, fordi håndbogen ikke kunne laves: {too_long.slug}" in result.stderr
    assert tree_digest(site / too_long.slug) == kept_before
    assert "Omdøbt Afdeling" in (site / changed.slug / "index.html").read_text(encoding="utf-8")
    assert (site / changed.slug / "pdf" / "dagsorden.pdf").is_file()
    portal = (site / "index.html").read_text(encoding="utf-8")
    assert too_long.name in portal and "Omdøbt Afdeling" in portal
    # Tried again, not a no-op; the one made department failing does not hold back what else changed
    # (departments removed: all but these two, which keeps the clean build short), nor does --clean forget
    # what the failing one last was.
    for removed in EXAMPLES[2:]:
        department_file(pdf_built_project, removed.slug).unlink()
    again = handbook("build", "--clean", "--jobs", "2", cwd=pdf_built_project, check=False)
    assert again.returncode == 1 and f"{too_long.slug}: foer-du-starter.pdf fylder" in again.stderr
    for removed in EXAMPLES[2:]:
        assert not (site / removed.slug).exists()
        assert removed.name not in (site / "index.html").read_text(encoding="utf-8")
    assert tree_digest(site / too_long.slug) == kept_before
    only = handbook("build", "--only", too_long.slug, "--only", changed.slug, cwd=pdf_built_project, check=False)
    assert only.returncode == 1
    links = re.findall(r'<a href="([^"/]+)/index\.html">', (site / "index.html").read_text(encoding="utf-8"))
    assert sorted(links) == sorted(set(links)) and too_long.slug in links, links

    new = department_file(pdf_built_project, "ny-afdeling")
    new.write_text(path.read_text(encoding="utf-8").replace(f"name: {too_long.name}", "name: Ny Afdeling", 1),
                   encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    fresh = handbook("build", "--jobs", "2", cwd=pdf_built_project, check=False)
    assert fresh.returncode == 1 and "ny-afdeling: foer-du-starter.pdf fylder" in fresh.stderr
    assert not (site / "ny-afdeling").exists()
    assert "Ny Afdeling" not in (site / "index.html").read_text(encoding="utf-8")
    assert tree_digest(site / too_long.slug) == kept_before   # its own file back as it was: the same bytes


def test_when_every_department_fails_the_build_stops_as_a_whole(pdf_built_project):
    """A cause they share (here a form too long for a page): one message for all, nothing published."""
    before = tree_digest(pdf_built_project / "site")
    form = pdf_built_project / "content/forms/dagsorden.yml"
    form.write_text(form.read_text(encoding="utf-8").replace("lines: 6", "lines: 40"), encoding="utf-8")
    result = handbook("build", "--jobs", "2", cwd=pdf_built_project, check=False)
    assert result.returncode == 1
    assert "dagsorden.pdf: et møde fylder mere end én side" in result.stderr
    assert "Intet er ændret i det udgivne site." in result.stderr
    assert tree_digest(pdf_built_project / "site") == before


def test_validate_checks_just_the_departments_it_is_given(fresh_project):
    """`handbook validate SLUG`: that department (and the site-wide files), no other department's notes."""
    department_file(fresh_project, EXAMPLES[1].slug).write_text("name: [\n", encoding="utf-8")
    one = handbook("validate", "--no-pdf", EXAMPLES[0].slug, cwd=fresh_project)
    assert "Alt er i orden: 1 afdeling(er)." in one.stdout + one.stderr
    assert all(line.startswith(f"content/departments/{EXAMPLES[0].slug}.yml:") for line in one.stderr.splitlines()
               if line.startswith("content/departments/"))
    unknown = handbook("validate", "ukendt", cwd=fresh_project, check=False)
    assert unknown.returncode == 1 and "ukendt afdeling: ukendt" in unknown.stderr   # as build --only says it
