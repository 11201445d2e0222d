"""Building the examples: every promised page, the department's own people and numbers on the right pages."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, handbook
from generator.inputs.catalog import SOURCE
from generator.inputs.project import load_project
from generator.templating import Numbers

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

PAGES = ["index", "foer-du-starter", "mentorordning", "faser", "roller", "samarbejdsaftale", "dagsorden",
         "evaluering", "stoettekort", "ny-medarbejder"]

EXAMPLES = load_project(ROOT / "site_config.yml").departments


def text_of(path: Path) -> str:
    """The page's visible text, roughly: tags dropped, entities decoded, spaces collapsed."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index('<article class="md-content__inner'):page.index("</article>")]


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_every_promised_page_is_built(site, department):
    for page in PAGES:
        assert (site / department.slug / f"{page}.html").is_file(), page


def test_portal_lists_every_department_with_unit_and_leader(site):
    portal = (site / "index.html").read_text(encoding="utf-8")
    text = text_of(site / "index.html")
    for department in EXAMPLES:
        assert f'href="{department.slug}/index.html"' in portal
        assert department.name in text and department.leader.name in text
        if department.unit:
            assert department.unit in text


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_people_are_on_the_roles_page(site, department):
    roles = text_of(site / department.slug / "roller.html")
    for person in [department.leader, *department.intro_responsible, *department.mentors]:
        assert person.name in roles
    for role in department.roles:
        assert role.title in roles
        for duty in role.duties:
            assert duty in roles


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_numbers_are_on_the_phases_page(site, department):
    """In running text the numbers one to twelve are words (count, every: tested in test_wording)."""
    phases = text_of(site / department.slug / "faser.html")
    meetings = department.meetings
    assert Numbers(SOURCE).count(meetings.first_within_days, "dag", "dage") in phases
    assert Numbers(SOURCE).count(meetings.count, "møde", "møder", neuter=True).capitalize() + " à" in phases
    assert Numbers(SOURCE).count(meetings.duration_minutes, "minut", "minutter", neuter=True) in phases
    assert Numbers(SOURCE).every_weeks(meetings.interval_weeks) in phases
    if meetings.place:
        assert meetings.place in phases


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_pre_arrival_page_has_the_departments_items(site, department):
    page = text_of(site / department.slug / "foer-du-starter.html")
    for item in department.pre_arrival:
        assert item.title in page
    assert department.leader.name in page


def test_front_page_has_welcome_and_start_paths(site):
    department = next(d for d in EXAMPLES if d.welcome and "**" in d.welcome)
    page = (site / department.slug / "index.html").read_text(encoding="utf-8")
    # The welcome's Markdown emphasis arrives as emphasis, inside the page's article.
    welcome = article(site / department.slug / "index.html")
    assert re.search(r"<em>[^<]+</em>", welcome) and re.search(r"<strong>[^<]+</strong>", welcome)
    for target in ("foer-du-starter.html", "roller.html", "samarbejdsaftale.html"):
        assert f'href="{target}' in page


def test_defaults_fill_in_for_a_department_without_meetings(site):
    config = load_project(ROOT / "site_config.yml").config
    plain = next(d for d in EXAMPLES if "meetings" not in (ROOT / "content/departments" / f"{d.slug}.yml").read_text())
    assert plain.meetings.count == config.defaults.meetings.count
    meetings = Numbers(SOURCE).count(plain.meetings.count, "møde", "møder", neuter=True)
    assert meetings.capitalize() in text_of(site / plain.slug / "faser.html")


def test_pages_are_danish_and_link_to_html_files_and_the_portal(site):
    page = (site / EXAMPLES[0].slug / "faser.html").read_text(encoding="utf-8")
    assert '<html lang="da"' in page
    assert 'href="roller.html"' in page
    assert 'class="hb-portal-link" href="../index.html"' in page


# What a browser fetches by itself: scripts, images, frames, and links that are style sheets, icons or preloads.
OUTSIDE = re.compile(r"""<(?:script|img|iframe|source|link(?![^>]*rel="(?:canonical|alternate)"))\b[^>]*\b"""
                     r"""(?:src|href)=["'](?:https?:)?//""", re.I)


def test_no_page_loads_anything_from_outside(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not OUTSIDE.search(text), (page, OUTSIDE.search(text).group())
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, page


def test_without_a_site_url_nothing_points_outside_either(fresh_project):
    config = fresh_project / "site_config.yml"
    config.write_text("".join(line for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("site_url:")), encoding="utf-8")
    handbook("build", "--no-pdf", cwd=fresh_project)
    for page in (fresh_project / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not OUTSIDE.search(text), (page, OUTSIDE.search(text).group())
    not_found = (fresh_project / "site" / EXAMPLES[0].slug / "404.html").read_text(encoding="utf-8")
    assert 'href="/assets/stylesheets/handbook.css"' in not_found


def test_search_works_without_a_server(site):
    slug = EXAMPLES[0].slug
    index_js = (site / slug / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index_js.startswith("var __index =")
    data = json.loads(index_js.removeprefix("var __index ="))
    assert data["config"]["lang"] == ["da"]
    assert any(doc["location"].startswith("roller.html") for doc in data["docs"])


def test_schema_command_matches_the_committed_schema():
    result = subprocess.run([sys.executable, "-m", "generator", "schema"], capture_output=True, text=True, check=True)
    schema = json.loads(result.stdout)
    assert schema["properties"]["name"]["description"] == "Afdelingens navn, fx Akutafdelingen"
    assert schema["additionalProperties"] is False
    assert result.stdout == (ROOT / "content/departments/department.schema.json").read_text(encoding="utf-8")


def test_new_writes_a_commented_file_that_validates_and_never_overwrites(fresh_project):
    result = handbook("new", "jordemoderafdelingen", "--name", "Jordemoder: fødeafsnit #1", cwd=fresh_project)
    target = fresh_project / "content/departments/jordemoderafdelingen.yml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=department.schema.json")
    assert "# Lederen" in text
    assert "jordemoderafdelingen" in result.stderr
    department = load_project(fresh_project / "site_config.yml").department("jordemoderafdelingen")
    assert department.name == "Jordemoder: fødeafsnit #1"
    again = handbook("new", "jordemoderafdelingen", "--name", "X", cwd=fresh_project, check=False)
    assert again.returncode != 0 and "overskrives ikke" in again.stderr
    assert target.read_text(encoding="utf-8") == text


def test_new_refuses_a_bad_slug(fresh_project):
    result = handbook("new", "Jordemoder Afd", "--name", "X", cwd=fresh_project, check=False)
    assert result.returncode != 0 and "små bogstaver" in result.stderr
    assert "Traceback" not in result.stderr


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("breakage", ["bad department", "broken guide link", "template error"])
def test_a_failed_build_leaves_the_published_site_byte_identical(built_project, breakage):
    before = tree_digest(built_project / "site")
    if breakage == "bad department":
        path = built_project / "content/departments" / f"{EXAMPLES[0].slug}.yml"
        path.write_text(path.read_text(encoding="utf-8") + "leder: x\n", encoding="utf-8")
    elif breakage == "broken guide link":
        path = built_project / "content/guide/da/faser.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n[væk](findes-ikke.md)\n", encoding="utf-8")
    else:
        path = built_project / "content/guide/da/roller.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n{{ dept.no_such_thing }}\n", encoding="utf-8")
    result = handbook("build", "--no-pdf", cwd=built_project, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert tree_digest(built_project / "site") == before
    assert sorted(p.name for p in built_project.iterdir()) == sorted(
        [".cache", "content", "site", "site_config.yml", "theme"])


def test_only_rebuilds_one_department_and_keeps_the_rest(built_project):
    first, second = EXAMPLES[0].slug, EXAMPLES[1].slug
    kept = tree_digest(built_project / "site" / second)
    path = built_project / "content/departments" / f"{first}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(EXAMPLES[0].leader.name, "Ny Leder Nielsen"),
                    encoding="utf-8")
    handbook("build", "--no-pdf", "--only", first, cwd=built_project)
    assert "Ny Leder Nielsen" in text_of(built_project / "site" / first / "roller.html")
    assert tree_digest(built_project / "site" / second) == kept
    assert "Ny Leder Nielsen" in text_of(built_project / "site" / "index.html")


def test_unknown_only_slug_is_refused(fresh_project):
    result = handbook("build", "--only", "findes-ikke", cwd=fresh_project, check=False)
    assert result.returncode != 0 and "findes-ikke" in result.stderr and "Traceback" not in result.stderr


def test_ejected_project_builds_with_plain_mkdocs_into_the_same_pages(site, tmp_path):
    slug = EXAMPLES[0].slug
    handbook("eject", slug, str(tmp_path / "ejected"), cwd=site.parent)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict"], cwd=tmp_path / "ejected", check=True, capture_output=True)
    ejected = tmp_path / "ejected" / "site"
    site_path = urlsplit(load_project(ROOT / "site_config.yml").config.site_url).path
    for page in [*PAGES, "404"]:
        # The one difference: our handbooks share the theme's assets one folder up.
        ours = (site / slug / f"{page}.html").read_text(encoding="utf-8")
        ours = ours.replace('"../assets/', '"assets/').replace(f'"{site_path}assets/', f'"{site_path}{slug}/assets/')
        assert ours == (ejected / f"{page}.html").read_text(encoding="utf-8"), page
    assert (site / slug / "search/search_index.json").read_bytes() == (ejected / "search/search_index.json").read_bytes()
    assert (ejected / "assets/stylesheets/handbook.css").is_file() and not (site / slug / "assets").exists()


def test_eject_refuses_a_folder_in_use(site, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "keep.txt").write_text("x")
    result = handbook("eject", EXAMPLES[0].slug, str(tmp_path / "used"), cwd=site.parent, check=False)
    assert result.returncode != 0 and "ikke tom" in result.stderr


def test_a_non_editable_install_has_every_file_the_build_reads(tmp_path, fresh_project):
    """`pip install .` copies the package: every template, style sheet and script must go with it."""
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(ROOT)], check=True, capture_output=True)
    installed = target / "generator"
    assert not (installed / "__editable__").exists()
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--only", EXAMPLES[0].slug, "--jobs", "1"],
                            cwd=fresh_project, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(target)})
    assert result.returncode == 0, result.stderr
    assert "installed/generator" in subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=fresh_project, capture_output=True,
        text=True, env={**os.environ, "PYTHONPATH": str(target)}).stdout
    site = fresh_project / "site" / EXAMPLES[0].slug
    assert 'data-handbook-form="samarbejdsaftale"' in (site / "samarbejdsaftale.html").read_text(encoding="utf-8")
    assert (site / "pdf" / "stoettekort.pdf").is_file() and (site / "pdf" / "dagsorden.pdf").is_file()
    assert (site / "pdf" / "foer-du-starter.pdf").is_file()


# ---------------------------------------------------------------- what a careful reader notices (issue 12)


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_no_page_has_two_elements_with_one_id(site, department):
    for path in sorted((site / department.slug).glob("*.html")):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        assert sorted({i for i in ids if ids.count(i) > 1}) == [], path.name


def test_texts_say_what_the_guide_says(site):
    akut = site / "akutafdelingen"
    roles = text_of(akut / "roller.html")
    # The guide's own words for the mentor; no rules of the hospital the guide does not have.
    assert "har overblik over udviklingstendenser og nye metoder" in roles
    assert "overordnede ansvar" not in roles
    for department in EXAMPLES:
        for page in ("roller", "foer-du-starter"):
            text = text_of(site / department.slug / f"{page}.html")
            assert f"{department.leader.name} sætter" not in text and f"{department.leader.name} finder" not in text
    evaluation = text_of(akut / "evaluering.html")
    assert "de næste" not in evaluation and "sendes aldrig nogen steder hen" in evaluation
    agreement = text_of(akut / "samarbejdsaftale.html")
    assert "At sikre en effektiv ramme for dialogen med den nye medarbejder" in agreement
    assert "henter målene herfra" not in agreement
    cards = text_of(akut / "stoettekort.html")
    assert "på fire kort" in cards and "fx at sikre en effektiv ramme" in cards.lower()


def test_danish_as_a_reader_would_write_it(site):
    akut = site / "akutafdelingen"
    everything = " ".join(text_of(p) for p in sorted(akut.glob("*.html")))
    for wrong in ("struktur på", "I opstartsmødet", "Holdt aftalerne?", "sat fri", "hun eller han", "Det der fylder",
                  "Ideer", "ideer", "Afdelingssygeplejerske (Sygeplejerske)", "I Akutafdelingen", "i Akutafdelingen",
                  "Spilleregler om Hvordan", "jer? Fx"):
        assert wrong not in everything, wrong
    for right in ("strukturerer de introduktions- og oplæringsforløbet", "Har I holdt aftalerne?",
                  "værdsat for sine kompetencer", "Det, der fylder lige nu", "Idéer til læringsmål",
                  "Afdelingssygeplejerske · ", "På Akutafdelingen", "Spilleregler om jeres samtaler"):
        assert right in everything, right
    assert "Ingen afdelinger passer til søgningen." in (site / "index.html").read_text(encoding="utf-8")
    script = (site / "assets" / "javascripts" / "handbook.js").read_text(encoding="utf-8")
    assert "Der er ikke gemt en samarbejdsaftale med læringsmål i denne browser" in script


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_404_page_is_danish_with_a_labelled_search_field(site, department):
    page = (site / department.slug / "404.html").read_text(encoding="utf-8")
    assert "<title>Siden findes ikke" in page and "<h1>Siden findes ikke</h1>" in page
    assert "Not found" not in page
    assert re.search(r'<label for="hb-notfound-query">[^<]+</label>', page)
    assert 'id="hb-notfound-query"' in page


# The menu's groups, one for each kind of reader (issue 19, point 6), and their pages in order.
MENU = [("Ny medarbejder", ["index.html", "foer-du-starter.html"]),
        ("Mentorordningen", ["mentorordning.html", "faser.html", "roller.html"]),
        ("Mentor og mentee", ["samarbejdsaftale.html", "dagsorden.html", "evaluering.html", "stoettekort.html"]),
        ("Leder og introduktionsansvarlig", ["ny-medarbejder.html"])]
NEW_HIRES_PAGES = ["index.html", "foer-du-starter.html"]


def menu_of(page: str) -> list[tuple[str, list[str]]]:
    """The primary menu's groups and the pages linked under each, in order."""
    nav = page[page.index("md-nav--primary"):page.index("md-sidebar--secondary")]
    groups: list[tuple[str, list[str]]] = []
    for section in nav.split("md-nav__item--section")[1:]:
        title = re.search(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', section).group(1)
        pages = list(dict.fromkeys(re.findall(r'href="([a-z0-9-]+\.html)"', section)))
        groups.append((html.unescape(title), pages))
    return groups


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_the_menu_is_grouped_by_reader_and_next_never_leads_a_new_hire_to_the_leaders_page(site, department):
    for name in PAGES:
        page = (site / department.slug / f"{name}.html").read_text(encoding="utf-8")
        assert menu_of(page) == MENU, name
    for name in NEW_HIRES_PAGES:
        page = (site / department.slug / name).read_text(encoding="utf-8")
        following = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next', page).group(1)
        assert following not in ("ny-medarbejder.html",), name
    front = article(site / department.slug / "index.html")
    for anchor, pages in (("start-ny", MENU[0][1][1:] + MENU[1][1]), ("start-mentor", MENU[2][1]),
                          ("start-leder", MENU[3][1])):
        path = front[front.index(f'id="{anchor}"'):]
        path = path[:path.index("<h3", 1)] if "<h3" in path[1:] else path[:path.index("<h2", 1)]
        assert all(f'href="{target}"' in path for target in pages), anchor


def test_an_ejected_project_has_the_same_menu_groups():
    """eject writes mkdocs.yml from the same settings the build uses."""
    from generator.engine import page_style
    from generator.engine.mkdocs.config import mkdocs_config
    from generator.render.handbook import Renderer

    project = load_project(ROOT / "site_config.yml")
    settings = mkdocs_config(Renderer(project, project.main, page_style()).render(EXAMPLES[0]), project, "theme")
    assert "navigation.sections" in settings["theme"]["features"]
    assert [(next(iter(group)), [p.replace(".md", ".html") for p in next(iter(group.values()))])
            for group in settings["nav"]] == MENU


def test_phones_are_shown_as_written_and_linked_where_they_can_be_called(site):
    """An extension after the number is shown and not called; an internal number is shown without a link."""
    for edition, word in (("", "tlf."), ("en/", "tel.")):
        for page in ("roller.html", "foer-du-starter.html"):
            text = article(site / "medicinsk-afdeling" / f"{edition}{page}")
            assert '<a href="tel:+4578426000">7842 6000 (lokal 6021)</a>' in text, (edition, page)
            assert f"{word} 6022" in text and "tel:6022" not in text and "tel:+456022" not in text, (edition, page)
