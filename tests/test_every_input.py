"""Every input gives a message at its FILE:LINE, never a traceback; site_config.yml's values are text too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import handbook
from test_build import EXAMPLES

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

GOOD = "name: Akut\nleader:\n  name: Mette Hansen\nintro_responsible:\n  name: Jonas Berg\n"


def messages(project: Path, command: str = "validate") -> list[str]:
    result = handbook(command, "--no-pdf", *(["--jobs", "1"] if command == "build" else []), cwd=project, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout, result.stderr
    return result.stderr.splitlines()


@pytest.mark.parametrize("text, line, words", [
    ("name: Akut\nroles: " + "[" * 500 + "]" * 500 + "\n", 2, "indlejret alt for dybt"),
    ("name: Akut\nmentors: &a [*a]\n", 2, "indlejret alt for dybt"),
    (GOOD + "meetings:\n  count: " + "9" * 4301 + "\n", 7, "tallet er alt for langt"),
    (GOOD + "unit: A\x07B\n", 6, "kontroltegn"),
])
def test_odd_yaml_is_a_message_at_its_line(fresh_project, text, line, words):
    (fresh_project / "content/departments/proeve.yml").write_text(text, encoding="utf-8")
    found = [m for m in messages(fresh_project) if m.startswith("content/departments/proeve.yml:")]
    assert len(found) == 1 and found[0].startswith(f"content/departments/proeve.yml:{line}: ") and words in found[0], found


@pytest.mark.parametrize("setting", ["guide_dir", "forms_dir", "theme_dir"])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_folder_setting_pointing_nowhere_is_an_error_at_its_line(fresh_project, setting, command):
    config = fresh_project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"{setting}: findes/ikke\n", encoding="utf-8")
    line = len(config.read_text(encoding="utf-8").splitlines())
    found = [m for m in messages(fresh_project, command) if m.startswith("site_config.yml:")]
    assert found == [f"site_config.yml:{line}: {setting}: mappen 'findes/ikke' findes ikke "
                     f"(forventet: {found[0].split('(forventet: ')[1][:-1]})"]


@pytest.mark.parametrize("url", ["https://intra.example.dk/\"><script>alert(1)</script>", "https://" + "a" * 3000 + ".dk/",
                                 "javascript:alert(1)", "https://intra.example.dk/a b/"])
def test_site_url_must_be_a_plain_web_address(fresh_project, url):
    config = fresh_project / "site_config.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("site_url:")]
    config.write_text("\n".join([f"site_url: '{url}'", *lines]) + "\n", encoding="utf-8")
    found = [m for m in messages(fresh_project, "build") if m.startswith("site_config.yml:")]
    assert len(found) == 1 and found[0].startswith("site_config.yml:1: site_url: ") and "webadresse" in found[0]
    assert not (fresh_project / "site").exists()


def test_the_hospitals_name_is_text_in_every_page(fresh_project):
    config = fresh_project / "site_config.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("hospital:")]
    config.write_text("\n".join(["hospital: 'H \"><script>alert(1)</script>'", *lines]) + "\n", encoding="utf-8")
    handbook("build", "--no-pdf", "--only", EXAMPLES[0].slug, "--jobs", "1", cwd=fresh_project)
    for page in (fresh_project / "site").rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("make, words", [
    (lambda folder: os.symlink(folder / "findes-ikke.yml", folder / "genvej.yml"), "peger på noget, som ikke findes"),
    (lambda folder: os.symlink(folder / "loekke.yml", folder / "loekke.yml"), "peger på sig selv i ring"),
    (lambda folder: (folder / "mappe.yml").mkdir(), "en mappe, ikke en fil"),
])
def test_odd_files_in_the_departments_folder_are_named(fresh_project, make, words):
    folder = fresh_project / "content/departments"
    make(folder)
    found = messages(fresh_project, "build")
    assert any(words in m for m in found), found
    assert all((fresh_project / "site" / d.slug / "index.html").is_file() for d in EXAMPLES)


def test_a_department_file_may_link_to_a_file_outside_the_project(fresh_project, tmp_path):
    outside = tmp_path / "delt-drev" / "ekstern.yml"
    outside.parent.mkdir()
    outside.write_text(GOOD.replace("name: Akut", "name: Ekstern Afdeling"), encoding="utf-8")
    os.symlink(outside, fresh_project / "content/departments/ekstern.yml")
    handbook("build", "--no-pdf", "--only", "ekstern", "--jobs", "1", cwd=fresh_project)
    assert "Ekstern Afdeling" in (fresh_project / "site/ekstern/index.html").read_text(encoding="utf-8")
