"""The pre-arrival document (foer-du-starter.pdf) as render/ hands it to pdf/: department text is data,
no site address means no QR code, a document too long for six pages fails the build in Danish, and the
pack is the pre-arrival page itself, the same words in the same order."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import pytest

from conftest import copy_project, handbook
from generator.engine import page_style
from generator.inputs.problems import BuildFailed
from generator.inputs.project import load_project
from generator.layout import PREARRIVAL
from generator.render.handbook import Renderer
from test_build import EXAMPLES
from test_pdf_links import READING, link_uris

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

HOSTILE = """\
name: "Akut <script>alert('navn')</script> {{ 7*7 }}"
unit: "<img src=x onerror=alert(1)>"
welcome: |
  Hej {{ 7*7 }}, *velkommen*.

  <script>alert('velkomst')</script>

  [farligt](javascript:alert(1)) og [roller](roller.md)
leader:
  name: "Mette <b>Fed</b> Hansen"
intro_responsible:
  name: Jonas Berg
meetings:
  count: 3
pre_arrival:
  - title: "<i>Første</i> dag"
    text: "Mød kl. 7.30 <iframe src=//evil></iframe>"
"""


def project_with(tmp_path, slug: str, text: str, site_url: bool = True):
    config = copy_project(tmp_path / "project")
    (config.parent / "content/departments" / f"{slug}.yml").write_text(text, encoding="utf-8")
    if not site_url:
        config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").splitlines()
                                    if not line.startswith("site_url:")) + "\n", encoding="utf-8")
    return load_project(config)


def test_department_text_is_escaped_in_the_pre_arrival_document(tmp_path):
    project = project_with(tmp_path, "fjendtlig", HOSTILE)
    html = Renderer(project, project.main, page_style()).print_documents(project.department("fjendtlig"))[PREARRIVAL].html
    body = html.split("<body", 1)[1]
    for raw in ("<script>", "<img src=x", "<iframe", "<b>Fed</b>", "<i>Første</i>", "javascript:"):
        assert raw not in html, raw
    # Escaped as the pages escape it (numeric entities, which Markdown leaves alone): shown as written.
    assert "Akut <script>alert('navn')</script> {{ 7*7 }}" in unescape(body)
    assert "<script>alert('velkomst')</script>" in unescape(body)
    assert "<em>velkommen</em>" in body and "49" not in body
    # A link to a guide page leads to the published page.
    assert 'href="https://intra.example.dk/mentorordning/fjendtlig/roller.html"' in body
    assert "<title>Før du starter – Akut &lt;script&gt;" in html


def test_without_a_site_address_there_is_no_qr_code_but_a_sentence(tmp_path):
    project = project_with(tmp_path, "uden-adresse", HOSTILE, site_url=False)
    html = Renderer(project, project.main, page_style()).print_documents(project.department("uden-adresse"))[PREARRIVAL].html
    assert "<svg" not in html and "hb-pa-qr" not in html and "<img" not in html
    assert "ligger på hospitalets intranet og kan åbnes fra din første arbejdsdag." in html


def test_a_pre_arrival_document_longer_than_six_pages_fails_the_build(tmp_path):
    long_items = "".join(f"  - title: Punkt {n}\n    text: |\n" + "      Lang tekst om det praktiske. " * 40 + "\n"
                         for n in range(30))
    project = project_with(tmp_path, "lang", HOSTILE.replace("pre_arrival:", "practical:\n" + long_items
                                                             + "pre_arrival:"))
    from generator.pdf.maker import PdfMaker

    department = project.department("lang")
    documents = {PREARRIVAL: Renderer(project, project.main, page_style()).print_documents(department)[PREARRIVAL]}
    with pytest.raises(BuildFailed, match=r"lang: foer-du-starter\.pdf fylder \d+ sider, men må højst fylde 6"):
        PdfMaker(project, project.main, tmp_path / "fonts").make(department, documents, tmp_path / "pdf")


# --- One source (issue 19, point 5): the page and the pack are the same text in the same order. ----------

class _Blocks(HTMLParser):
    """The text of each block (headings, paragraphs, list items, terms) of a page's article, in order,
    leaving out what stands only on screen (the PDF's own download link) and two-column lists of people,
    whose lines a PDF interleaves."""

    BLOCKS = ("h1", "h2", "h3", "p", "li", "dt", "dd")
    SKIP = ("hb-people", "hb-pdf-link-block", "headerlink")

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        skipped = any(name in classes for name in self.SKIP) or bool(self.stack and self.stack[-1][1])
        if tag not in ("br", "img", "input", "meta", "link"):
            self.stack.append((tag, skipped))
        if tag in self.BLOCKS and not skipped and self.text is None:
            self.text = []
            self.depth = len(self.stack)

    def handle_endtag(self, tag):
        if self.text is not None and tag in self.BLOCKS and len(self.stack) == self.depth:
            words = " ".join("".join(self.text).split()).removesuffix(" ¶")
            if words:
                self.blocks.append(words)
            self.text = None
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.text is not None and not (self.stack and self.stack[-1][1]):
            self.text.append(data)


def squeezed(text: str) -> str:
    return "".join(text.split())


def pack_text(path) -> str:
    """The pack's text, page by page without its footer and the bullets a PDF's text puts at a page's end."""
    import pypdf

    pages = []
    for page in pypdf.PdfReader(path).pages:
        lines = [line for line in page.extract_text().splitlines()
                 if not line.startswith("Før du starter · ") and line.strip() not in ("•", "")]
        pages.append("\n".join(lines))
    return "\n".join(pages)


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_the_pack_is_the_pre_arrival_page_in_the_same_order(site, department):
    page = (site / department.slug / "foer-du-starter.html").read_text(encoding="utf-8")
    article = page[page.index('<article class="md-content__inner'):page.index("</article>")]
    parser = _Blocks()
    parser.feed(article)
    screen_only = [b for b in parser.blocks if b.startswith("Det hele findes også som velkomstpakke")]
    blocks = [b for b in parser.blocks if b not in screen_only]
    pdf = squeezed(pack_text(site / department.slug / "pdf" / "foer-du-starter.pdf"))
    position = 0
    for block in blocks:
        found = pdf.find(squeezed(block), position)
        assert found >= 0, f"{department.slug}: not in the pack where expected: {block!r}"
        position = found
    assert len(screen_only) == 1
    for person in [department.leader, *department.intro_responsible, *department.mentors]:
        assert squeezed(person.name) in pdf
    # The pack says where the handbook is and when it opens; the page need not.
    assert "kan åbnes fra din første arbejdsdag" in " ".join(pack_text(site / department.slug / "pdf" /
                                                                       "foer-du-starter.pdf").split())


def test_with_a_public_url_the_pack_leads_to_the_handbook_before_the_first_day(tmp_path):
    config = copy_project(tmp_path / "project")
    config.write_text(config.read_text(encoding="utf-8") + "public_url: https://www.example.dk/mentor\n",
                      encoding="utf-8")
    handbook("build", "--only", "radiologi", cwd=config.parent)
    path = config.parent / "site/radiologi/pdf/foer-du-starter.pdf"
    pack = squeezed(pack_text(path))
    assert squeezed("kan du læse allerede nu på https://www.example.dk/mentor/radiologi/") in pack
    assert squeezed("fra din første arbejdsdag") not in pack
    # Its reading list and QR code lead there too, not to the intranet.
    url = "https://www.example.dk/mentor/radiologi/"
    links = {uri for uri in link_uris(path) if not uri.startswith(("mailto:", "tel:"))}
    assert links == {url, *(f"{url}{page}.html" for page in READING)}
