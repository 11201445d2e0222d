"""The PDFs of every example department: fillable fields from the form definitions with the department's
defaults, one agenda page per meeting, one card a page, tagged (PDF/UA), /Lang, title, author, embedded
fonts, a QR code that leads to the department's handbook, and links to them from the pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from conftest import ROOT, handbook
from generator.inputs.catalog import SOURCE
from generator.inputs.models import Department
from generator.inputs.project import load_project
from generator.layout import copies
from generator.templating import Numbers

PROJECT = load_project(ROOT / "site_config.yml")
EXAMPLES = PROJECT.departments
FORMS = PROJECT.main.forms
count = Numbers(SOURCE).count
PDFS = ["samarbejdsaftale", "dagsorden", "evaluering", "stoettekort", "foer-du-starter"]
FILLABLE = ["samarbejdsaftale", "dagsorden", "evaluering"]
AGENDA_POINTS = ["Det, der fylder lige nu", "Dialog om planlagt tema", "Opsamling", "Feedback", "Næste møde"]
A5 = (420, 595)   # points, rounded
A4 = (595, 842)


def reader(site: Path, department, name: str) -> pypdf.PdfReader:
    return pypdf.PdfReader(site / department.slug / "pdf" / f"{name}.pdf")


def page_texts(pdf: pypdf.PdfReader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def expected_fields(name: str, department) -> dict[str, str]:
    """{PDF field name: default} as the form definition lays the form out for the department."""
    return {f.pdf_name: f.value for copy in copies(FORMS.form(name), department) for f in copy.fields}


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_every_department_has_its_pdfs(site, department):
    for name in PDFS:
        path = site / department.slug / "pdf" / f"{name}.pdf"
        assert path.is_file() and path.read_bytes().startswith(b"%PDF-"), path


@pytest.mark.parametrize("name", FILLABLE)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_fields_are_named_after_the_form_definition_with_the_departments_defaults(site, department, name):
    fields = reader(site, department, name).get_fields()
    expected = expected_fields(name, department)
    assert set(fields) == set(expected)
    for field_name, default in expected.items():
        assert (fields[field_name].get("/V") or "") == default, field_name
        assert fields[field_name].get("/TU"), f"{field_name} has no accessible name"


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_agreement_carries_the_departments_numbers(site, department):
    fields = reader(site, department, "samarbejdsaftale").get_fields()
    by_default = {f.field.default: f.pdf_name for f in copies(FORMS.form("samarbejdsaftale"), department)[0].fields
                  if f.field.default}
    assert fields[by_default["meetings.count"]]["/V"] == str(department.meetings.count)
    assert fields[by_default["meetings.duration_minutes"]]["/V"] == str(department.meetings.duration_minutes)
    if department.meetings.place:
        assert fields[by_default["meetings.place"]]["/V"] == department.meetings.place


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_one_agenda_page_per_meeting(site, department):
    pdf = reader(site, department, "dagsorden")
    count = department.meetings.count
    assert len(pdf.pages) == count
    for number, (page, text) in enumerate(zip(pdf.pages, page_texts(pdf), strict=False), start=1):
        assert f"Møde {number} af {count}" in text
        names = {annotation.get_object()["/T"] for annotation in page.get("/Annots", [])}
        assert names and all(n.startswith(f"moede{number}_") for n in names), names


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_cards_pdf_has_one_a5_card_a_page_and_the_agenda_card_holds_all_five_points(site, department):
    pdf = reader(site, department, "stoettekort")
    texts = [t.casefold() for t in page_texts(pdf)]
    assert len(pdf.pages) == 4
    for number, (page, text) in enumerate(zip(pdf.pages, texts, strict=False), start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A5
        assert f"støttekort {number} af 4" in text
        assert all(f"støttekort {other} af 4" not in text for other in range(1, 5) if other != number)
    assert "dagsorden for mentormøder" in texts[1]
    for point in AGENDA_POINTS:
        assert point.casefold() in texts[1], point
    department_card = texts[3]
    assert department.leader.name.casefold() in department_card
    for person in department.intro_responsible:
        assert person.name.casefold() in department_card
    assert count(department.meetings.first_within_days, "dag", "dage") in department_card
    assert count(department.meetings.count, "mentormøde", "mentormøder", neuter=True) in department_card


@pytest.mark.parametrize("name", PDFS)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_pdfs_are_tagged_with_language_title_author_and_embedded_fonts(site, department, name):
    pdf = reader(site, department, name)
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"] == "da"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert b"pdfuaid:part=\"1\"" in root["/Metadata"].get_object().get_data()
    assert department.name in pdf.metadata.title
    assert pdf.metadata.author == PROJECT.config.hospital
    fonts = {}
    for page in pdf.pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("Handbook-Sans" in str(name) for name in fonts), fonts   # the subset, not the system's DejaVu


def test_the_font_subset_is_renamed_covers_latin_and_is_made_once(tmp_path):
    from fontTools.ttLib import TTFont

    from generator.pdf import fonts

    faces = fonts.subset_faces(tmp_path)
    assert [(f.weight, f.style) for f in faces] == [("normal", "normal"), ("bold", "normal"),
                                                     ("normal", "italic"), ("bold", "italic")]
    for face in faces:
        font = TTFont(face.path)
        names = font["name"]
        assert {names.getDebugName(1), names.getDebugName(16)} == {"Handbook Sans"}
        assert "DejaVu" not in (names.getDebugName(4) or "") + (names.getDebugName(6) or "")
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in "AZaz09æøåÆØÅłşőé€–—„“”‘’…•·§½")
        assert 0x4E00 not in cmap and 0x0410 not in cmap   # no CJK, no Cyrillic
        assert len(font.getGlyphOrder()) < 1500
    made = [face.path.stat().st_mtime_ns for face in faces]
    assert [face.path.stat().st_mtime_ns for face in fonts.subset_faces(tmp_path)] == made
    assert not list(tmp_path.glob("*.part"))
    again = fonts.subset_faces(tmp_path / "elsewhere")   # made anew: the same bytes (PDFs stay byte-identical)
    assert [f.path.read_bytes() for f in again] == [f.path.read_bytes() for f in faces]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(part in readme for part in fonts.RANGE_TEXT.split(", "))   # what a field can show, as stated


@pytest.mark.parametrize("name", PDFS)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_every_structure_element_is_reachable_from_the_structure_tree_root(site, department, name):
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(site / department.slug / "pdf" / f"{name}.pdf") as pdf:
        root = pdf.Root.StructTreeRoot
        reached, todo = set(), [root]
        while todo:
            kids = todo.pop().get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.objgen not in reached:
                    reached.add(kid.objgen)
                    todo.append(kid)
        every = {o.objgen for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"}
        assert every and every == reached, f"unreachable: {sorted(every - reached)}"
        empty = [o.objgen for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/Type") == "/StructElem" and len(o.get("/K", [])) == 0]
        assert not empty, f"structure elements without content: {empty}"
        nums = root.ParentTree.Nums
        parents = [p for i in range(1, len(nums), 2)
                   for p in (nums[i] if isinstance(nums[i], pikepdf.Array) else [nums[i]])
                   if isinstance(p, pikepdf.Dictionary)]
        assert {p.objgen for p in parents} <= reached
        for page in pdf.pages:   # the running footer is a pagination artifact, still on the page
            contents = page.Contents
            content = b"".join(part.read_bytes() for part in (
                contents if isinstance(contents, pikepdf.Array) else [contents]))
            assert name == "stoettekort" or b"/Artifact" in content


@pytest.mark.parametrize("name", PDFS)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_each_font_subset_has_a_tag_of_its_own(site, department, name):
    """A stamped form holds the blank's subsets and the layer's: different glyphs under different names."""
    pikepdf = pytest.importorskip("pikepdf")
    import hashlib

    with pikepdf.open(site / department.slug / "pdf" / f"{name}.pdf") as pdf:
        programs: dict[str, set[str]] = {}
        for thing in pdf.objects:
            if isinstance(thing, pikepdf.Dictionary) and thing.get("/Type") == "/FontDescriptor":
                program = thing.get("/FontFile2")
                if program is not None:
                    digest = hashlib.sha256(program.read_bytes()).hexdigest()
                    programs.setdefault(str(thing.FontName), set()).add(digest)
        assert programs and all(len(found) == 1 for found in programs.values()), programs


@pytest.mark.parametrize("name", PDFS)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_every_word_can_be_copied_and_searched(site, department, name):
    """Text extraction (copy, search, screen readers) gives every letter: no glyph without a text mapping."""
    pdf = reader(site, department, name)
    text = " ".join(page_texts(pdf))
    assert "\ufffd" not in text
    if name == "samarbejdsaftale":
        assert "effektiv ramme" in text   # an "ff", which a ligature glyph had lost


@pytest.mark.parametrize("name", FILLABLE)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_a_form_is_titled_with_the_department_and_its_unit(site, department, name):
    """The kicker line is a running header a screen reader skips; the title, which it announces, names both."""
    title = reader(site, department, name).metadata.title
    assert title == f"{FORMS.form(name).title} – {department.name}" + (f", {department.unit}" if department.unit else "")


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
@pytest.mark.parametrize("name", FILLABLE)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_a_prefilled_value_shows_where_the_viewer_does_not_draw_it(site, department, name):
    """Ghostscript (many print servers) draws a field from its appearance stream alone: each default has
    one, in the field's font, so the printed form shows it (without, Ghostscript drew missing-glyph boxes)."""
    path = site / department.slug / "pdf" / f"{name}.pdf"
    drawn = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", "-sOutputFile=-", str(path)],
                           check=True, capture_output=True, text=True).stdout
    drawn = " ".join(drawn.split())
    fields = pypdf.PdfReader(path).get_fields()
    for field_name, value in expected_fields(name, department).items():
        if value:
            assert "/AP" in fields[field_name].indirect_reference.get_object(), field_name
            assert " ".join(value.split()) in drawn, (field_name, value)


@pytest.mark.parametrize("name", FILLABLE)
@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_a_prefilled_value_is_in_its_field_and_not_in_the_page_text(site, department, name):
    pdf = reader(site, department, name)
    text = " ".join(page_texts(pdf))
    values = {v for v in expected_fields(name, department).values() if v}
    fields = pdf.get_fields()
    for field_name, value in expected_fields(name, department).items():
        assert (fields[field_name].get("/V") or "") == value
    # Short numbers ("6") also stand in the form's own text (Møde 6 af 8); a value with words must not.
    for value in values:
        if any(c.isalpha() for c in value):
            assert " ".join(value.split()) not in text, value
    assert "Side 1 af" in text   # the footer (an artifact) is still on the page


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_pdfs_are_small(site, department):
    size = {name: (site / department.slug / "pdf" / f"{name}.pdf").stat().st_size for name in PDFS}
    assert size["samarbejdsaftale"] <= 150_000 and size["evaluering"] <= 150_000, size
    if department.meetings.count <= 12:
        assert size["dagsorden"] <= 150_000, size
    assert size["stoettekort"] <= 60_000, size


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("department", EXAMPLES[:2], ids=lambda d: d.slug)
def test_qr_code_on_the_cards_leads_to_the_departments_handbook(site, department, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "2", "-l", "2",
                    str(site / department.slug / "pdf" / "stoettekort.pdf"), str(tmp_path / "card")], check=True)
    image = Image.open(next(tmp_path.glob("card*.png")))
    found = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert found == [f"{PROJECT.config.site_url}{department.slug}/"]


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_pre_arrival_pdf_is_a_few_small_a4_pages(site, department):
    path = site / department.slug / "pdf" / "foer-du-starter.pdf"
    pdf = pypdf.PdfReader(path)
    assert 1 <= len(pdf.pages) <= 6
    assert path.stat().st_size <= 250_000
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    assert pdf.metadata.title == f"Før du starter – {department.name}"


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_pre_arrival_pdf_holds_the_departments_people_items_and_numbers(site, department):
    pdf = reader(site, department, "foer-du-starter")
    text = " ".join(page_texts(pdf))
    for person in [department.leader, *department.intro_responsible, *department.mentors]:
        assert person.name in text, person.name
        for detail in (person.email, person.phone):
            assert detail is None or detail in text, detail
    for role in department.roles:
        assert role.title in text and (role.name is None or role.name in text), role.title
    for item in [*department.pre_arrival, *department.practical]:
        assert item.title in text, item.title
    mt = department.meetings
    # The numbers stand in one line; the phases with all of them are on "De fire faser" (issue 19).
    assert f"holdes {count(mt.count, 'mentormøde', 'mentormøder', neuter=True)}" in text
    assert f"senest {count(mt.first_within_days, 'dag', 'dage')} efter din første arbejdsdag" in text
    for words in ("forberedelsesfasen", "Potentialesamtalen", "De fire faser"):
        assert words in text
    assert f"{PROJECT.config.site_url}{department.slug}/" in text
    assert f"Før du starter · {department.name}" in page_texts(pdf)[-1]   # the footer
    if department.welcome:
        assert "Velkommen" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("department", EXAMPLES[:2], ids=lambda d: d.slug)
def test_qr_code_in_the_pre_arrival_pdf_leads_to_the_departments_handbook(site, department, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    path = site / department.slug / "pdf" / "foer-du-starter.pdf"
    last = str(len(pypdf.PdfReader(path).pages))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", last, "-l", last, str(path), str(tmp_path / "page")],
                   check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    found = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert found == [f"{PROJECT.config.site_url}{department.slug}/"]


def test_pre_arrival_pdf_links_from_the_pages(site):
    for department in EXAMPLES:
        for page in ("foer-du-starter", "ny-medarbejder"):
            html = (site / department.slug / f"{page}.html").read_text(encoding="utf-8")
            assert 'class="md-button hb-pdf-link" href="pdf/foer-du-starter.pdf" download' in html, page
            assert "Hent velkomstpakken som PDF" in html, page


def structure_elements(element, kind: str, found: list) -> list:
    element = element.get_object()
    if element.get("/S") == kind:
        found.append(element)
    kids = element.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
            structure_elements(kid, kind, found)
    return found


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_qr_codes_are_tagged_figures_with_a_text_alternative(site, department):
    pdf = reader(site, department, "stoettekort")
    figures = structure_elements(pdf.trailer["/Root"]["/StructTreeRoot"], "/Figure", [])
    assert len(figures) == 4
    assert all(f"{PROJECT.config.site_url}{department.slug}/" in figure["/Alt"] for figure in figures)


@pytest.mark.parametrize("department", EXAMPLES, ids=lambda d: d.slug)
def test_handbook_pages_link_to_their_pdfs(site, department):
    for name in PDFS:
        page = (site / department.slug / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="pdf/{name}.pdf"' in page, name


@pytest.mark.danish_alone
def test_no_pdf_skips_them_and_unchanged_pdfs_are_not_remade(fresh_project):
    slug = EXAMPLES[0].slug
    handbook("build", "--only", slug, "--no-pdf", "--jobs", "1", cwd=fresh_project)
    assert not (fresh_project / "site" / slug / "pdf").exists()

    handbook("build", "--only", slug, "--jobs", "1", cwd=fresh_project)
    agenda = fresh_project / "site" / slug / "pdf" / "dagsorden.pdf"
    made = agenda.stat().st_ino, agenda.read_bytes()

    again = handbook("build", "--only", slug, "--jobs", "1", cwd=fresh_project)
    assert (agenda.stat().st_ino, agenda.read_bytes()) == made   # the same file: not made again
    assert "Intet er ændret" in again.stdout + again.stderr       # nor published again

    department_file = fresh_project / "content" / "departments" / f"{slug}.yml"
    text = department_file.read_text(encoding="utf-8")
    count = EXAMPLES[0].meetings.count
    assert f"count: {count}\n" in text
    department_file.write_text(text.replace(f"count: {count}\n", f"count: {count + 1}\n", 1), encoding="utf-8")
    handbook("build", "--only", slug, "--jobs", "1", cwd=fresh_project)
    assert len(pypdf.PdfReader(agenda).pages) == count + 1


@pytest.mark.danish_alone
def test_a_missing_font_is_told_and_the_pdfs_are_remade_once_it_is_installed(fresh_project, tmp_path):
    """IT's machine without fonts-dejavu-core still builds, says what is missing and how to mend it, and
    the next build after the font is installed makes the PDFs again (they are keyed by the font files)."""
    slug = EXAMPLES[0].slug
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    without = handbook("build", "--only", slug, "--jobs", "1", cwd=fresh_project, env={"HANDBOOK_FONT_DIR": str(fonts)})
    assert without.returncode == 0
    assert f"advarsel: PDF'ernes skrift DejaVu Sans mangler på maskinen ({fonts / 'DejaVuSans.ttf'}" in without.stderr
    assert "fonts-dejavu-core" in without.stderr and "HANDBOOK_FONT_DIR" in without.stderr
    agenda = fresh_project / "site" / slug / "pdf" / "dagsorden.pdf"
    assert agenda.is_file()
    strict = handbook("build", "--strict", "--only", slug, "--jobs", "1", cwd=fresh_project,
                      env={"HANDBOOK_FONT_DIR": str(fonts)}, check=False)
    assert strict.returncode == 1 and "Intet er ændret i det udgivne site." in strict.stderr
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"):
        shutil.copy(Path("/usr/share/fonts/truetype/dejavu") / face, fonts / face)
    installed = handbook("build", "--only", slug, "--jobs", "1", cwd=fresh_project, env={"HANDBOOK_FONT_DIR": str(fonts)})
    assert "advarsel: PDF'ernes skrift" not in installed.stderr
    assert "0 håndbog(er) bygget" in installed.stdout + installed.stderr   # the font keys the PDFs alone
    made = fresh_project / "site" / slug / "pdf"
    for name in PDFS:
        pdf = pypdf.PdfReader(made / f"{name}.pdf")
        base_fonts = [str(font.get_object()["/BaseFont"]) for page in pdf.pages
                      for font in (page["/Resources"].get_object().get("/Font") or {}).values()]
        assert base_fonts and all("Handbook-Sans" in font for font in base_fonts), (name, base_fonts)


NEW_FORM = """\
version: 1
title: Refleksion efter vagten
short_title: Refleksion
pdf_label: Hent refleksionen som udfyldelig PDF
sections:
  - id: vagten
    title: Vagten
    fields:
      - id: laert
        label: Hvad lærte du?
        type: textarea
      - id: antal_moeder
        label: Antal møder
        type: number
        default: meetings.count
"""


NEW_FORM_IN_ENGLISH = """\
title: Reflection after the shift
short_title: Reflection
pdf_label: Download the reflection as a fillable PDF
sections:
  vagten:
    title: The shift
    fields:
      laert: {label: What did you learn?}
      antal_moeder: {label: Number of meetings}
"""


def test_a_new_form_definition_gets_its_page_form_and_its_pdf_without_code(fresh_project):
    # A definition, its texts in the other edition, and a page in each edition that places it.
    (fresh_project / "content/forms/refleksion.yml").write_text(NEW_FORM, encoding="utf-8")
    (fresh_project / "content/forms/en/refleksion.yml").write_text(NEW_FORM_IN_ENGLISH, encoding="utf-8")
    for code, title in (("da", "Refleksion"), ("en", "Reflection")):
        (fresh_project / "content/guide" / code / "refleksion.md").write_text(
            f"# {title}\n\n{{{{ form(\"refleksion\") }}}}\n", encoding="utf-8")
    department = EXAMPLES[0]
    handbook("build", "--only", department.slug, "--jobs", "1", cwd=fresh_project)
    page = (fresh_project / "site" / department.slug / "refleksion.html").read_text(encoding="utf-8")
    assert 'data-handbook-form="refleksion"' in page
    assert 'href="pdf/refleksion.pdf"' in page and "Hent refleksionen som udfyldelig PDF" in page
    pdf = pypdf.PdfReader(fresh_project / "site" / department.slug / "pdf" / "refleksion.pdf")
    fields = pdf.get_fields()
    assert {"laert", "antal_moeder"} <= set(fields)
    assert fields["antal_moeder"].value == str(department.meetings.count)
    assert "Refleksion efter vagten" in page_texts(pdf)[0]
    english = pypdf.PdfReader(fresh_project / "site" / department.slug / "en" / "pdf" / "refleksion.pdf")
    assert "Reflection after the shift" in page_texts(english)[0] and set(english.get_fields()) == set(fields)


def words(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with where they start (points), top to bottom and left to right (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [sorted(((word, float(x), float(y)) for x, y, word in
                    re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)),
                   key=lambda w: (round(w[2]), w[1]))
            for page in html.split("<page ")[1:]]


def outline(items: list) -> list:
    """The titles of a PDF's outline, nested as it is."""
    return [outline(item) if isinstance(item, list) else item.title for item in items]


def differing_pixels(first: Path, second: Path, folder: Path) -> list[int]:
    """By page, how many pixels of the two PDFs' renders (100 dpi) differ visibly."""
    from PIL import Image, ImageChops

    counts = []
    for name, pdf in (("a", first), ("b", second)):
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(folder / name)], check=True)
    for a, b in zip(sorted(folder.glob("a*.png")), sorted(folder.glob("b*.png")), strict=True):
        difference = ImageChops.difference(Image.open(a).convert("L"), Image.open(b).convert("L"))
        counts.append(sum(difference.point(lambda value: 255 if value > 40 else 0).histogram()[255:]))
    return counts


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("name", FILLABLE)
def test_a_stamped_form_looks_like_the_form_laid_out_whole(tmp_path, name):
    """A form is its blank (laid out once for every department with as many meetings, from one layout for
    the most) with the department's layer stamped on (pdf/stamp.py). For other names, fewer meetings, the
    same count again after a smaller one, a name whose kicker takes two lines (a blank of its own) and a
    blank made for another department, it must look as the department's form laid out whole in one go:
    the same words in the same places, the same pixels but for sub-pixel letter spacing, and the same
    outline; and it must be byte for byte the form stamped on a blank laid out anew for the department
    alone (so a build's PDFs do not depend on which department a blank was made for)."""
    from generator.pdf.maker import PdfMaker

    first = max(EXAMPLES, key=lambda d: d.meetings.count)

    def varied(name: str, unit: str | None, count: int) -> Department:
        meetings = first.meetings.model_copy(update={"count": count})
        return first.model_copy(update={"name": name, "unit": unit, "meetings": meetings})

    others = [varied("Anden Afdeling", None, 3), varied("Tredje Afdeling", "Sengeafsnit", first.meetings.count),
              varied("Fjerde", None, 1), varied("Afdelingen med et meget langt navn " * 4, None, 5)]
    if not FORMS.form(name).per_meeting:
        del others[2]   # one meeting is only another field value here: the same case as three
    reusing = PdfMaker(PROJECT, PROJECT.main, font_cache=tmp_path / "fonts")
    fresh = PdfMaker(PROJECT, PROJECT.main, font_cache=tmp_path / "fonts")
    # The blanks for 12, 3 and 1 meetings are made for other departments than those that take them.
    reusing.lay_out_forms([first, varied("Blank", None, 3), varied("Blank", "Afsnit", 1)])
    for number, other in enumerate(others):
        stamped, anew, whole = (tmp_path / f"{kind}{number}.pdf" for kind in ("stamped", "anew", "whole"))
        reusing.form_pdf(name, other, stamped)
        fresh.layouts.clear()   # no kept layout and no blank: this one is laid out from scratch
        fresh.blanks.clear()
        fresh.form_pdf(name, other, anew)
        assert stamped.read_bytes() == anew.read_bytes()
        document = fresh.lay_out_whole(name, other)
        fresh.write(document, whole, fresh.field_values(name, other))
        stamped_words = words(stamped)
        for page, whole_page in zip(stamped_words, words(whole), strict=True):
            assert [w for w, _, _ in page] == [w for w, _, _ in whole_page]
            assert all(abs(x1 - x2) < 0.5 and abs(y1 - y2) < 0.5
                       for (_, x1, y1), (_, x2, y2) in zip(page, whole_page, strict=True))
        folder = tmp_path / f"renders{number}"
        folder.mkdir()
        assert max(differing_pixels(stamped, whole, folder)) < 300
        reader = pypdf.PdfReader(stamped)
        assert other.name.upper().split()[0] in [word for word, _, _ in stamped_words[0]]
        assert reader.metadata.title == pypdf.PdfReader(whole).metadata.title
        assert outline(reader.outline) == outline(pypdf.PdfReader(whole).outline)
        if name == "dagsorden":
            assert len(reader.pages) == other.meetings.count
            assert f"Møde {other.meetings.count} af {other.meetings.count}" in page_texts(reader)[-1]
            # The outline has a heading a meeting, the count a word of its own.
            titles = [item.title for item in reader.outline if not isinstance(item, list)]
            assert titles[-1].endswith(f" Møde {other.meetings.count} af {other.meetings.count}"), titles


def test_a_form_is_laid_out_whole_when_weasyprint_does_not_tell_where_the_kicker_line_went(tmp_path, monkeypatch):
    """The layers are stamped only where the blank's room for the kicker line is known to be where the layer
    draws it; a WeasyPrint release that no longer shows its boxes gets each form laid out whole instead."""
    from generator.pdf import reuse
    from generator.pdf.maker import PdfMaker

    monkeypatch.setattr(reuse, "kicker_geometry", lambda document: None)
    department = EXAMPLES[0]
    maker = PdfMaker(PROJECT, PROJECT.main, font_cache=tmp_path / "fonts")
    maker.lay_out_forms(EXAMPLES)
    assert not maker.blanks
    for name in FILLABLE:
        maker.form_pdf(name, department, tmp_path / f"{name}.pdf")
        pdf = pypdf.PdfReader(tmp_path / f"{name}.pdf")
        texts = page_texts(pdf)
        assert department.name.upper() in texts[0] and f"Side 1 af {len(pdf.pages)}" in texts[0]
        assert {k: v.get("/V") or "" for k, v in pdf.get_fields().items()} == expected_fields(name, department)
        if name == "dagsorden":
            assert len(pdf.pages) == department.meetings.count
            assert all(department.name.upper() in text for text in texts)
