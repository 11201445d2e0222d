"""Nothing from outside the project is published (issue 18, item 3): of the theme only assets/ is published, and
a theme file, guide file, logo or favicon that is a link out of the project, or no regular file, is refused at
its line in site_config.yml by build and validate alike, with nothing published; a link inside the project is
published as the file it leads to, and an ejected project carries no link."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import copy_project, handbook
from generator.inputs.problems import InputError
from generator.inputs.project import INSIDE_EXPECTED, load_project
from test_build import tree_digest

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

SLUG = "akutafdelingen"
BUILD = ("build", "--no-pdf", "--only", SLUG, "--jobs", "1")
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>\n'
# Written out, so that each setting has a line of its own to be reported at.
SETTINGS = "theme_dir: theme\nguide_dir: content/guide\nbranding:\n  logo: theme/logo.svg\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example project with its settings written out and a logo, built once; each test puts back what it
    changes."""
    project = tmp_path_factory.mktemp("outside") / "project"
    config = copy_project(project)
    config.write_text(config.read_text(encoding="utf-8") + SETTINGS, encoding="utf-8")
    (project / "theme/logo.svg").write_bytes(LOGO)
    handbook(*BUILD, cwd=project)
    return project


def line_of(project: Path, key: str) -> int:
    lines = (project / "site_config.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


def secret(project: Path) -> Path:
    """A file outside the project."""
    path = project.parent / "hemmelig.txt"
    path.write_text("HEMMELIG=1\n", encoding="utf-8")
    return path


def environment(project: Path) -> tuple[Path, str]:
    os.symlink("/proc/self/environ", project / "theme/env.png")
    return project / "theme/env.png", "'theme/env.png' er en genvej (symlink) til /proc/self/environ, uden for projektet"


def nested_theme_asset(project: Path) -> tuple[Path, str]:
    link = project / "theme/assets/stylesheets/hemmelig.css"
    os.symlink("../../../../hemmelig.txt", link)
    return link, f"'theme/assets/stylesheets/hemmelig.css' er en genvej (symlink) til {secret(project)}, uden for projektet"


def logo(project: Path) -> tuple[Path, str]:
    link = project / "theme/logo.svg"
    (project.parent / "logo.svg").write_bytes(LOGO)
    link.rename(project / "theme/logo.gemt")
    os.symlink(project.parent / "logo.svg", link)
    return link, f"'theme/logo.svg' er en genvej (symlink) til {project.parent / 'logo.svg'}, uden for projektet"


def guide_asset(project: Path) -> tuple[Path, str]:
    link = project / "content/guide/da/bilag/plan.pdf"
    link.parent.mkdir()
    os.symlink(secret(project), link)
    return link, f"'content/guide/da/bilag/plan.pdf' er en genvej (symlink) til {secret(project)}, uden for projektet"


def fifo(project: Path) -> tuple[Path, str]:
    path = project / "theme/assets/javascripts/pipe.js"
    os.mkfifo(path)
    return path, "'theme/assets/javascripts/pipe.js' er ikke en almindelig fil, men en navngiven pipe (FIFO)"


@pytest.mark.parametrize("make, fields", [
    (environment, ["theme_dir"]),
    (nested_theme_asset, ["theme_dir"]),
    (logo, ["theme_dir", "branding.logo"]),   # the logo is in the theme folder, and it is the logo
    (guide_asset, ["guide_dir"]),
    (fifo, ["theme_dir"]),
], ids=["theme-environ", "theme-asset", "branding-logo", "guide-asset", "fifo"])
def test_a_file_that_leads_out_of_the_project_is_refused_at_its_line_and_nothing_is_published(
        built: Path, make: Callable[[Path], tuple[Path, str]], fields: list[str]):
    before = tree_digest(built / "site")
    made, message = make(built)
    try:
        expected = [f"site_config.yml:{line_of(built, field.split('.')[-1])}: {field}: {message} (forventet: "
                    for field in fields]
        for command in (BUILD, ("validate",)):
            result = handbook(*command, cwd=built, check=False)
            found = [line for line in result.stderr.splitlines() if line.startswith("site_config.yml:")]
            assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
            assert [line[:len(start)] for line, start in zip(found, expected, strict=False)] == expected, found
            assert len(found) == len(expected), (command, found)
        assert tree_digest(built / "site") == before
        assert "HEMMELIG" not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                         for p in (built / "site").rglob("*") if p.is_file())
    finally:
        made.unlink()
        if (built / "theme/logo.gemt").exists():
            (built / "theme/logo.gemt").rename(built / "theme/logo.svg")
        if made.parent.name == "bilag":
            made.parent.rmdir()


def test_of_the_theme_only_its_assets_are_published(built: Path):
    (built / "theme/noter.txt").write_text("Kun til os.\n", encoding="utf-8")
    (built / "theme/partials/tegning.svg").write_bytes(LOGO)
    try:
        handbook(*BUILD, cwd=built)
        site = built / "site"
        assert not [p for p in site.rglob("*") if p.name in ("noter.txt", "tegning.svg", "logo.svg")
                    and p.parent != site / "assets/branding"]
        assert (site / "assets/stylesheets/handbook.css").is_file() and (site / "assets/branding/logo.svg").is_file()
    finally:
        (built / "theme/noter.txt").unlink()
        (built / "theme/partials/tegning.svg").unlink()


def test_a_link_that_stays_in_the_project_is_published_as_its_file_and_ejected_without_a_link(tmp_path: Path):
    project = tmp_path / "project"
    config = copy_project(project)
    shared = project / "delt"
    shared.mkdir()
    (shared / "logo.svg").write_bytes(LOGO)
    (shared / "ekstra.css").write_text(".hb-ekstra { color: #000; }\n", encoding="utf-8")
    (shared / "plan.pdf").write_bytes(b"%PDF-1.4 plan\n")
    os.symlink("../delt/logo.svg", project / "theme/logo.svg")
    os.symlink("../../../delt/ekstra.css", project / "theme/assets/stylesheets/ekstra.css")
    os.symlink("../../../delt/plan.pdf", project / "content/guide/da/plan.pdf")
    config.write_text(config.read_text(encoding="utf-8") + "branding:\n  logo: theme/logo.svg\n", encoding="utf-8")
    handbook(*BUILD, cwd=project)
    site = project / "site"
    assert not [p for p in site.rglob("*") if p.is_symlink()]
    assert (site / "assets/branding/logo.svg").read_bytes() == LOGO
    assert (site / "assets/stylesheets/ekstra.css").read_bytes() == (shared / "ekstra.css").read_bytes()
    assert (site / SLUG / "plan.pdf").read_bytes() == b"%PDF-1.4 plan\n"

    (project / "theme/noter.txt").write_text("Kun til os.\n", encoding="utf-8")
    ejected = tmp_path / "ejected"
    handbook("eject", SLUG, str(ejected), cwd=project)
    assert not [p for p in ejected.rglob("*") if p.is_symlink()]
    assert (ejected / "theme/assets/stylesheets/ekstra.css").read_bytes() == (shared / "ekstra.css").read_bytes()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict"], cwd=ejected, check=True, capture_output=True)
    assert (ejected / "site/assets/stylesheets/ekstra.css").is_file()
    assert (ejected / "site/plan.pdf").read_bytes() == b"%PDF-1.4 plan\n"
    # Of the theme only assets/ is published there too.
    assert not (ejected / "site/noter.txt").exists() and not (ejected / "site/logo.svg").exists()


def problems_of(config: Path) -> list[str]:
    try:
        load_project(config)
    except InputError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def test_a_theme_folder_outside_the_project_or_a_folder_link_in_it_is_refused(tmp_path: Path):
    config = copy_project(tmp_path / "project")
    project = config.parent
    # A link to a folder: MkDocs would read templates through it and publish none of its files.
    os.symlink("..", project / "theme/assets/rundt")
    assert problems_of(config) == [f"site_config.yml:2: theme_dir: 'theme/assets/rundt' er en genvej (symlink) til en "
                                   f"mappe ({project / 'theme'}); her kan kun filer være genveje "
                                   f"(forventet: {INSIDE_EXPECTED})"]
    (project / "theme/assets/rundt").unlink()
    # The theme folder itself may be a link within the project, not out of it.
    (project / "theme").rename(project / "delt")
    os.symlink("delt", project / "theme")
    assert problems_of(config) == []
    (project / "theme").unlink()
    (project / "delt").rename(tmp_path / "tema")
    os.symlink(tmp_path / "tema", project / "theme")
    assert problems_of(config) == [f"site_config.yml:2: theme_dir: 'theme' er en genvej (symlink) til {tmp_path / 'tema'}, "
                                   f"uden for projektet (forventet: {INSIDE_EXPECTED})"]
    config.write_text(config.read_text(encoding="utf-8") + "theme_dir: ../tema\n", encoding="utf-8")
    assert problems_of(config) == [f"site_config.yml:{line_of(project, 'theme_dir')}: theme_dir: '../tema' ligger uden "
                                   f"for projektet ({tmp_path / 'tema'}) (forventet: {INSIDE_EXPECTED})"]
