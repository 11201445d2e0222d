"""The support cards page: four cards with the guide's text and the department's people and rules,
department text shown as text, a QR code to the handbook, and one A5 page a card when printed."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pypdf
import pytest
import segno

from conftest import ROOT, handbook
from generator.inputs.catalog import SOURCE
from generator.inputs.models import Department, SiteConfig
from generator.inputs.project import load_project
from generator.pdf.maker import PdfMaker
from generator.render import cards
from generator.render.agenda import agenda_points
from generator.render.links import handbook_url
from generator.render.templating import own_environment
from generator.templating import Numbers

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

PROJECT = load_project(ROOT / "site_config.yml")
EXAMPLES = PROJECT.departments
AGENDA = agenda_points(PROJECT.main.forms)
count = Numbers(SOURCE).count
AGENDA_POINTS = ["Det, der fylder lige nu", "Dialog om planlagt tema", "Opsamling", "Feedback", "Næste møde"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

EVIL = "<b>Fed</b> & <script>alert(1)</script> {{ 7*7 }}"


def department(name: str = "Testafdelingen", slug: str = "test", **extra) -> Department:
    data = {"name": name, "leader": {"name": "Mette Hansen", "title": "Afdelingssygeplejerske"},
            "intro_responsible": [{"name": "Jonas Berg"}],
            "meetings": {"count": 5, "first_within_days": 21, "interval_weeks": 3, "duration_minutes": 45,
                         "place": "Mødelokale 3"}}
    data.update(extra)
    return Department.model_validate(data, context={"slug": slug})


def cards_of(page: str) -> list[str]:
    return re.findall(r'<article class="hb-card\b.*?</article>', page, flags=re.S)


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("dept", EXAMPLES, ids=lambda d: d.slug)
def test_cards_page_has_the_four_cards_with_the_departments_people_and_rules(site, dept):
    page = (site / dept.slug / "stoettekort.html").read_text(encoding="utf-8")
    onboarding, agenda, agreement, own = (text(card) for card in cards_of(page))
    for heading in ("Hvorfor?", "Hvad?", "Hvordan?", "Støtteredskaber"):
        assert heading in onboarding
    for phase in ("Forberedelsesfasen", "Opstartsfasen", "Læringsfasen", "Afslutningsfasen"):
        assert phase in onboarding
    assert [p for p in AGENDA_POINTS if p in agenda] == AGENDA_POINTS
    for section in ("Formål med mentorordningen", "Rammer", "Spilleregler om", "Læringsbehov", "Metoder"):
        assert section in agreement
    assert dept.name in own and dept.leader.name in own
    assert all(person.name in own for person in dept.intro_responsible)
    assert all(person.name in own for person in dept.mentors)
    assert count(dept.meetings.first_within_days, "dag", "dage") in own
    assert count(dept.meetings.count, "mentormøde", "mentormøder", neuter=True).capitalize() in own
    assert count(dept.meetings.duration_minutes, "minut", "minutter", neuter=True) in own
    if dept.meetings.place:
        assert dept.meetings.place in own


@pytest.mark.parametrize("dept", EXAMPLES, ids=lambda d: d.slug)
def test_qr_code_on_the_page_encodes_the_departments_url(site, dept):
    page = (site / dept.slug / "stoettekort.html").read_text(encoding="utf-8")
    url = f"{PROJECT.config.site_url}{dept.slug}/"
    # The path of segno's SVG is the code's module matrix: equal paths, equal payload.
    expected = re.search(r' d="([^"]+)"', segno.make(url, error="m", micro=False).svg_inline(border=4)).group(1)
    paths = re.findall(r'<svg[^>]*class="hb-qr".*?<path[^>]* d="[^"]+"/><path[^>]* d="([^"]+)"', page, flags=re.S)
    assert paths and set(paths) == {expected}
    assert url in text(page)


def test_no_qr_code_without_site_url():
    config = SiteConfig.model_validate({"hospital": "Regionshospitalet Horsens"})
    block = str(cards.cards_block(own_environment(SOURCE), department(), config, AGENDA, "md-button", PROJECT.main))
    assert len(cards_of(block)) == 4
    assert "<svg" not in block


def test_department_html_on_the_cards_is_text_never_markup():
    config = SiteConfig.model_validate({"hospital": "Regionshospitalet <i>Horsens</i>",
                                        "site_url": "https://intra.example.dk/mentorordning/"})
    dept = department(EVIL, leader={"name": "<img src=x onerror=alert(1)>"}, meetings={"count": 4, "place": "<u>3</u>"})
    block = str(cards.cards_block(own_environment(SOURCE), dept, config, AGENDA, "md-button", PROJECT.main))
    assert "<script>" not in block and "<b>" not in block and "<img" not in block and "<u>" not in block
    assert "&lt;b&gt;Fed&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in block
    assert "49" not in text(block)
    assert EVIL in text(block) and "<img src=x onerror=alert(1)>" in text(block)


def test_department_html_on_the_built_cards_page_and_pdf_is_text(fresh_project, tmp_path):
    folder = fresh_project / "content" / "departments"
    source = (folder / f"{EXAMPLES[0].slug}.yml").read_text(encoding="utf-8")
    name_line = next(line for line in source.splitlines() if line.startswith("name:"))
    quoted = EVIL.replace("\\", "\\\\").replace('"', '\\"')
    (folder / "html-i-navnet.yml").write_text(source.replace(name_line, f'name: "{quoted}"', 1), encoding="utf-8")
    handbook("build", "--only", "html-i-navnet", "--no-pdf", "--jobs", "1", cwd=fresh_project)
    page = (fresh_project / "site" / "html-i-navnet" / "stoettekort.html").read_text(encoding="utf-8")
    cards_html = "".join(cards_of(page))
    assert "<script>alert(1)" not in page and "<b>Fed</b>" not in page
    assert EVIL in text(cards_html)

    project = load_project(fresh_project / "site_config.yml")
    pdf_path = tmp_path / "stoettekort.pdf"
    dept = project.department("html-i-navnet")
    url = handbook_url(dept, project.config)
    document = cards.cards_document(own_environment(SOURCE), dept, project.config, AGENDA,
                                    cards.handbook_qr(url, SOURCE), url, SOURCE)
    PdfMaker(project, project.main, tmp_path / "fonts").cards_pdf(document, pdf_path)
    own_card = " ".join(pypdf.PdfReader(pdf_path).pages[3].extract_text().split())
    assert "<script>alert(1)</script> {{ 7*7 }}" in own_card


def test_a_department_with_many_people_still_gets_one_card_a_page(tmp_path):
    people = [{"name": f"Person Nummer {i} Med Et Langt Navn", "title": "Klinisk vejleder og underviser",
               "email": f"person{i}@example.dk", "phone": "7842 5000"} for i in range(8)]
    dept = department("Afdelingen for Meget Lange Afdelingsnavne og Mange Mennesker", intro_responsible=people,
                      mentors=people,
                      roles=[{"title": f"Rolle {i}", "name": f"Navn {i}", "email": f"r{i}@example.dk"} for i in range(6)])
    target = tmp_path / "stoettekort.pdf"
    url = handbook_url(dept, PROJECT.config)
    document = cards.cards_document(own_environment(SOURCE), dept, PROJECT.config, AGENDA,
                                    cards.handbook_qr(url, SOURCE), url, SOURCE)
    PdfMaker(PROJECT, PROJECT.main, tmp_path / "fonts").cards_pdf(document, target)
    assert len(pypdf.PdfReader(target).pages) == len(cards_of(document.html)) == document.cards >= 4


BIG_MENTORS = [{"name": f"Mentor Nummer {i} Andersen-Kristoffersen", "profession": "Sygeplejerske",
                "email": f"mentor{i}@example.dk", "phone": "7842 5000"} for i in range(40)]
BIG_ROLES = [{"title": f"Lokal nøglerolle nummer {i}", "name": f"Rollehaver Nummer {i} Jensen",
              "email": f"rolle{i}@example.dk"} for i in range(30)]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """The example project with one department far bigger than a card (40 mentors, 30 local roles), built."""
    import yaml

    from conftest import copy_project

    project = tmp_path_factory.mktemp("big") / "project"
    copy_project(project)
    data = {"name": "Den Store Afdeling", "leader": {"name": "Mette Hansen", "title": "Afdelingssygeplejerske"},
            "intro_responsible": [{"name": "Jonas Berg"}], "mentors": BIG_MENTORS, "roles": BIG_ROLES}
    (project / "content/departments/stor.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    handbook("build", "--only", "stor", "--jobs", "1", cwd=project)
    return project / "site" / "stor"


def test_a_department_bigger_than_a_card_continues_on_further_cards(big_site):
    page = (big_site / "stoettekort.html").read_text(encoding="utf-8")
    printed = cards_of(page)
    assert len(printed) > 4
    assert all("Støttekort 4 af 4, fortsat" in card for card in printed[4:])
    everyone = text("".join(printed[3:]))
    assert all(p["name"] in everyone for p in BIG_MENTORS) and all(r["name"] in everyone for r in BIG_ROLES)
    pdf = pypdf.PdfReader(big_site / "pdf" / "stoettekort.pdf")
    assert len(pdf.pages) == len(printed)   # one card a page, the continuations included
    words = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert all("støttekort 4 af 4, fortsat" in w.casefold() for w in words[4:])
    squeezed = "".join(words[3:]).replace(" ", "")   # a name may break over two lines
    assert all(p["name"].replace(" ", "") in squeezed for p in BIG_MENTORS + BIG_ROLES)


def test_a_big_departments_pre_arrival_pack_lists_everyone_two_a_row_within_six_pages(big_site):
    """The pre-arrival pack's two-column lists run over page breaks, row by row, and leave nobody out."""
    pdf = pypdf.PdfReader(big_site / "pdf" / "foer-du-starter.pdf")
    assert len(pdf.pages) <= 6
    squeezed = "".join(page.extract_text() for page in pdf.pages).replace(" ", "").replace("\n", "")
    assert all(p["name"].replace(" ", "") in squeezed for p in BIG_MENTORS + BIG_ROLES)
    if shutil.which("pdftotext"):   # poppler-utils, which .ci/run installs: text as laid out on the page
        laid_out = subprocess.run(["pdftotext", "-layout", str(big_site / "pdf" / "foer-du-starter.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout
        # Two mentors side by side: mentor 0 and mentor 1 start the same row.
        assert any("Mentor Nummer 0" in line and "Mentor Nummer 1 " in line for line in laid_out.splitlines())


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_the_browser_prints_a_big_department_one_card_a_page(big_site, tmp_path):
    target = tmp_path / "print.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={target}", (big_site / "stoettekort.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    printed = cards_of((big_site / "stoettekort.html").read_text(encoding="utf-8"))
    words = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(target).pages]
    assert len(words) == len(printed)
    assert all("fortsat" in w.casefold() for w in words[4:])
    squeezed = "".join(words[3:]).replace(" ", "")   # a name may break over two lines
    assert all(p["name"].replace(" ", "") in squeezed for p in BIG_MENTORS + BIG_ROLES)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("dept", EXAMPLES, ids=lambda d: d.slug)
def test_browser_print_gives_one_a5_page_a_card_and_no_site_chrome(site, dept, tmp_path):
    target = tmp_path / "print.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={target}", (site / dept.slug / "stoettekort.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    pdf = pypdf.PdfReader(target)
    assert len(pdf.pages) == 4
    for number, page in enumerate(pdf.pages, start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (420, 595)
        words = " ".join(page.extract_text().split()).casefold()
        assert f"støttekort {number} af 4" in words
        assert "søg" not in words.split() and "indholdsfortegnelse" not in words   # no header, no sidebars
