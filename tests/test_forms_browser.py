"""The fillable pages in a real browser (Debian's Chromium), opened straight from disk (file://).

Each test gets a fresh browser context: its own sessionStorage and localStorage.
In Chromium every file:// page of a context shares one localStorage, while
sessionStorage belongs to one tab: a new page in the same context starts with
an empty sessionStorage, like a second tab the user opens by hand.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from conftest import console_errors, serious_axe_violations
from generator.inputs.project import load_project

ROOT = Path(__file__).resolve().parent.parent
FORMS = ("samarbejdsaftale", "dagsorden", "evaluering")
DEPARTMENT = max(load_project(ROOT / "site_config.yml").departments, key=lambda d: d.meetings.count)
PREFIX = f"handbook/v1/{DEPARTMENT.slug}/"


class Tab:
    """A page that records what the tests forbid: script errors, requests outside the site, dialogs."""

    def __init__(self, page: Page, site: Path):
        self.page, self.site = page, site
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", console_errors(self.errors))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.type)
        dialog.accept()

    def open(self, name: str, hash: str = "") -> Page:
        self.page.goto((self.site / DEPARTMENT.slug / f"{name}.html").as_uri() + hash)
        self.page.wait_for_selector("[data-controls]:not([hidden])", state="attached")
        return self.page

    def form(self, name: str, meeting: int | None = None):
        selector = f'form[data-handbook-form="{name}"]' + (f'[data-meeting="{meeting}"]' if meeting else "")
        return self.page.locator(selector)


class Browser:
    def __init__(self, browser, site: Path):
        self.browser, self.site = browser, site
        self.contexts, self.tabs = [], []

    def tab(self, context=None, **options) -> Tab:
        if context is None:
            context = self.browser.new_context(accept_downloads=True, **options)
            self.contexts.append(context)
        tab = Tab(context.new_page(), self.site)
        self.tabs.append(tab)
        return tab


@pytest.fixture
def chromium(browser, site):
    """New tabs on demand; at the end, no tab may have had a script error or a request outside the site."""
    helper = Browser(browser, site)
    yield helper
    for context in helper.contexts:
        context.close()
    for tab in helper.tabs:
        assert tab.errors == [], tab.errors
        assert [url for url in tab.requests if not url.startswith("file://")] == []


@pytest.fixture
def tab(chromium) -> Tab:
    return chromium.tab()


# ---------------------------------------------------------------- helpers


def controls(form) -> list[dict]:
    return form.locator("input[name], textarea[name]").evaluate_all(
        "els => els.map(e => ({id: e.id, name: e.name, type: e.type, value: e.value, initial: e.defaultValue}))")


def sample(control: dict, n: int) -> str:
    """A distinct answer for each field, Danish letters and several lines where a field takes them."""
    if control["type"] == "date":
        return f"2026-03-{n % 28 + 1:02d}"
    if control["type"] == "number":
        return str(n + 2)
    if control["type"] == "textarea":
        return f"Svar {n}: æøå ÆØÅ\nanden linje «{control['name']}»\n- tredje linje"
    return f"Svar {n} æøå ÆØÅ"


def fill_all(page: Page, form) -> dict[str, str]:
    answers = {}
    for n, control in enumerate(controls(form)):
        answers[control["name"]] = sample(control, n)
        page.fill(f"#{control['id']}", answers[control["name"]])
    return answers


def values(form) -> dict[str, str]:
    return {c["name"]: c["value"] for c in controls(form)}


def defaults(form) -> dict[str, str]:
    return {c["name"]: c["initial"] for c in controls(form)}


def stored(page: Page, storage: str = "sessionStorage") -> dict:
    return page.evaluate(f"""() => Object.fromEntries(Object.keys({storage})
        .filter(k => k.startsWith({json.dumps(PREFIX)})).map(k => [k.slice({len(PREFIX)}), {storage}.getItem(k)]))""")


def export(page: Page, form) -> dict:
    with page.expect_download() as download:
        form.locator('[data-action="export"]').click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def import_file(page: Page, form, data: object, tmp_path: Path) -> str:
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status = form.locator("[data-status]")
    status.evaluate("el => { el.textContent = ''; }")   # so that the answer to this import is awaited
    form.locator('[data-action="import"]').set_input_files(str(path))
    page.wait_for_function("el => el.textContent.length > 0 && !el.textContent.startsWith('Gemt')",
                           arg=status.element_handle())
    return status.text_content()


def pdf_text(page: Page) -> str:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return "\n".join(p.extract_text() for p in reader.pages)


# ---------------------------------------------------------------- keeping answers


@pytest.mark.parametrize("name", FORMS)
def test_every_field_is_kept_over_a_reload(tab, name):
    page = tab.open(name)
    form = tab.form(name, 1 if name == "dagsorden" else None)
    answers = fill_all(page, form)
    assert len(answers) >= 10
    page.reload()
    assert values(tab.form(name, 1 if name == "dagsorden" else None)) == answers
    record = json.loads(stored(page)[name + ("/1" if name == "dagsorden" else "")])
    assert record["form"] == name and record["department"] == DEPARTMENT.slug and record["version"] >= 1
    assert record["answers"] == answers


def test_department_values_are_the_editable_defaults(tab):
    page = tab.open("samarbejdsaftale")
    assert page.input_value("#samarbejdsaftale-antal_moeder") == str(DEPARTMENT.meetings.count)
    assert page.input_value("#samarbejdsaftale-varighed") == str(DEPARTMENT.meetings.duration_minutes)
    assert page.input_value("#samarbejdsaftale-tid_og_sted") == (DEPARTMENT.meetings.place or "")
    page.fill("#samarbejdsaftale-antal_moeder", "3")
    page.reload()
    assert page.input_value("#samarbejdsaftale-antal_moeder") == "3"


def test_each_meeting_keeps_its_own_answers(tab):
    count = DEPARTMENT.meetings.count
    assert count >= 2
    page = tab.open("dagsorden")
    nav = page.locator("[data-meetings-nav] a")
    assert nav.count() == count
    assert tab.form("dagsorden", 1).is_visible() and not tab.form("dagsorden", 2).is_visible()
    page.fill("#dagsorden-1-tema", "Møde ét: overlevering")
    nav.nth(1).click()
    assert tab.form("dagsorden", 2).is_visible() and not tab.form("dagsorden", 1).is_visible()
    assert page.url.endswith("#dagsorden-2")
    assert page.evaluate("document.activeElement.id") == "dagsorden-2-title"
    assert page.input_value("#dagsorden-2-tema") == ""
    page.fill("#dagsorden-2-tema", "Møde to: medicin")
    page.reload()
    assert tab.form("dagsorden", 2).is_visible()
    assert page.input_value("#dagsorden-1-tema") == "Møde ét: overlevering"
    assert page.input_value("#dagsorden-2-tema") == "Møde to: medicin"
    assert set(stored(page)) == {"dagsorden/1", "dagsorden/2"}
    # The navigation shows which meetings have answers, in words for screen readers.
    states = nav.evaluate_all("els => els.map(a => a.textContent)")
    assert states[0].endswith("(har svar)") and states[1].endswith("(har svar)")
    assert not any(s.endswith("(har svar)") for s in states[2:])
    assert nav.nth(1).get_attribute("aria-current") == "true"


def test_a_second_tab_sees_the_answers_only_when_remembered(chromium):
    first = chromium.tab()
    page = first.open("samarbejdsaftale")
    page.fill("#samarbejdsaftale-mentee", "Nora Nielsen")
    # A second tab: in the same browser, and in another browser profile.
    for other in (chromium.tab(page.context), chromium.tab()):
        assert other.open("samarbejdsaftale").input_value("#samarbejdsaftale-mentee") == ""
    assert stored(page, "localStorage") == {}

    page.check("#samarbejdsaftale-remember")
    assert "på denne computer" in first.form("samarbejdsaftale").locator("[data-status]").text_content()
    assert set(stored(page, "localStorage")) == {"remember", "samarbejdsaftale"}
    assert stored(page) == {}
    second = chromium.tab(page.context)
    assert second.open("samarbejdsaftale").input_value("#samarbejdsaftale-mentee") == "Nora Nielsen"
    assert second.page.is_checked("#samarbejdsaftale-remember")
    # Every form of the department is remembered, not just this one.
    second.open("dagsorden").fill("#dagsorden-1-tema", "Husket")
    assert "dagsorden/1" in stored(second.page, "localStorage")

    page.uncheck("#samarbejdsaftale-remember")
    assert stored(page, "localStorage") == {}
    assert set(stored(page)) >= {"samarbejdsaftale", "dagsorden/1"}
    assert chromium.tab(page.context).open("samarbejdsaftale").input_value("#samarbejdsaftale-mentee") == ""


# ---------------------------------------------------------------- moving answers


def test_export_clear_import_restores_every_value(tab, tmp_path):
    page = tab.open("samarbejdsaftale")
    form = tab.form("samarbejdsaftale")
    answers = fill_all(page, form)
    data = export(page, form)
    assert data["form"] == "samarbejdsaftale" and data["department"] == DEPARTMENT.slug
    assert data["version"] >= 1 and re.match(r"\d{4}-\d\d-\d\dT", data["time"])
    assert data["answers"] == answers and "æøå ÆØÅ" in data["answers"]["mentor"]

    form.locator('[data-action="clear"]').click()
    assert "confirm" in tab.dialogs
    assert values(form) == defaults(form)
    assert stored(page) == {}
    assert "ryddet" in form.locator("[data-status]").text_content()

    status = import_file(page, form, data, tmp_path)
    assert "hentet" in status
    assert values(form) == answers
    page.reload()
    assert values(tab.form("samarbejdsaftale")) == answers


def test_clear_asks_first_and_changes_nothing_when_declined(tab):
    page = tab.open("samarbejdsaftale")
    page.fill("#samarbejdsaftale-mentor", "Bliver stående")
    page.once("dialog", lambda d: d.dismiss())
    page.remove_listener("dialog", tab._dialog)
    tab.form("samarbejdsaftale").locator('[data-action="clear"]').click()
    assert page.input_value("#samarbejdsaftale-mentor") == "Bliver stående"
    assert "samarbejdsaftale" in stored(page)


def test_a_file_for_another_form_department_or_meeting_is_refused(tab, tmp_path):
    page = tab.open("dagsorden")
    agenda = tab.form("dagsorden", 1)
    page.fill("#dagsorden-1-tema", "Fra dagsordenen")
    agenda_file = export(page, agenda)

    page = tab.open("samarbejdsaftale")
    form = tab.form("samarbejdsaftale")
    page.fill("#samarbejdsaftale-mentor", "Uændret")
    before, record = values(form), stored(page)["samarbejdsaftale"]
    good = export(page, form)
    refused = [
        (agenda_file, "andet skema"),
        ({**good, "department": "en-anden-afdeling"}, "anden afdeling"),
        ({"hvad": "som helst"}, "ikke en fil med svar"),
        # An import file is data from outside: each field is checked before it is used.
        ({**good, "form": {"toString": "x"}}, "ikke en fil med svar"),
        ({**good, "department": {"toString": "x"}}, "ikke en fil med svar"),
        ({**good, "answers": ["a", "b"]}, "ikke en fil med svar"),
        ({**good, "answers": {"mentor": {"toString": "x"}}}, "ikke en fil med svar"),
        ({**good, "answers": {"mentor": 42}}, "ikke en fil med svar"),
        ({**good, "meeting": "1"}, "ikke en fil med svar"),
        ({**good, "version": "1"}, "ikke en fil med svar"),
        ([good], "ikke en fil med svar"),
        ("tekst", "ikke en fil med svar"),
    ]
    for data, words in refused:
        status = import_file(page, form, data, tmp_path)
        assert words in status and "Intet er ændret" in status
        assert values(form) == before
        assert json.loads(stored(page)["samarbejdsaftale"])["answers"] == json.loads(record)["answers"]

    page = tab.open("dagsorden", "#dagsorden-2")
    status = import_file(page, tab.form("dagsorden", 2), agenda_file, tmp_path)
    assert "møde 1" in status and "Intet er ændret" in status
    assert page.input_value("#dagsorden-2-tema") == ""


def test_an_older_version_keeps_the_answers_whose_fields_still_exist(tab, tmp_path):
    page = tab.open("samarbejdsaftale")
    form = tab.form("samarbejdsaftale")
    data = export(page, form)
    data.update(version=0, answers={"mentor": "Gammel mentor", "nedlagt_felt": "Fra en ældre udgave"})
    status = import_file(page, form, data, tmp_path)
    assert "1 svar hører til felter" in status
    assert page.input_value("#samarbejdsaftale-mentor") == "Gammel mentor"
    record = json.loads(stored(page)["samarbejdsaftale"])
    assert record["answers"]["nedlagt_felt"] == "Fra en ældre udgave"


def close(tab: Tab) -> None:
    """Close the tab as a user does, running its beforeunload handler (a dialog is accepted)."""
    with tab.page.expect_event("close"):
        tab.page.close(run_before_unload=True)


def test_leaving_with_answers_neither_remembered_nor_exported_asks(chromium):
    tab = chromium.tab()
    tab.open("samarbejdsaftale")
    close(tab)
    assert tab.dialogs == []  # nothing typed: nothing to lose

    for then, asks in (("nothing", True), ("export", False), ("remember", False)):
        tab = chromium.tab()
        page = tab.open("samarbejdsaftale")
        page.fill("#samarbejdsaftale-formaal", "Noget, der ville gå tabt")
        if then == "export":
            export(page, tab.form("samarbejdsaftale"))
        elif then == "remember":
            page.check("#samarbejdsaftale-remember")
        close(tab)
        assert ("beforeunload" in tab.dialogs) == asks, then


def test_moving_to_another_page_of_the_handbook_does_not_ask(tab):
    page = tab.open("samarbejdsaftale")
    page.fill("#samarbejdsaftale-formaal", "Bliver i fanen")
    page.locator(".md-nav__link[href='dagsorden.html']").first.click()
    page.wait_for_url(re.compile(r"dagsorden\.html"))
    assert tab.dialogs == []
    assert tab.open("samarbejdsaftale").input_value("#samarbejdsaftale-formaal") == "Bliver i fanen"


def test_an_in_page_link_does_not_pause_the_leave_warning(chromium):
    """Choosing "Møde 2" stays on the page: closing the tab right after still asks about the answers."""
    tab = chromium.tab()
    page = tab.open("dagsorden")
    page.fill("#dagsorden-1-tema", "Noget, der ville gå tabt")
    page.get_by_role("link", name="Møde 2").click()
    assert page.locator("#dagsorden-2").is_visible()
    close(tab)
    assert "beforeunload" in tab.dialogs


def test_the_save_status_and_the_controls_are_at_hand_at_the_end_of_a_long_form(chromium):
    for width in (390, 1280):
        tab = chromium.tab(viewport={"width": width, "height": 800})
        page = tab.open("samarbejdsaftale")
        form = tab.form("samarbejdsaftale")
        last = form.locator("input[name], textarea[name]").last
        last.fill("Ny Kollega")
        status = form.locator("[data-status]")
        page.wait_for_function("el => el.textContent.startsWith('Gemt')", arg=status.element_handle())
        assert "i denne fane" in status.text_content()
        for element in (status, last, form.locator("[data-repeat=export]"), form.locator("[data-repeat=print]")):
            box = element.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= 800, (width, box)
        # The repeated Gem som fil downloads the same file as the one at the top.
        with page.expect_download() as download:
            form.locator("[data-repeat=export]").click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert data["answers"][last.get_attribute("name")] == "Ny Kollega"
    # Each hook is still one element a form.
    assert tab.form("samarbejdsaftale").locator("[data-action=export]").count() == 1


# ---------------------------------------------------------------- the evaluation looks back


def test_evaluation_asks_about_each_goal_of_this_browsers_agreement(tab):
    page = tab.open("evaluering")
    goals = page.locator("[data-goal]")
    assert goals.count() == 3  # no agreement yet: blank goals, and a note that says so
    note = page.locator("[data-goals-note]").text_content()
    assert "Der er ikke gemt en samarbejdsaftale med læringsmål i denne browser" in note

    page = tab.open("samarbejdsaftale")
    page.fill("#samarbejdsaftale-kort_sigt", "- Kende afdelingens rutiner\n\n2. Planlægge en hel vagt selv")
    page.fill("#samarbejdsaftale-lang_sigt", "• Blive superbruger i journalen\nTage ansvar for en elev")
    page = tab.open("evaluering")
    assert goals.count() == 4
    assert [page.input_value(f"#evaluering-maal_{n}_maal") for n in range(1, 5)] == [
        "Kende afdelingens rutiner", "Planlægge en hel vagt selv", "Blive superbruger i journalen",
        "Tage ansvar for en elev"]
    assert "4 mål" in page.locator("[data-goals-note]").text_content()
    for n in range(1, 5):
        assert page.get_by_label("Hvor langt nåede I?").nth(n - 1).is_visible()
        assert page.get_by_label("Hvad følger nu?").nth(n - 1).is_visible()
    page.fill("#evaluering-maal_4_naaet", "Nået")
    page.locator('[data-action="add-goal"]').click()
    page.fill("#evaluering-maal_5_maal", "Et nyt mål")
    page.reload()
    assert goals.count() == 5
    assert page.input_value("#evaluering-maal_4_naaet") == "Nået"
    assert page.input_value("#evaluering-maal_5_maal") == "Et nyt mål"


# ---------------------------------------------------------------- print


def test_print_holds_every_line_of_a_long_answer_and_no_navigation(tab):
    page = tab.open("samarbejdsaftale")
    lines = [f"Linje {n:02d} af svaret med æøå" for n in range(1, 31)]
    page.fill("#samarbejdsaftale-kort_sigt", "\n".join(lines))
    page.fill("#samarbejdsaftale-mentor", "Sara Lund")
    text = pdf_text(page)
    for line in lines:
        assert line in text
    flat = " ".join(text.split())
    assert load_project(ROOT / "site_config.yml").config.hospital in flat
    assert DEPARTMENT.name in flat and "Samarbejdsaftale om mentorordning" in flat
    assert "Sara Lund" in flat
    # No navigation, search, buttons or the page's other text.
    for absent in ("Før du starter", "De fire faser", "Gem som fil", "Hent fra fil", "Udskriv", "Søg",
                   "Husk svarene", "sendes aldrig"):
        assert absent not in flat, absent


def test_printed_blank_agreement_keeps_its_signatures_on_one_page_and_no_heading_alone(tab):
    page = tab.open("samarbejdsaftale")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    pages = [[line.strip() for line in p.extract_text().split("\n") if line.strip()] for p in reader.pages]
    signing = [lines for lines in pages if "Underskrifter" in lines]
    assert len(signing) == 1
    lines = signing[0]
    start = lines.index("Underskrifter")
    assert "Mentor" in lines[start:] and "Mentee" in lines[start:]
    # No page ends on a section's title, and none holds just the tail of a group (a lone "Mentee").
    titles = set(tab.form("samarbejdsaftale").locator("legend").all_inner_texts())
    for number, lines in enumerate(pages, 1):
        assert lines[-1] not in titles, (number, lines[-1])
        assert len(lines) > 2, (number, lines)


def test_printed_agenda_names_its_meeting_and_prints_blank_fields_as_lines(tab):
    page = tab.open("dagsorden", "#dagsorden-2")
    page.fill("#dagsorden-2-tema", "Vagtplanlægning")
    text = " ".join(pdf_text(page).split())
    assert f"møde 2 af {DEPARTMENT.meetings.count}" in text and "Vagtplanlægning" in text
    assert "møde 1 af" not in text
    page.emulate_media(media="print")
    blank = page.locator("#dagsorden-2 .hb-field[data-key='opsamling'] .hb-print__lines span")
    assert blank.count() == 4 and blank.first.is_visible()
    assert not page.locator("#dagsorden-2-opsamling").is_visible()


def test_without_javascript_the_blank_form_shows_and_prints(chromium):
    tab = chromium.tab(java_script_enabled=False)
    page = tab.page
    page.goto((tab.site / DEPARTMENT.slug / "dagsorden.html").as_uri())
    assert page.locator("#dagsorden-1-tema").is_visible()
    assert page.locator(f"#dagsorden-{DEPARTMENT.meetings.count}-tema").is_visible()
    assert not page.locator("[data-controls]").first.is_visible()
    text = " ".join(pdf_text(page).split())
    assert "1. Det, der fylder lige nu" in text and "5. Næste møde" in text
    assert f"møde {DEPARTMENT.meetings.count} af" in text
    assert "Gem som fil" not in text
    page.goto((tab.site / DEPARTMENT.slug / "samarbejdsaftale.html").as_uri())
    text = " ".join(pdf_text(page).split())
    assert f"{DEPARTMENT.meetings.count} møder" in text  # the department's default, printed


# ---------------------------------------------------------------- accessibility and hygiene


@pytest.mark.parametrize("name", FORMS)
def test_no_serious_or_critical_axe_violations(tab, name):
    assert serious_axe_violations(tab.open(name)) == []


def test_keyboard_reaches_the_controls_with_a_visible_focus(tab):
    page = tab.open("samarbejdsaftale")
    page.focus("#samarbejdsaftale-remember")
    page.keyboard.press("Space")
    assert page.is_checked("#samarbejdsaftale-remember")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "export"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "import"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "clear"
    page.focus("#samarbejdsaftale-mentor")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_status_messages_are_announced(tab):
    page = tab.open("samarbejdsaftale")
    status = tab.form("samarbejdsaftale").locator("[data-status]")
    assert status.get_attribute("role") == "status"
    page.fill("#samarbejdsaftale-mentor", "x")
    page.wait_for_function("el => el.textContent.startsWith('Gemt')", arg=status.element_handle())
    assert "i denne fane" in status.text_content()


def test_the_notice_says_where_answers_are_kept(tab):
    page = tab.open("dagsorden")
    notice = page.locator("[data-notice]")
    assert notice.is_visible()
    text = notice.text_content()
    assert "sendes aldrig" in text and "Husk svarene på denne computer" in text and "Gem som fil" in text
    assert "Safari" in text


def test_no_request_leaves_the_site_on_any_fillable_page(tab, tmp_path):
    # The chromium fixture checks every tab's requests and script errors; this walks all the actions.
    for name in FORMS:
        page = tab.open(name)
        form = tab.form(name, 1 if name == "dagsorden" else None)
        fill_all(page, form)
        data = export(page, form)
        import_file(page, form, data, tmp_path)
        page.check(f"#{form.get_attribute('id')}-remember")
        page.uncheck(f"#{form.get_attribute('id')}-remember")
    assert tab.requests and all(url.startswith("file://") for url in tab.requests)
    assert tab.errors == []
