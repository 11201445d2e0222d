"""The handbook and the portal in a real browser, opened straight from disk (file://)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import console_errors, copy_project, handbook, serious_axe_violations
from test_build import EXAMPLES
from test_incremental import change_department


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.requests_outside, page.errors = [], []
    page.on("request", lambda r: r.url.startswith(("file://", "data:", "blob:", "about:"))
            or page.requests_outside.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", console_errors(page.errors))
    yield page
    context.close()


def test_search_finds_pages_from_disk(page, site):
    department = EXAMPLES[0]
    page.goto((site / department.slug / "index.html").as_uri())
    page.get_by_label("Søg").first.click()
    results = page.locator(".md-search-result__item")
    # The index loads in the background; a query typed before it is ready is answered by the next one.
    for _ in range(20):
        search = page.locator("input.md-search__input")
        search.fill("")
        search.press_sequentially("introduktionsansvarlig")
        if results.count():
            break
        page.wait_for_timeout(500)
    assert results.count() >= 1
    assert any("roller.html" in (link or "") for link in
               page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert page.requests_outside == [] and page.errors == []


def test_portal_filters_departments_from_disk(page, site):
    page.goto((site / "index.html").as_uri())
    items = page.locator("ul.departments li")
    assert items.count() == len(EXAMPLES)
    target = EXAMPLES[-1]
    page.get_by_label("Find din afdeling").fill(target.name.split()[0].lower())
    visible = [item.inner_text() for item in items.all() if item.is_visible()]
    assert visible and all(target.name.split()[0] in text for text in visible)
    page.get_by_role("link", name=target.name).click()
    assert page.url.endswith(f"/{target.slug}/index.html")
    assert page.requests_outside == [] and page.errors == []


@pytest.mark.parametrize("name", ["index", "foer-du-starter", "mentorordning", "faser", "roller", "stoettekort"])
def test_guide_pages_load_accessible_without_errors_or_outside_requests(page, site, name):
    page.goto((site / EXAMPLES[0].slug / f"{name}.html").as_uri())
    page.wait_for_load_state("load")
    assert page.locator("h1").first.is_visible()
    assert serious_axe_violations(page) == []
    assert page.requests_outside == [] and page.errors == []


def test_portal_is_accessible(page, site):
    page.goto((site / "index.html").as_uri())
    assert serious_axe_violations(page) == []


# ---------------------------------------------------------------- phones, the portal's search, the 404 page


def every_page(site):
    return ["index.html"] + [f"{d.slug}/{p.name}" for d in EXAMPLES[:2] for p in sorted((site / d.slug).glob("*.html"))
                             if p.name != "404.html"]


def test_nothing_is_wider_than_a_phone(browser, site):
    """At 390 px no page scrolls sideways and no table loses a column: tables reflow into one block a row."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for name in every_page(site):
            page.goto((site / name).as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
            edges = page.evaluate("""[...document.querySelectorAll('table')].map(t => {
                const r = t.getBoundingClientRect(); return [r.left, r.right, t.scrollWidth - t.clientWidth]; })""")
            for left, right, hidden in edges:
                assert left >= 0 and right <= 390 and hidden <= 1, (name, left, right, hidden)
        # Each cell is labelled with its column's header, so a row reads on its own.
        page.goto((site / EXAMPLES[0].slug / "faser.html").as_uri())
        first = page.locator("table tbody tr").first
        assert first.locator("td").nth(1).evaluate("e => getComputedStyle(e, '::before').content").startswith('"Hvornår')
        assert "Forberedelsesfasen" in first.inner_text() and "Før den nye medarbejder starter" in first.inner_text()
    finally:
        context.close()


def test_portal_finds_a_department_by_anything_on_its_card_and_by_its_people(page, site):
    page.goto((site / "index.html").as_uri())
    search = page.get_by_label("Find din afdeling")
    items = page.locator("ul.departments > li")

    def shown():
        return [item.inner_text() for item in items.all() if item.is_visible()]

    radiology = next(d for d in EXAMPLES if d.leader.title and "radiograf" in d.leader.title.lower())
    search.fill("radiograf")
    assert [radiology.name in text for text in shown()] == [True]
    person = radiology.intro_responsible[0]
    search.fill(person.name.lower())
    assert len(shown()) == 1 and radiology.name in shown()[0] and f"Fundet: {person.name}" in shown()[0]
    with_mentors = next(d for d in EXAMPLES if d.mentors)
    search.fill(with_mentors.mentors[0].name)
    assert any(with_mentors.name in text for text in shown())
    search.fill("ingen afdeling hedder sådan")
    assert shown() == [] and page.locator("#none").is_visible()
    assert page.requests_outside == [] and page.errors == []


@pytest.fixture
def web_server(site):
    """The site on a local web server under /mentorordning/, answering unknown addresses with the 404 page."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return super().translate_path(path.replace("/mentorordning", "", 1))

        def send_error(self, code, message=None, explain=None):
            slug = self.path.split("/")[2] if self.path.count("/") > 2 else ""
            not_found = site / slug / "404.html"
            if code != 404 or not slug or not not_found.is_file():
                return super().send_error(code, message, explain)
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mentorordning/"
    server.shutdown()


def test_404_page_is_danish_searchable_and_accessible(page, web_server):
    slug = EXAMPLES[0].slug
    response = page.goto(f"{web_server}{slug}/findes-ikke.html")
    assert response.status == 404
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    assert page.title().startswith("Siden findes ikke")
    assert page.locator("html").get_attribute("lang") == "da"
    assert serious_axe_violations(page) == []
    field = page.get_by_label("Hvad leder du efter?")
    field.fill("introduktionsansvarlig")
    results = page.locator(".md-search-result__item")
    for _ in range(20):  # the index loads in the background
        field.press("Enter")
        if results.count():
            break
        page.wait_for_timeout(500)
    assert results.count() >= 1
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Forsiden af håndbogen").click()
    assert page.url.endswith(f"/mentorordning/{slug}/index.html")
    # Only the 404 answer itself is an error; nothing is fetched from outside.
    assert page.requests_outside == [] or all(u.startswith(web_server) for u in page.requests_outside)
    assert [e for e in page.errors if "404" not in e] == []


# ---------------------------------------------------------------- "Café" however it is typed

CAFE = "Café Stjernen"   # as the department's data reaches the pages: NFC
CAFE_FORMS = {"NFC": unicodedata.normalize("NFC", "Café"), "NFD": unicodedata.normalize("NFD", "Café")}


@pytest.fixture(scope="module")
def cafe_site(tmp_path_factory) -> Path:
    """The example site with one department named "Café Stjernen"."""
    folder = tmp_path_factory.mktemp("cafe")
    copy_project(folder)
    change_department(folder, EXAMPLES[-1].slug, CAFE)
    handbook("build", "--no-pdf", "--jobs", "1", cwd=folder)
    return folder / "site"


@pytest.mark.parametrize("form", CAFE_FORMS)
def test_the_portal_finds_cafe_typed_in_either_unicode_form(page, cafe_site, form):
    page.goto((cafe_site / "index.html").as_uri())
    page.get_by_label("Find din afdeling").fill(CAFE_FORMS[form].lower())
    shown = [item.inner_text() for item in page.locator("ul.departments > li").all() if item.is_visible()]
    assert len(shown) == 1 and CAFE in shown[0]
    assert page.requests_outside == [] and page.errors == []


@pytest.mark.parametrize("form", CAFE_FORMS)
def test_the_search_finds_cafe_typed_in_either_unicode_form(page, cafe_site, form):
    page.goto((cafe_site / EXAMPLES[-1].slug / "index.html").as_uri())
    page.get_by_label("Søg").first.click()
    search = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    # As a paste gives it (an input event), then a key let go: Material reads the field on keyup.
    for _ in range(20):
        search.fill("")
        search.fill(CAFE_FORMS[form])
        search.press("End")
        if results.count():
            break
        page.wait_for_timeout(500)
    assert search.input_value() == CAFE_FORMS["NFC"]
    assert results.count() >= 1 and CAFE_FORMS["NFC"] in results.first.inner_text()
    assert page.requests_outside == [] and page.errors == []
