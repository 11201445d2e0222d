"""Editions: every handbook in Danish and in English, from one source (issue 20).

The example project builds both (site_config.yml: editions: [da, en]); these tests read that build, and make
their own where they change something: a site in Danish alone, a department's English text, a pseudo-language
whose every catalog word is marked.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from babel.messages.pofile import read_po

from conftest import (
    CLOSE,
    OPEN,
    PSEUDO,
    ROOT,
    add_pseudo_edition,
    console_errors,
    copy_built,
    copy_project,
    handbook,
    serious_axe_violations,
)
from generator.inputs.languages import LOCALIZED
from generator.inputs.project import load_project
from synthetic import danish_only  # bench/: the benchmark's one-edition project is made the same way

PROJECT = load_project(ROOT / "site_config.yml")
SLUGS = [d.slug for d in PROJECT.departments]
PAGES = [name.removesuffix(".md") for name in PROJECT.main.guide.page_names]
# The outputs INTERFACE.md lists for a department, which the English edition has under SLUG/en/.
PDFS = ["samarbejdsaftale", "dagsorden", "evaluering", "stoettekort", "foer-du-starter"]


# ---------------------------------------------------------------- reading pages as a reader sees them


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _Visible(HTMLParser):
    """A page's visible text, leaving out what is marked as another language (`skip_lang`), scripts and styles."""

    def __init__(self, skip_lang: str | None = None):
        super().__init__()
        self.skip_lang = skip_lang
        self.stack: list[bool] = []   # per open element: hidden from this reading
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "input" and self.skip_lang is not None:
                self.parts += [value for name, value in attrs if name in ("placeholder", "value") and value]
            return
        attributes = dict(attrs)
        hidden = (tag in ("script", "style", "template") or (self.stack and self.stack[-1])
                  or (self.skip_lang is not None and attributes.get("lang") == self.skip_lang))
        self.stack.append(bool(hidden))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str, skip_lang: str | None = None) -> str:
    parser = _Visible(skip_lang)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# Danish words that English text never has (none that is also an English word: "for", "at", "side", "din"),
# and any word with æ, ø or å.
DANISH_WORDS = {"og", "det", "der", "et", "til", "af", "med", "som", "er", "ikke", "har", "kan", "skal", "vil",
                "eller", "fra", "om", "hvis", "jeres", "dit", "dine", "du", "jer", "vi", "hvor", "hvad", "hvem",
                "efter", "inden", "mellem", "hent", "udskriv", "gem", "skema", "dato", "afdeling", "afdelingen",
                "mentorordningen", "medarbejder", "leder", "dagsorden", "evaluering", "samarbejdsaftale", "kl", "tlf",
                "uge", "uger", "dag", "dage"}


class _Marked(HTMLParser):
    """The text of each element marked lang="da", one run an element."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.runs: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth or dict(attrs).get("lang") == "da":
            if not self.depth:
                self.runs.append([])
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in VOID and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.runs[-1].append(data)


def marked_texts(html: str) -> set[str]:
    """What a page marks as Danish (lang="da"), each element's text with its spaces made single."""
    parser = _Marked()
    parser.feed(html)
    return {" ".join(" ".join(run).split()) for run in parser.runs} - {""}


def danish_words(text: str, allowed: set[str]) -> list[str]:
    """The Danish words in `text`, once the values in `allowed` (the department's and the site's) are taken out."""
    for value in sorted(allowed, key=len, reverse=True):
        text = re.sub(re.escape(value), " ", text, flags=re.IGNORECASE)   # a kicker line may print in capitals
    words = re.findall(r"[^\W\d_]+", text)
    return sorted({w for w in words if w.casefold() in DANISH_WORDS or re.search("[æøåÆØÅ]", w)})


def own_values(department) -> set[str]:
    """What a department and the site write that an English page shows as written: names, e-mails, the site's
    name and hospital, and the department's texts where it gave no English (marked lang="da" on the pages)."""
    values = {PROJECT.config.hospital, PROJECT.config.site_name, department.name, department.slug}
    people = [department.leader, *department.intro_responsible, *department.mentors]
    values |= {p.name for p in people} | {p.email for p in people if p.email}
    values |= {r.name for r in department.roles if r.name} | {r.email for r in department.roles if r.email}
    return {v for v in values if v}


def untranslated_values(department) -> set[str]:
    """The department's Danish texts an English PDF shows for want of English ones (a PDF's text has no lang)."""
    english = department.in_language("en")
    found: set[str] = set()
    for path in LOCALIZED:
        for value in _values_at(english, path):
            if isinstance(value, list):
                found |= {item for item in value if getattr(item, "language", None) == "da"}
            elif getattr(value, "language", None) == "da":
                found.add(str(value))
    return found


def _values_at(value, path):
    if not path:
        yield value
        return
    if path[0] == "*":
        for item in value or []:
            yield from _values_at(item, path[1:])
    else:
        yield from _values_at(getattr(value, path[0], None), path[1:])


# ---------------------------------------------------------------- the English edition, as built


def test_every_page_and_pdf_of_the_interface_exists_in_english(site):
    for slug in SLUGS:
        for page in [*PAGES, "404"]:
            assert (site / slug / "en" / f"{page}.html").is_file(), (slug, page)
        for name in PDFS:
            assert (site / slug / "en" / "pdf" / f"{name}.pdf").is_file(), (slug, name)
    assert (site / "en" / "index.html").is_file()


def test_english_pages_say_no_danish_word_but_the_departments_own_marked_as_danish(site):
    found = {}
    for department in PROJECT.departments:
        for page in [*PAGES, "404"]:
            html = (site / department.slug / "en" / f"{page}.html").read_text(encoding="utf-8")
            assert '<html lang="en" ' in html, (department.slug, page)
            words = danish_words(visible_text(html, skip_lang="da"), own_values(department))
            if words:
                found[(department.slug, page)] = words
    portal = (site / "en" / "index.html").read_text(encoding="utf-8")
    everyone = set().union(*(own_values(d) for d in PROJECT.departments))
    if words := danish_words(visible_text(portal, skip_lang="da"), everyone):
        found[("portal", "index")] = words
    assert found == {}


def test_english_pdfs_are_english_tagged_and_say_no_danish_word(site):
    found = {}
    for department in PROJECT.departments:
        # A PDF's text has no lang: what the pages mark as Danish (the department's texts, the guide's Danish
        # terms in brackets) is allowed in its PDFs.
        marked = {text for page in PAGES
                  for text in marked_texts((site / department.slug / "en" / f"{page}.html").read_text("utf-8"))}
        allowed = own_values(department) | untranslated_values(department) | marked
        for name in PDFS:
            reader = pypdf.PdfReader(site / department.slug / "en" / "pdf" / f"{name}.pdf")
            assert reader.trailer["/Root"]["/Lang"] == "en-GB", (department.slug, name)
            assert not re.search("[æøå]", str(reader.metadata.title)) or department.name in reader.metadata.title
            text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
            if words := danish_words(text, allowed):
                found[(department.slug, name)] = words
    assert found == {}


def test_danish_pages_and_pdfs_stay_danish(site):
    for slug in SLUGS:
        html = (site / slug / "samarbejdsaftale.html").read_text(encoding="utf-8")
        assert '<html lang="da"' in html
        assert pypdf.PdfReader(site / slug / "pdf" / "dagsorden.pdf").trailer["/Root"]["/Lang"] == "da"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "hreflang" in attributes:
            self.links.append({"tag": tag, **attributes})


def language_links(path: Path) -> list[dict]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


@pytest.mark.parametrize("page", [*PAGES, "404"])
def test_every_page_links_to_the_same_page_in_the_other_edition_and_back(site, page):
    for slug in SLUGS:
        danish, english = site / slug / f"{page}.html", site / slug / "en" / f"{page}.html"
        for here, there, lang in ((danish, english, "en"), (english, danish, "da")):
            links = language_links(here)
            assert {link["tag"] for link in links} == {"a", "link"}, (here, links)
            for link in links:
                assert link["hreflang"] == lang
                assert not re.match(r"\w+:", link["href"]), link   # nothing that calls the network
                if page == "404":   # a server shows it at any address: its links are written from the site's root
                    assert posixpath.normpath(link["href"]).endswith(f"/{there.relative_to(site)}"), link
                else:
                    assert (here.parent / link["href"]).resolve() == there.resolve(), (here, link)


def test_the_portal_links_to_its_other_edition_and_back(site):
    for here, there, lang in ((site / "index.html", site / "en" / "index.html", "en"),
                              (site / "en" / "index.html", site / "index.html", "da")):
        links = language_links(here)
        assert links and all(link["hreflang"] == lang for link in links)
        assert {(here.parent / link["href"]).resolve() for link in links} == {there.resolve()}
    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="../{slug}/en/index.html"' in english for slug in SLUGS)


def test_a_department_without_english_texts_shows_the_danish_ones_marked_and_said(site):
    # ortopaedkirurgi.yml is written in Danish alone.
    department = PROJECT.department("ortopaedkirurgi")
    assert untranslated_values(department)
    html = (site / department.slug / "en" / "roller.html").read_text(encoding="utf-8")
    for title in {p.title for p in [department.leader, *department.intro_responsible] if p.title}:
        assert f'<span lang="da">{title}</span>' in html
    practical = next(d for d in PROJECT.departments if untranslated_values(d) and d.practical
                     and d.practical[0].text in untranslated_values(d))
    pack = (site / practical.slug / "en" / "foer-du-starter.html").read_text(encoding="utf-8")
    assert "The department has written this text in Danish only." in pack
    assert re.search(r'<div lang="da">\s*<p>', pack)


def test_a_department_with_english_texts_shows_them(site):
    department = next(d for d in PROJECT.departments if d.welcome and not untranslated_values(d))
    english = department.in_language("en")
    html = (site / department.slug / "en" / "index.html").read_text(encoding="utf-8")
    assert english.welcome.splitlines()[0] in visible_text(html)
    assert department.welcome.splitlines()[0] not in visible_text(html)
    assert "Danish only" not in html
    # What the page marks as Danish is the guide's own terms in brackets and the link to the Danish edition.
    assert marked_texts(html) and all(len(text.split()) <= 3 for text in marked_texts(html))


# ---------------------------------------------------------------- the plan page in English, in a browser


def test_the_plan_page_in_english_gives_english_dates_calendar_and_mail(browser, site):
    from urllib.parse import parse_qs, urlsplit

    import icalendar

    context = browser.new_context(accept_downloads=True)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", console_errors(errors))
    page.goto((site / "akutafdelingen" / "en" / "ny-medarbejder.html").as_uri())
    page.wait_for_selector("[data-plan-actions]:not([hidden])", state="attached")
    page.fill("[name=navn]", "Anna Smith")
    page.fill("[name=start]", "2027-03-23")
    first = page.locator("[data-plan] [data-meeting][data-date]").first.inner_text()
    assert "Tuesday 6 April 2027" in first and "13:00" in first
    body = parse_qs(urlsplit(page.get_attribute("[data-action=mail]", "href")).query)["body"][0]
    assert body.startswith("Dear Anna Smith") and "Tuesday 23 March 2027" in body
    assert danish_words(body, own_values(PROJECT.department("akutafdelingen"))
                        | untranslated_values(PROJECT.department("akutafdelingen"))) == []
    with page.expect_download() as info:
        page.click("[data-action=ics]")
    events = icalendar.Calendar.from_ical(Path(info.value.path()).read_text(encoding="utf-8")).walk("VEVENT")
    assert events and all("Mentoring meeting" in str(event["SUMMARY"]) for event in events)
    assert page.evaluate("document.documentElement.lang") == "en"
    context.close()
    assert errors == []


# A sample: the front page, a form and the pack's page, with the department's Danish texts marked; the plan
# page and the cards are the Danish ones' templates, which test_site_browser and test_plan_browser check whole.
@pytest.mark.parametrize("page", ["index", "samarbejdsaftale", "foer-du-starter"])
def test_english_pages_pass_axe(browser, site, page):
    tab = browser.new_page()
    tab.goto((site / "akutafdelingen" / "en" / f"{page}.html").as_uri())
    assert serious_axe_violations(tab) == []
    tab.close()


# ---------------------------------------------------------------- Danish stays as it was


def test_language_da_gives_the_same_bytes_as_editions_da(tmp_path):
    sites = []
    for name, line in (("language", "language: da"), ("editions", "editions: [da]")):
        danish_only(copy_project(tmp_path / name), line)
        handbook("build", "--no-pdf", "--only", "akutafdelingen", cwd=tmp_path / name)
        sites.append(tmp_path / name / "site")
    assert _files(sites[0]) == _files(sites[1])


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its name, but the marker that lists them (the output folder's own)."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
            and not p.name.startswith(".handbook-site")}


# The language switch: the one thing a Danish page of a site with an English edition has more.
_SWITCH = [re.compile(r'<link rel="alternate" hreflang="[^"]+" href="[^"]*">'),
           re.compile(r'\n  <span class="hb-editions">.*?</span>'),
           re.compile(r'<p class="editions">.*?</p>')]


def test_the_danish_files_of_a_two_edition_build_equal_a_danish_build(html_built, tmp_path):
    danish = copy_project(tmp_path / "danish")
    danish_only(danish)
    handbook("build", "--no-pdf", cwd=danish.parent)
    one = _files(danish.parent / "site")
    both = {name: data for name, data in _files(html_built / "site").items()
            if not (name.startswith("en/") or "/en/" in name)}
    assert one.keys() == both.keys()
    changed = [name for name in one if _without_switch(one[name]) != _without_switch(both[name])]
    assert changed == []


def _without_switch(data: bytes) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    for pattern in _SWITCH:
        text = pattern.sub("", text)
    return text.encode("utf-8")


# ---------------------------------------------------------------- a department's texts per language


def test_changing_one_departments_english_text_rebuilds_only_its_english_edition(built_project):
    slug = "akutafdelingen"
    site = built_project / "site"
    inodes = {p: p.stat().st_ino for p in site.rglob("*.html")}
    path = built_project / "content" / "departments" / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    english = re.search(r"^welcome:\n(?:  .*\n|\n)*?  en: \|\n    (.*)$", text, flags=re.M)
    assert english, "akutafdelingen.yml gives its welcome in English"
    path.write_text(text.replace(english.group(1), english.group(1) + " (changed)", 1), encoding="utf-8")
    assert handbook("build", "--no-pdf", cwd=built_project).stderr.splitlines()[-1].startswith("1 håndbog(er) bygget")
    portals = {site / "index.html", site / "en" / "index.html"}   # written by every publish
    remade = sorted(str(p.relative_to(site)) for p, inode in inodes.items()
                    if p not in portals and p.stat().st_ino != inode)
    assert remade and all(name.startswith(f"{slug}/en/") for name in remade), remade
    assert "(changed)" in (site / slug / "en" / "index.html").read_text(encoding="utf-8")


def test_a_language_the_site_has_no_edition_for_is_refused_at_its_line(fresh_project):
    path = fresh_project / "content" / "departments" / "ortopaedkirurgi.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^name: (.*)$", "name: \\1\nunit:\n  da: Afsnit O1\n  fr: Salle O1", text, count=1,
                           flags=re.M), encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "fr: Salle" in row)
    assert result.returncode == 1
    assert f"ortopaedkirurgi.yml:{line}: unit.fr: sitet har ingen udgave på sproget 'fr'" in result.stderr


def test_a_text_per_language_without_the_danish_one_is_refused(fresh_project):
    path = fresh_project / "content" / "departments" / "ortopaedkirurgi.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^name: (.*)$", "name: \\1\nunit:\n  en: Ward O1", text, count=1, flags=re.M),
                    encoding="utf-8")
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    assert "unit: teksten på dansk (da) mangler" in result.stderr


def test_validate_notes_a_department_whose_english_texts_are_missing(site):
    result = handbook("validate", "--no-pdf", cwd=site.parent, check=False)
    notes = [line for line in result.stderr.splitlines() if "findes ikke på engelsk" in line]
    assert any(line.startswith("content/departments/ortopaedkirurgi.yml:") for line in notes)
    assert all("bemærk:" in line for line in notes) and result.returncode == 0


def test_an_english_edition_that_cannot_be_made_does_not_hold_back_the_danish_one(pdf_built_project):
    slug = "boerneafdelingen"
    path = pdf_built_project / "content" / "departments" / f"{slug}.yml"
    # Five items of about 9,000 characters in English (each within the 20,000 a text may have), a line in Danish.
    long_text = "".join(
        f"  - title: {{da: Mere {item}, en: More {item}}}\n    text:\n      da: Kort.\n      en: |\n" + "".join(
            f"        Paragraph {n}: {'a long English sentence about the first weeks. ' * 12}\n\n" for n in range(15))
        for item in range(5))
    text = path.read_text(encoding="utf-8")
    text = text.replace("practical:\n", "practical:\n" + long_text, 1) if "\npractical:\n" in text else (
        text + "\npractical:\n" + long_text)
    path.write_text(text, encoding="utf-8")
    before = (pdf_built_project / "site" / slug / "en" / "index.html").read_bytes()
    checked = handbook("validate", slug, cwd=pdf_built_project)   # a warning, as the build says: exit 0
    warned = [line for line in checked.stderr.splitlines() if line.startswith("advarsel: ")]
    assert len(warned) == 1 and warned[0].startswith(f"advarsel: {slug}: den engelske udgave: foer-du-starter.pdf fylder ")
    result = handbook("build", cwd=pdf_built_project, check=False)
    assert "den engelske udgave" in result.stderr and "foer-du-starter.pdf fylder" in result.stderr
    assert "Paragraph 1" not in (pdf_built_project / "site" / slug / "en" / "index.html").read_text(encoding="utf-8")
    assert (pdf_built_project / "site" / slug / "en" / "index.html").read_bytes() == before
    danish = (pdf_built_project / "site" / slug / "foer-du-starter.html").read_text(encoding="utf-8")
    assert "Mere 0" in danish   # the Danish edition has the change


def test_eject_writes_the_english_edition_when_asked(site, tmp_path):
    handbook("eject", "akutafdelingen", str(tmp_path / "en"), "--edition", "en", cwd=site.parent)
    config = (tmp_path / "en" / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+language: en$", config, flags=re.M)
    assert (tmp_path / "en" / "docs" / "pdf" / "dagsorden.pdf").is_file()
    refused = handbook("eject", "akutafdelingen", str(tmp_path / "fr"), "--edition", "fr", cwd=site.parent,
                       check=False)
    assert refused.returncode == 1 and "sitet har ingen udgave 'fr'" in refused.stderr


# ---------------------------------------------------------------- every word through a catalog


def test_the_template_of_the_generators_words_is_current(tmp_path):
    """generator/locale/messages.pot holds every word of the sources (make i18n); a new word not extracted
    would reach no catalog, and show Danish on an English page."""
    fresh = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "t",
                    "-k", "pgettext:1c,2", "-k", "count:2,3", "-o", str(fresh), "."],
                   cwd=ROOT, check=True, capture_output=True)

    def ids(path: Path) -> set:
        with open(path, "rb") as handle:
            return {(m.context, m.id) for m in read_po(handle) if m.id}

    assert ids(fresh) == ids(ROOT / "generator" / "locale" / "messages.pot")


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pseudo")
    copy_project(folder)
    add_pseudo_edition(folder)
    handbook("build", "--only", "radiologi", "--jobs", "1", cwd=folder)
    return folder / "site"


# What the pseudo-language's pages show that is ours, not the guide page's own text: the forms, cards, plan and
# download links (the blocks), the link to the portal, the footer's accessibility statement.
_OURS = ("hb-form", "hb-cards", "hb-plan", "hb-pdf-link", "hb-portal-link", "hb-accessibility-link", "hb-notfound")


class _Blocks(HTMLParser):
    """The visible text of our own blocks of a page (_OURS), each text run apart."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.hidden = 0
        self.runs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if self.depth and tag == "input":
                self.runs += [v for n, v in attrs if n == "placeholder" and v]
            return
        classes = (dict(attrs).get("class") or "").split()
        ours = any(c in _OURS for c in classes)
        if self.depth or ours:
            self.depth += 1
        if self.hidden or tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.depth:
            self.depth -= 1
        if self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden and data.strip():
            self.runs.append(data.strip())


def test_no_word_of_ours_escapes_the_catalogs(pseudo_site):
    """Every word the generator's blocks and the theme's templates show in the pseudo-language comes marked from
    its catalog or its forms' texts; only the department's and the site's own values and numbers are bare."""
    department = PROJECT.department("radiologi")
    allowed = own_values(department) | {str(v) for v in untranslated_values(department)}
    allowed |= {department.unit or "", department.meetings.place or "", *(r.title for r in department.roles)}
    bare = {}
    for page in [*PAGES, "404"]:
        parser = _Blocks()
        parser.feed((pseudo_site / "radiologi" / PSEUDO / f"{page}.html").read_text(encoding="utf-8"))
        if words := unmarked_words(" ".join(parser.runs), allowed):
            bare[page] = words
    assert bare == {}


def unmarked_words(text: str, allowed: set[str]) -> list[str]:
    """The words of `text` outside the pseudo-language's marks (which may nest, and span tags and lines), once
    the values in `allowed` are taken out."""
    address = f"[^\\s{OPEN}{CLOSE}]+"
    text = re.sub(f"https?://{address}|{address}@{address}", " ", " ".join(text.split()))   # addresses are no words
    while True:
        inner = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
        if inner == text:
            break
        text = inner
    for value in sorted((" ".join(v.split()) for v in allowed if v), key=len, reverse=True):
        text = re.sub(re.escape(value), " ", text, flags=re.IGNORECASE)
    return re.findall(r"[^\W\d_]{2,}", text)


def test_the_pseudo_languages_pdfs_are_marked_too(pseudo_site):
    department = PROJECT.department("radiologi")
    allowed = own_values(department) | untranslated_values(department) | {department.unit or ""}
    for name in ["samarbejdsaftale", "dagsorden", "evaluering"]:
        reader = pypdf.PdfReader(pseudo_site / "radiologi" / PSEUDO / "pdf" / f"{name}.pdf")
        assert reader.trailer["/Root"]["/Lang"] == PSEUDO
        text = " ".join(page.extract_text() or "" for page in reader.pages)
        assert unmarked_words(text, allowed) == [], name
        tooltips = [str(field.get("/TU", "")) for field in reader.get_fields().values()]
        assert tooltips and all(OPEN in tip for tip in tooltips if tip)


def test_a_copied_build_of_two_editions_is_a_no_op(html_built, tmp_path):
    copied = copy_built(html_built, tmp_path / "copy")
    assert "Intet er ændret" in handbook("build", "--no-pdf", cwd=copied).stderr
