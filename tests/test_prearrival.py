"""The pre-arrival document (foer-du-starter.pdf) as render/ hands it to pdf/: department text is data,
no site address means no QR code, and a document too long for six pages fails the build in Danish."""

from __future__ import annotations

import pytest

from conftest import copy_project
from generator.engine import page_style
from generator.inputs.problems import BuildFailed
from generator.inputs.project import load_project
from generator.render.handbook import Renderer
from generator.render.prearrival import PREARRIVAL_PDF

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
    html = Renderer(project, page_style()).print_documents(project.department("fjendtlig"))[PREARRIVAL_PDF]
    body = html.split("<body", 1)[1]
    for raw in ("<script>", "<img src=x", "<iframe", "<b>Fed</b>", "<i>Første</i>", "javascript:"):
        assert raw not in html, raw
    assert "Akut &lt;script&gt;alert(&#39;navn&#39;)&lt;/script&gt; {{ 7*7 }}" in body
    assert "&lt;script&gt;alert(&#39;velkomst&#39;)&lt;/script&gt;" in body or "&lt;script&gt;alert('velkomst')" in body
    assert "<em>velkommen</em>" in body and "49" not in body
    # A link to a guide page leads to the published page.
    assert 'href="https://intra.example.dk/mentorordning/fjendtlig/roller.html"' in body
    assert "<title>Før du starter – Akut &lt;script&gt;" in html


def test_without_a_site_address_there_is_no_qr_code_but_a_sentence(tmp_path):
    project = project_with(tmp_path, "uden-adresse", HOSTILE, site_url=False)
    html = Renderer(project, page_style()).print_documents(project.department("uden-adresse"))[PREARRIVAL_PDF]
    assert "<svg" not in html and "hb-pa-qr" not in html
    assert "spørg Mette &lt;b&gt;Fed&lt;/b&gt; Hansen om adressen" in html


def test_a_pre_arrival_document_longer_than_six_pages_fails_the_build(tmp_path):
    long_items = "".join(f"  - title: Punkt {n}\n    text: |\n" + "      Lang tekst om det praktiske. " * 40 + "\n"
                         for n in range(30))
    project = project_with(tmp_path, "lang", HOSTILE.replace("pre_arrival:", "practical:\n" + long_items
                                                             + "pre_arrival:"))
    from generator.pdf.maker import PdfMaker

    department = project.department("lang")
    documents = {PREARRIVAL_PDF: Renderer(project, page_style()).print_documents(department)[PREARRIVAL_PDF]}
    with pytest.raises(BuildFailed, match=r"lang: foer-du-starter\.pdf fylder \d+ sider, men må højst fylde 6"):
        PdfMaker(project, tmp_path / "fonts").make(department, documents, tmp_path / "pdf")
