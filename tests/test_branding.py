"""The hospital's own look (site_config.yml: branding) and its accessibility statement on every page."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest

from conftest import copy_project, handbook
from generator.inputs.colors import WHITE, contrast_ratio
from generator.inputs.problems import InputError
from generator.inputs.project import load_project
from test_html_valid import JAVA, nu_errors
from test_validation import GOOD, make_project, problems

COLOR = "#00594f"
STATEMENT = "https://was.example.dk/app/a/123"
LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
        b'<rect width="48" height="48" rx="8" fill="#fff"/><path d="M14 10h20v8h-6v20h-8V18h-6z" fill="#00594f"/></svg>\n')
BRANDING = f"""\
branding:
  logo: branding/logo.svg
  favicon: branding/favicon.png
  primary_color: "{COLOR}"
"""


def png(size: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain square PNG, made here so the tests need no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def brand(project: Path) -> None:
    (project / "branding").mkdir(exist_ok=True)
    (project / "branding" / "logo.svg").write_bytes(LOGO)
    (project / "branding" / "favicon.png").write_bytes(png(16, (0, 0x59, 0x4F)))
    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + BRANDING, encoding="utf-8")


@pytest.fixture(scope="module")
def branded(tmp_path_factory) -> Path:
    """The example project with the hospital's logo, favicon and colour, one department built with its PDFs."""
    project = tmp_path_factory.mktemp("branded")
    copy_project(project)
    brand(project)
    handbook("build", "--jobs", "2", "--only", "akutafdelingen", cwd=project)
    return project


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def refers_to(page: Path, site: Path, name: str) -> bool:
    """Whether the page refers to site/NAME: relative from the page, or from the site's root (a 404 page)."""
    text = page.read_text(encoding="utf-8")
    for href in re.findall(r'(?:src|href)="([^"]*' + re.escape(Path(name).name) + ')"', text):
        if href.startswith("/") and href.endswith("/mentorordning/" + name):
            return True   # the 404 page links from the site's root path (site_url)
        if (page.parent / href).resolve() == (site / name).resolve():
            return True
    return False


def test_logo_and_favicon_are_published_once_and_every_page_refers_to_them(branded):
    site = branded / "site"
    logo, favicon = site / "assets/branding/logo.svg", site / "assets/branding/favicon.png"
    assert logo.read_bytes() == LOGO
    assert [p for p in site.rglob("*") if p.is_file() and p.read_bytes() == LOGO] == [logo]
    assert [p for p in site.rglob("*.png") if p.read_bytes() == favicon.read_bytes()] == [favicon]
    both = {site / "index.html", site / "en/index.html", site / "akutafdelingen/index.html",
            site / "akutafdelingen/en/index.html", site / "akutafdelingen/en/404.html"}
    assert both <= set(pages(site))   # both portals and both editions of the department built
    for page in pages(site):
        assert refers_to(page, site, "assets/branding/logo.svg"), page
        assert refers_to(page, site, "assets/branding/favicon.png"), page
    front = (site / "akutafdelingen" / "index.html").read_text(encoding="utf-8")
    assert '<img src="../assets/branding/logo.svg" alt="Regionshospitalet Horsens">' in front
    assert '<link rel="icon" href="../assets/branding/favicon.png">' in front


def test_the_colour_is_materials_custom_palette_and_the_portals(branded):
    site = branded / "site"
    css = (site / "assets/branding/branding.css").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color: {COLOR};" in css and f"--md-accent-fg-color: {COLOR};" in css
    assert f"--hb-brand: {COLOR};" in css
    portals = {site / "index.html", site / "en" / "index.html"}
    for page in pages(site):
        if page not in portals:
            text = page.read_text(encoding="utf-8")
            assert 'data-md-color-primary="custom"' in text, page
            assert refers_to(page, site, "assets/branding/branding.css"), page
    portal = (site / "index.html").read_text(encoding="utf-8")
    assert f"--primary: {COLOR};" in portal and 'class="logo" src="assets/branding/logo.svg"' in portal


def test_the_cards_and_the_pdfs_take_the_colour(branded):
    site = branded / "site"
    cards = (site / "akutafdelingen" / "stoettekort.html").read_text(encoding="utf-8")
    assert 'href="../assets/branding/branding.css"' in cards
    assert "var(--hb-brand" in (site / "assets/stylesheets/print-cards.css").read_text(encoding="utf-8")
    # #00594f as a PDF colour operator (WeasyPrint writes it as 0 0.34902 0.309804).
    operator = re.compile(rb"0 0\.349\d* 0\.3098\d* (?:rg|RG)")
    for name in ("samarbejdsaftale", "dagsorden", "evaluering", "stoettekort", "foer-du-starter"):
        with pikepdf.open(site / "akutafdelingen" / "pdf" / f"{name}.pdf") as pdf:
            streams = b"".join(b"".join(c.read_bytes() for c in ([p.Contents] if isinstance(p.Contents, pikepdf.Stream)
                                                                   else p.Contents)) for p in pdf.pages)
        assert operator.search(streams), name


def test_without_branding_the_pdfs_keep_their_own_colour(site):
    with pikepdf.open(site / "akutafdelingen" / "pdf" / "samarbejdsaftale.pdf") as pdf:
        page = pdf.pages[0]
        page.contents_coalesce()
        assert re.search(rb"0\.10196\d* 0\.22745\d* 0\.54117\d* (?:rg|RG)", page.Contents.read_bytes())
    assert not (site / "assets" / "branding").exists()
    assert 'data-md-color-primary="indigo"' in (site / "akutafdelingen" / "index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(JAVA is None, reason="no Java runtime")
def test_branded_pages_are_valid_html(branded):
    assert nu_errors(pages(branded / "site")) == []


def test_an_ejected_branded_project_builds_into_the_same_pages(branded, tmp_path):
    site = branded / "site"
    handbook("eject", "akutafdelingen", str(tmp_path / "ejected"), cwd=branded)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict"], cwd=tmp_path / "ejected", check=True, capture_output=True)
    ejected = tmp_path / "ejected" / "site"
    for name in ("index", "stoettekort", "404"):
        ours = (site / "akutafdelingen" / f"{name}.html").read_text(encoding="utf-8")
        ours = ours.replace('"../assets/', '"assets/')
        ours = ours.replace('"/mentorordning/assets/', '"/mentorordning/akutafdelingen/assets/')
        assert ours == (ejected / f"{name}.html").read_text(encoding="utf-8"), name
    assert (ejected / "assets/branding/logo.svg").read_bytes() == LOGO


def test_a_new_logo_makes_the_site_stale(fresh_project):
    brand(fresh_project)
    handbook("build", "--no-pdf", cwd=fresh_project)
    (fresh_project / "branding" / "logo.svg").write_bytes(LOGO.replace(b"#00594f", b"#123456"))
    handbook("build", "--no-pdf", cwd=fresh_project)
    assert b"#123456" in (fresh_project / "site/assets/branding/logo.svg").read_bytes()


# ---------------------------------------------------------------- validation


def test_a_colour_white_text_cannot_be_read_on_is_an_error_at_its_line(tmp_path):
    config = 'hospital: H\nbranding:\n  primary_color: "#ffbf47"\n'
    assert problems(tmp_path, {"akut.yml": GOOD}, config=config) == [
        "site_config.yml:3: branding.primary_color: hvid tekst på #ffbf47 har kun kontrasten 1,64:1 "
        "(forventet: en mørkere farve, så hvid tekst på den får kontrast mindst 4,5:1 (WCAG 2.1 AA))"]


@pytest.mark.parametrize("color, ok", [("#767676", True), ("#777777", False), ("#000000", True), ("#3F51B5", True)])
def test_the_limit_is_wcags_4_5_to_1(tmp_path, color, ok):
    assert (contrast_ratio(color, WHITE) >= 4.5) == ok
    config = make_project(tmp_path, {"akut.yml": GOOD}, config=f'hospital: H\nbranding:\n  primary_color: "{color}"\n')
    if ok:
        assert load_project(config).config.branding.primary_color == color.lower()
    else:
        with pytest.raises(InputError, match="4,5:1"):
            load_project(config)


@pytest.mark.parametrize("value, words", [
    ("#00594f", "er tom; et # uden anførselstegn"),   # a YAML comment: the value is empty
    ('"blue"', "'blue' er ikke en farve"),
    ('"#00594"', "er ikke en farve"),
])
def test_a_colour_that_is_no_colour_is_an_error_at_its_line(tmp_path, value, words):
    found = problems(tmp_path, {"akut.yml": GOOD}, config=f"hospital: H\nbranding:\n  primary_color: {value}\n")
    assert len(found) == 1 and found[0].startswith("site_config.yml:3: branding.primary_color: ") and words in found[0], found


def test_a_missing_logo_or_favicon_is_an_error_at_its_line(tmp_path):
    config = "hospital: H\nbranding:\n  logo: theme/findes-ikke.svg\n  favicon: logo.gif\n"
    found = problems(tmp_path, {"akut.yml": GOOD}, config=config)
    assert found == [
        "site_config.yml:3: branding.logo: filen 'theme/findes-ikke.svg' findes ikke "
        "(forventet: stien til filen fra mappen med site_config.yml, fx theme/logo.svg)",
        "site_config.yml:4: branding.favicon: 'logo.gif' er ikke en billedtype, der kan bruges her "
        "(forventet: en fil af typen png, ico, svg)"]


def test_a_bad_accessibility_statement_address_is_an_error_at_its_line(tmp_path):
    found = problems(tmp_path, {"akut.yml": GOOD}, config="hospital: H\naccessibility_statement_url: javascript:alert(1)\n")
    assert len(found) == 1 and found[0].startswith("site_config.yml:2: accessibility_statement_url: "), found


# ---------------------------------------------------------------- the accessibility statement


def test_every_page_and_the_portal_link_to_the_accessibility_statement(site):
    both = {site / "index.html", site / "en/index.html", site / "akutafdelingen/index.html",
            site / "akutafdelingen/en/index.html", site / "akutafdelingen/en/404.html"}
    assert both <= set(pages(site))   # both portals and both editions of the department built
    for page in pages(site):
        words = "Accessibility statement" if "en" in page.relative_to(site).parts else "Tilgængelighedserklæring"
        assert f'href="{STATEMENT}">{words}</a>' in page.read_text(encoding="utf-8"), page


def test_without_a_statement_there_is_no_link(fresh_project):
    config = fresh_project / "site_config.yml"
    config.write_text("".join(line for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("accessibility_statement_url:")), encoding="utf-8")
    handbook("build", "--no-pdf", "--only", "akutafdelingen", cwd=fresh_project)
    for page in pages(fresh_project / "site"):
        assert "Tilgængelighedserklæring" not in page.read_text(encoding="utf-8"), page
