"""The handbook and the portal in a real browser, opened straight from disk (file://)."""

from __future__ import annotations

import pytest

from conftest import serious_axe_violations
from test_build import EXAMPLES


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.requests_outside, page.errors = [], []
    page.on("request", lambda r: r.url.startswith(("file://", "data:", "blob:", "about:"))
            or page.requests_outside.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
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
