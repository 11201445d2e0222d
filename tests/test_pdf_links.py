"""Links in the PDFs (issue 18): every link annotation leads to the web, a mail or a phone call, a link in a
department's text to a page or file of the site leads to it at site_url, and anything else is its text alone,
never a file: link into the build machine and never a build stopped by a place the PDF does not have."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pikepdf
import pypdf
import pytest

from conftest import ROOT, copy_project, handbook
from generator.engine import page_style
from generator.inputs.project import load_project
from generator.render.handbook import Renderer

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

PROJECT = load_project(ROOT / "site_config.yml")
SITE_URL = PROJECT.config.site_url
# The pack's reading list links its pages only where they open before the first day (public_url).
READING = ("mentorordning", "faser", "roller", "samarbejdsaftale")
LEAVING = ("http", "https", "mailto", "tel")

# Every kind of link a secretary may write: to a page (as .md or .html, with a place in it), to a file of
# the handbook, to the portal, to a place in the page, out of the site, to the machine's files, to code, to
# the web, a mail and a phone call.
EVERY_LINK = """\
  Læs [faserne](faser.md), [faserne igen](faser.html), [en rolle](roller.html#mentor),
  [dagsordenen](pdf/dagsorden.pdf), [portalen](../index.html), [praktisk](#praktisk), [tom](#),
  [hemmelig](../../../../etc/passwd), [fil](file:///etc/passwd), [script](javascript:alert(1)),
  [web](https://www.example.dk/x?a=1#y), [mail](mailto:a@example.dk), [ring](tel:+4578425000),
  [rod](/etc/passwd), [net](//evil.example/x), [ftp](ftp://example.dk/x), <https://www.example.dk/auto>.
"""
LINKS = f"""\
name: Linkafdelingen
welcome: |
{EVERY_LINK}leader:
  name: Mette Hansen
  email: mette.hansen@example.dk
intro_responsible:
  name: Jonas Berg
meetings:
  count: 3
pre_arrival:
  - title: Første dag
    text: Se [praktisk](#praktisk) og [roller](roller.md#x).
"""
PRACTICAL = """\
practical:
  - title: Parkering
    text: Se [kortet](kort.pdf), [forsiden](./) og [data](data:text/html,x).
"""
ALWAYS = {"https://www.example.dk/x?a=1#y", "mailto:a@example.dk", "tel:+4578425000", "https://www.example.dk/auto",
          "mailto:mette.hansen@example.dk"}


def link_uris(path: Path) -> list[str]:
    """The target of every link annotation in the PDF, asserting that each leaves it for a URI (no /Dest)."""
    uris = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                action = annotation.get("/A")
                assert "/Dest" not in annotation and action is not None, (path, number)
                assert action.get("/S") == "/URI", (path, number, action.get("/S"))
                uris.append(str(action.URI))
        # Nor a URI anywhere else in the file (an outline's or a form's action).
        everywhere = [str(o.URI) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/URI" in o]
    assert set(everywhere) <= set(uris), (path, set(everywhere) - set(uris))
    return uris


def assert_leave_for_the_web_a_mail_or_a_phone(uris: list[str], path: Path) -> None:
    for uri in uris:
        assert urlsplit(uri).scheme in LEAVING and "file:" not in uri, (path, uri)


def test_every_link_in_every_pdf_of_the_examples_leads_to_the_web_a_mail_or_a_phone(site):
    pdfs = sorted(site.glob("*/pdf/*.pdf"))
    assert len(pdfs) == 5 * len(PROJECT.departments)
    for path in pdfs:
        assert_leave_for_the_web_a_mail_or_a_phone(link_uris(path), path)
    for department in PROJECT.departments:
        url = f"{SITE_URL}{department.slug}/"
        people = [department.leader, *department.intro_responsible, *department.mentors, *department.roles]
        expected = {url, *(f"mailto:{person.email}" for person in people if person.email),
                    *(tel(person.phone) for person in people if person.phone and tel(person.phone))}
        assert set(link_uris(site / department.slug / "pdf" / "foer-du-starter.pdf")) == expected, department.slug
        for name in ("stoettekort", "samarbejdsaftale", "dagsorden", "evaluering"):
            assert link_uris(site / department.slug / "pdf" / f"{name}.pdf") == [], (department.slug, name)


def tel(phone: str) -> str | None:
    """A phone's link as issue 21 says: the number before any extension; written with "+", its digits as
    written; eight digits, +45 before them; fewer (an internal extension), no link."""
    number = re.split(r"\s*[(,]", phone)[0]
    digits = re.sub(r"[^0-9]", "", number)
    if number.startswith("+"):
        return f"tel:+{digits}"
    return f"tel:+45{digits}" if len(digits) == 8 else None


def build_links(project: Path, site_url: bool, practical: bool) -> Path:
    config = project / "site_config.yml"
    if not site_url:
        config.write_text("".join(line for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
                                  if not line.startswith("site_url:")), encoding="utf-8")
    (project / "content/departments/links.yml").write_text(LINKS + (PRACTICAL if practical else ""),
                                                           encoding="utf-8")
    handbook("build", "--only", "links", "--jobs", "1", cwd=project)
    return project / "site" / "links"


def test_a_departments_links_lead_to_the_site_at_its_address_and_nowhere_else(fresh_project):
    built = build_links(fresh_project, site_url=True, practical=True)
    url = f"{SITE_URL}links/"
    for path in sorted((built / "pdf").glob("*.pdf")):
        assert_leave_for_the_web_a_mail_or_a_phone(link_uris(path), path)
    assert set(link_uris(built / "pdf" / "foer-du-starter.pdf")) == ALWAYS | {
        url, f"{url}faser.html", f"{url}roller.html#mentor", f"{url}pdf/dagsorden.pdf", f"{SITE_URL}index.html",
        f"{url}roller.html#x", f"{url}kort.pdf", url}
    # The words of a link that leads nowhere stay, as text.
    text = pdf_text(built / "pdf" / "foer-du-starter.pdf")
    for words in ("praktisk", "tom", "hemmelig", "fil", "script", "rod", "net", "ftp", "data"):
        assert re.search(rf"\b{words}\b", text), words
    # On the page, the links are as they always were: relative, and code made harmless.
    front = (built / "index.html").read_text(encoding="utf-8")
    for href in ("faser.html", "roller.html#mentor", "pdf/dagsorden.pdf", "../index.html", "#praktisk",
                 "../../../../etc/passwd", "https://www.example.dk/x?a=1#y", "tel:+4578425000"):
        assert f'href="{href}"' in front, href
    assert "javascript:" not in front and 'href="file:' not in front


def test_without_a_site_address_only_the_web_mail_and_phone_links_stay(fresh_project):
    # No practical items: [praktisk](#praktisk) names a place that is not there, and the department builds.
    built = build_links(fresh_project, site_url=False, practical=False)
    for path in sorted((built / "pdf").glob("*.pdf")):
        assert_leave_for_the_web_a_mail_or_a_phone(link_uris(path), path)
    assert set(link_uris(built / "pdf" / "foer-du-starter.pdf")) == ALWAYS


@pytest.mark.parametrize("site_url", [True, False], ids=["site_url", "no-site_url"])
def test_no_print_document_holds_a_link_weasyprint_would_resolve_against_its_own_folder(tmp_path, site_url):
    config = copy_project(tmp_path / "project")
    if not site_url:
        config.write_text("".join(line for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
                                  if not line.startswith("site_url:")), encoding="utf-8")
    (config.parent / "content/departments/links.yml").write_text(LINKS + PRACTICAL, encoding="utf-8")
    project = load_project(config)
    renderer = Renderer(project, project.main, page_style())
    for department in project.departments:
        for name, document in renderer.print_documents(department).items():
            # The one image (the QR code) is data in the document itself.
            for attribute, target in re.findall(r"""\b(href|src)=["']([^"']*)""", document.html):
                allowed = LEAVING if attribute == "href" else ("data",)
                assert urlsplit(target).scheme in allowed, (department.slug, name, attribute, target)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(path).pages)
