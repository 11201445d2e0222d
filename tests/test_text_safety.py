"""Department text is data: never evaluated as a template, HTML shown as text, Markdown formatting kept."""

from __future__ import annotations

import pytest

from conftest import handbook
from test_build import article, text_of

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

HOSTILE = """\
name: "Akut <script>alert('navn')</script> {{ 7*7 }}"
unit: "<img src=x onerror=alert(1)>"
welcome: |
  Hej {{ 7*7 }} og {% raw %}{{ config }}{% endraw %}, *velkommen* og **godt** at se dig.

  <script>alert('velkomst')</script>

  - første punkt
  - [hospitalet](https://www.example.dk) og [farligt](javascript:alert(1))
leader:
  name: "Mette <b>Fed</b> Hansen"
  title: "{{ dept.name }}"
intro_responsible:
  name: Jonas_Berg *stjerne*
pre_arrival:
  - title: "<i>Første</i> dag"
    text: "Mød kl. 7.30 {{ 6*7 }} <iframe src=//evil></iframe>"
"""


def build_hostile(fresh_project):
    (fresh_project / "content/departments/fjendtlig.yml").write_text(HOSTILE, encoding="utf-8")
    handbook("build", "--no-pdf", "--only", "fjendtlig", cwd=fresh_project)
    return fresh_project / "site" / "fjendtlig"


def test_department_text_is_shown_not_run(fresh_project):
    site = build_hostile(fresh_project)
    for page in ("index.html", "roller.html", "foer-du-starter.html"):
        body = article(site / page)
        assert "<script>alert" not in body and "<img src=x" not in body and "<iframe" not in body, page
        assert "<b>Fed</b>" not in body and "<i>Første</i>" not in body, page
        assert "javascript:" not in body, page
    front = text_of(site / "index.html")
    assert "Akut <script>alert('navn')</script> {{ 7*7 }}" in front
    assert "Hej {{ 7*7 }}" in front and "<script>alert('velkomst')</script>" in front
    assert "49" not in front
    assert "Mød kl. 7.30 {{ 6*7 }}" in text_of(site / "foer-du-starter.html")
    assert "42" not in text_of(site / "foer-du-starter.html")
    roles = text_of(site / "roller.html")
    assert "Mette <b>Fed</b> Hansen" in roles and "Jonas_Berg *stjerne*" in roles
    assert "{{ dept.name }}" in roles


def test_markdown_in_welcome_and_text_still_works(fresh_project):
    body = article(build_hostile(fresh_project) / "index.html")
    assert "<em>velkommen</em>" in body and "<strong>godt</strong>" in body
    assert "<li>første punkt</li>" in body
    assert '<a href="https://www.example.dk">hospitalet</a>' in body


def test_html_in_names_is_escaped_on_the_portal(fresh_project):
    build_hostile(fresh_project)
    portal = (fresh_project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert('navn')" not in portal
    assert "&lt;script&gt;" in portal


def test_a_code_span_shows_what_was_written_escaped_once(fresh_project):
    text = HOSTILE.replace("- første punkt", "- første punkt med `a<b && c>d` i kode")
    (fresh_project / "content/departments/fjendtlig.yml").write_text(text, encoding="utf-8")
    handbook("build", "--no-pdf", "--only", "fjendtlig", cwd=fresh_project)
    body = article(fresh_project / "site" / "fjendtlig" / "index.html")
    assert "<code>a&lt;b &amp;&amp; c&gt;d</code>" in body
    assert "a<b && c>d" in text_of(fresh_project / "site" / "fjendtlig" / "index.html")
