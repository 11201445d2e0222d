"""The plan page (ny-medarbejder.html) in a real browser (Debian's Chromium), from file://.

The dates are checked against an independent reference written here with the `holidays`
package, the calendar file is read with the `icalendar` package, and times are checked in
Europe/Copenhagen on both sides of the change to and from summer time.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import holidays
import icalendar
import pytest
from pypdf import PdfReader

from conftest import console_errors, copy_project, handbook, serious_axe_violations
from generator.inputs.project import load_project
from test_build import article

ROOT = Path(__file__).resolve().parent.parent
AKUT = next(d for d in load_project(ROOT / "site_config.yml").departments if d.slug == "akutafdelingen")
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
DK = holidays.DK(years=range(2020, 2041))
AGENDA = ["Det, der fylder lige nu", "Dialog om planlagt tema", "Opsamling", "Feedback", "Næste møde"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]

# A department with the most meetings allowed, one a week, the first within 14 days, and text
# that needs escaping in a calendar file (comma, semicolon, backslash, Danish letters).
BIG = "intensiv"
BIG_YAML = """\
name: Intensiv, Æblehaven
unit: Afsnit Ø; nord
leader:
  name: Åse Øberg
  title: Ledende oversygeplejerske
intro_responsible:
  name: Bo Ek
meetings:
  count: 24
  first_within_days: 14
  interval_weeks: 1
  duration_minutes: 45
  place: "Rum 2, 1. sal; bag \\\\ døren ved skyllerummet i den gamle fløj, over for elevatorerne"
"""
BIG_PLACE = "Rum 2, 1. sal; bag \\ døren ved skyllerummet i den gamle fløj, over for elevatorerne"

# The pages' clock: a start date may lie from last year to five years ahead (2025-2031), so the dates
# of these tests stay valid whatever year they run in.
TODAY = datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("UTC"))


# ---------------------------------------------------------------- the rules, independently


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in DK


def expected_dates(start: date, count: int, within: int, interval: int) -> list[date]:
    """Meeting 1 two weeks after the start (never after start + within), the rest every `interval`
    weeks from it, each moved to the next working day (for meeting 1: back, if on would pass the limit)."""
    wanted, limit = start + timedelta(days=min(14, within)), start + timedelta(days=within)
    first = wanted
    while not working(first):
        first += timedelta(days=1)
    if first > limit:
        first = wanted
        while not working(first):
            first -= timedelta(days=1)
    dates = [first]
    for k in range(2, count + 1):
        day = first + timedelta(weeks=interval * (k - 1))
        while not working(day):
            day += timedelta(days=1)
        dates.append(day)
    return dates


def danish(day: date) -> str:
    """A date as Danish running text writes it: "tirsdag den 6. april 2027"."""
    return f"{WEEKDAYS[day.weekday()]} den {day.day}. {MONTHS[day.month - 1]} {day.year}"


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    copy_project(folder)
    (folder / "content" / "departments" / f"{BIG}.yml").write_text(BIG_YAML, encoding="utf-8")
    handbook("build", "--no-pdf", "--jobs", "1", "--only", BIG, cwd=folder)
    return folder / "site"


class Tab:
    """A tab that records script errors and every request that is not a file of the site."""

    def __init__(self, context):
        context.clock.set_fixed_time(TODAY)
        self.context, self.page = context, context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", console_errors(self.errors))
        self.page.on("request", lambda r: r.url.startswith(("file://", "blob:", "data:"))
                     or self.outside.append(r.url))

    def open(self, site: Path, slug: str, name: str = "ny-medarbejder"):
        self.page.goto((site / slug / f"{name}.html").as_uri())
        if name == "ny-medarbejder":
            self.page.wait_for_selector("[data-plan-actions]:not([hidden])", state="attached")
        return self.page

    def plan(self, start: str, navn: str = "Anna Ægidius-Østergård", mentor: str | None = "Sara Lund",
             other: str | None = None):
        page = self.page
        page.fill("[name=navn]", navn)
        page.fill("[name=start]", start)
        if other is not None:
            page.select_option("[name=mentor]", "anden")
            page.fill("[name=mentor_anden]", other)
        elif mentor:
            page.select_option("[name=mentor]", mentor)
        return shown_plan(page)


def shown_plan(page) -> list[dict]:
    return page.locator("[data-plan] [data-meeting][data-date]").evaluate_all(
        "els => els.map(e => ({k: +e.dataset.meeting, date: e.dataset.date, text: e.innerText}))")


@pytest.fixture
def tabs(browser):
    """New tabs on demand; at the end no tab may have had a script error or an outside request."""
    contexts, opened = [], []

    def new(context=None):
        if context is None:
            context = browser.new_context(accept_downloads=True)
            contexts.append(context)
        opened.append(Tab(context))
        return opened[-1]

    yield new
    for context in contexts:
        context.close()
    for tab in opened:
        assert tab.errors == [], tab.errors
        assert tab.outside == [], tab.outside


@pytest.fixture
def tab(tabs) -> Tab:
    return tabs()


def download_ics(page) -> tuple[bytes, str]:
    with page.expect_download() as info:
        page.click("[data-action=ics]")
    return Path(info.value.path()).read_bytes(), info.value.suggested_filename


# ---------------------------------------------------------------- holidays and dates


def test_holidays_agree_with_the_holidays_package_every_day_2024_to_2035(tab, site):
    page = tab.open(site, AKUT.slug)
    off = set(page.evaluate("""() => {
        const off = [];
        for (let d = new Date(Date.UTC(2024, 0, 1)); d < new Date(Date.UTC(2036, 0, 1)); d = new Date(d.getTime() + 864e5)) {
            const text = d.toISOString().slice(0, 10);
            if (Object.prototype.hasOwnProperty.call(HandbookPlan.holidays(d.getUTCFullYear()), text)) off.push(text);
        }
        return off; }"""))
    working_days = set(page.evaluate("""() => {
        const on = [];
        for (let d = new Date(Date.UTC(2024, 0, 1)); d < new Date(Date.UTC(2036, 0, 1)); d = new Date(d.getTime() + 864e5)) {
            const text = d.toISOString().slice(0, 10);
            if (HandbookPlan.isWorkingDay(text)) on.push(text);
        }
        return on; }"""))
    day = date(2024, 1, 1)
    while day < date(2036, 1, 1):
        assert (day.isoformat() in off) == (day in DK), day
        assert (day.isoformat() in working_days) == working(day), day
        day += timedelta(days=1)
    assert "2024-04-26" not in off  # store bededag is no holiday from 2024


@pytest.mark.parametrize("start", [
    "2027-03-01",  # meetings on both sides of Easter and of the change to summer time (28 March)
    "2027-03-11",  # two weeks later is skærtorsdag: on past langfredag, the weekend and 2. påskedag
    "2027-03-15",  # two weeks later is 2. påskedag
    "2027-03-22",
    "2027-03-23",
    "2027-04-20",  # Kristi himmelfartsdag and pinse among the later meetings
    "2026-12-11",  # two weeks later is juledag
    "2027-12-13",  # Christmas
    "2027-12-18",  # two weeks later is nytårsdag 2028, a Saturday
])
def test_the_plan_follows_the_rules_around_easter_christmas_and_new_year(tab, site, start):
    tab.open(site, AKUT.slug)
    plan = tab.plan(start)
    mt = AKUT.meetings
    want = expected_dates(date.fromisoformat(start), mt.count, mt.first_within_days, mt.interval_weeks)
    assert [p["k"] for p in plan] == list(range(1, mt.count + 1))
    assert [p["date"] for p in plan] == [d.isoformat() for d in want]
    for p, day in zip(plan, want, strict=False):
        assert danish(day) in p["text"]
        assert working(day)
    first = date.fromisoformat(plan[0]["date"])
    assert first <= date.fromisoformat(start) + timedelta(days=mt.first_within_days)
    # The first meeting by its name; when the evaluation is held, the plan does not say (the guide does not).
    assert plan[0]["text"].startswith("1. mentoraftale:") and "evaluer" not in plan[-1]["text"]


def test_known_dates_and_the_danish_way_of_writing_them(tab, site):
    tab.open(site, AKUT.slug)
    plan = tab.plan("2027-03-23")
    assert plan[0]["date"] == "2027-04-06" and "tirsdag den 6. april 2027 kl. 13.00" in plan[0]["text"]
    plan = tab.plan("2027-03-11")
    assert plan[0]["date"] == "2027-03-30"  # skærtorsdag, langfredag, weekend, 2. påskedag passed over
    plan = tab.plan("2027-03-22")
    assert [p["date"] for p in plan] == ["2027-04-05", "2027-04-26", "2027-05-18", "2027-06-07", "2027-06-28",
                                         "2027-07-19"]  # 17 May 2027 is 2. pinsedag


@pytest.mark.parametrize("start, first", [
    ("2027-03-12", "2027-03-24"),  # +14 is langfredag; on would pass the limit: back past skærtorsdag
    ("2026-12-11", "2026-12-24"),  # +14 is juledag (Friday); back to the 24th
    ("2027-12-18", "2027-12-31"),  # +14 is nytårsdag 2028 (a Saturday); on would be 3 January
])
def test_24_meetings_and_a_first_meeting_moved_back_to_stay_within_the_limit(tab, big_site, start, first):
    page = tab.open(big_site, BIG)
    plan = tab.plan(start, other="Bo Ek")
    want = expected_dates(date.fromisoformat(start), 24, 14, 1)
    assert [p["date"] for p in plan] == [d.isoformat() for d in want]
    assert plan[0]["date"] == first and len(plan) == 24
    # A department without mentors offers "anden" with a text field from the start.
    assert page.locator("[name=mentor]").input_value() == "anden"


def test_a_date_changed_by_hand_is_kept_and_used_everywhere(tab, site):
    page = tab.open(site, AKUT.slug)
    tab.plan("2027-03-22")
    page.fill("[data-plan] [data-meeting='3'] input[type=date]", "2027-05-20")
    assert page.get_attribute("[data-plan] [data-meeting='3']", "data-date") == "2027-05-20"
    assert "torsdag den 20. maj 2027" in page.inner_text("[data-plan] [data-meeting='3']")
    ics, _ = download_ics(page)
    starts = [e["DTSTART"].dt.date() for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")]
    assert date(2027, 5, 20) in starts and date(2027, 5, 18) not in starts
    assert "torsdag den 20. maj 2027" in mail_body(page)
    # A hand-made date that is no working day is pointed out, not refused.
    page.fill("[data-plan] [data-meeting='4'] input[type=date]", "2027-06-05")
    assert "lørdag" in page.inner_text("[data-plan] [data-meeting='4'] [data-plan-note]")
    page.reload()
    assert page.get_attribute("[data-plan] [data-meeting='3']", "data-date") == "2027-05-20"


@pytest.mark.parametrize("start, allowed", [
    ("9999-01-14", False), ("10000-01-14", False), ("2032-01-01", False), ("2024-12-31", False), ("0001-01-01", False),
    ("2025-01-01", True), ("2031-12-31", True),
])
def test_a_start_date_outside_last_year_to_five_years_ahead_is_refused(tab, site, start, allowed):
    page = tab.open(site, AKUT.slug)
    plan = tab.plan(start)
    error = page.locator("#plan-start-error")
    if allowed:
        assert len(plan) == AKUT.meetings.count and not error.is_visible()
        assert page.get_attribute("[name=start]", "aria-invalid") is None
        return
    assert plan == [] and error.is_visible()
    assert error.inner_text() == "Datoen skal ligge i årene 2025 til 2031."
    assert page.get_attribute("[name=start]", "aria-invalid") == "true"
    assert page.get_attribute("[name=start]", "aria-describedby") == "plan-start-error"
    # No plan, calendar file or mail is offered for it.
    assert page.locator("[data-action=ics]").is_disabled()
    assert page.get_attribute("[data-action=mail]", "href") is None
    assert not page.locator("[data-plan-letter]").is_visible()
    # A good date again: the plan, and the message is gone.
    assert len(tab.plan("2027-03-22")) == AKUT.meetings.count and not error.is_visible()


@pytest.mark.parametrize("moved", ["9999-05-20", "99999-05-20", "2024-05-20"])
def test_a_meeting_date_moved_outside_the_years_is_refused_and_the_meeting_keeps_its_date(tab, site, moved):
    page = tab.open(site, AKUT.slug)
    plan = tab.plan("2027-03-22")
    meeting = "[data-plan] [data-meeting='3']"
    page.fill(f"{meeting} input[type=date]", moved)
    assert page.get_attribute(meeting, "data-date") == plan[2]["date"]
    note = page.inner_text(f"{meeting} [data-plan-note]")
    assert note == "Datoen skal ligge i årene 2025 til 2031. Møde 3 beholder sin dato."
    assert page.get_attribute(f"{meeting} input[type=date]", "aria-invalid") == "true"
    raw, _ = download_ics(page)
    assert moved.replace("-", "").encode() not in raw
    starts = [e["DTSTART"].dt.date().isoformat() for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
    assert starts == [p["date"] for p in plan]
    assert "20. maj" not in mail_body(page)


# ---------------------------------------------------------------- the calendar file


def check_ics(raw: bytes, plan: list[dict], slug: str, start: str, duration: int, place: str | None,
              tid: str = "13:00") -> icalendar.Calendar:
    text = raw.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["METHOD"] == "PUBLISH" and cal.get("PRODID")
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE"] + ["VEVENT"] * len(plan)
    zone = cal.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/Copenhagen"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    own_zone = zone.to_tz()
    hour, minute = map(int, tid.split(":"))
    n = len(plan)
    for event, meeting in zip(cal.walk("VEVENT"), plan, strict=False):
        k = meeting["k"]
        begin, end = event["DTSTART"].dt, event["DTEND"].dt
        assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen" == event["DTEND"].params["TZID"]
        assert begin.date().isoformat() == meeting["date"]
        local = begin.astimezone(COPENHAGEN)
        assert (local.date().isoformat(), local.hour, local.minute) == (meeting["date"], hour, minute)
        # The file's own VTIMEZONE gives the same offset as the tz database, summer and winter.
        naive = datetime.fromisoformat(f"{meeting['date']}T{tid}")
        assert naive.replace(tzinfo=own_zone).utcoffset() == naive.replace(tzinfo=COPENHAGEN).utcoffset()
        assert end - begin == timedelta(minutes=duration)
        assert str(event["SUMMARY"]) == f"Mentormøde {k} af {n}"
        assert (str(event["LOCATION"]) if "LOCATION" in event else None) == place
        description = str(event["DESCRIPTION"])
        assert all(point in description for point in AGENDA)
        assert f"dagsorden.html#dagsorden-{k}" in description
        assert "evaluer" not in description
        assert "; ".join(f"{i}. {point}" for i, point in enumerate(AGENDA, start=1)) in description
        assert event["DTSTAMP"].dt.tzinfo is not None and event["DTSTAMP"].dt.utcoffset() == timedelta(0)
        assert slug in event["UID"] and start.replace("-", "") in event["UID"]
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == timedelta(days=-1)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(set(uids)) == n
    return cal


def test_the_calendar_file_has_one_event_per_meeting_as_outlook_needs_it(tab, site):
    page = tab.open(site, AKUT.slug)
    plan = tab.plan("2027-03-01")  # meeting 1 on 15 March (winter time), meeting 2 on 5 April (summer time)
    assert plan[0]["date"] == "2027-03-15" and plan[1]["date"] == "2027-04-05"
    raw, name = download_ics(page)
    assert name.endswith(".ics") and "Anna" not in name
    mt = AKUT.meetings
    cal = check_ics(raw, plan, AKUT.slug, "2027-03-01", mt.duration_minutes, mt.place)
    offsets = {e["DTSTART"].dt.astimezone(COPENHAGEN).utcoffset() for e in cal.walk("VEVENT")}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    # The same plan downloaded again: the same UIDs, so Outlook updates instead of duplicating.
    again, _ = download_ics(page)
    assert [str(e["UID"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")] == \
           [str(e["UID"]) for e in cal.walk("VEVENT")]


def test_the_calendar_file_of_24_meetings_with_text_to_escape_and_another_time(tab, big_site):
    page = tab.open(big_site, BIG)
    plan = tab.plan("2027-09-20", other="Bo Ek")  # weekly into 2028: the change back to winter time
    page.fill("[name=tid]", "08:15")
    raw, _ = download_ics(page)
    cal = check_ics(raw, plan, BIG, "2027-09-20", 45, BIG_PLACE, tid="08:15")
    assert b"LOCATION:Rum 2\\, 1. sal\\; bag \\\\ d\xc3\xb8ren" in raw.replace(b"\r\n ", b"")
    offsets = {e["DTSTART"].dt.astimezone(COPENHAGEN).utcoffset() for e in cal.walk("VEVENT")}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}


# ---------------------------------------------------------------- the welcome mail and letter


def mail_body(page) -> str:
    href = page.get_attribute("[data-action=mail]", "href")
    return parse_qs(urlsplit(href).query)["body"][0]


# A name with a lone half of a surrogate pair of each kind (as JavaScript source: Python cannot send them),
# and a whole pair (an emoji) that must stay.
LONE_SURROGATES = r"Anna \uDC00\uD800 \uD83D\uDE00 Ø"
WELL_FORMED = "Anna \ufffd\ufffd \U0001F600 Ø"


@pytest.mark.parametrize("browser_has", ["toWellFormed", "no toWellFormed"])
def test_a_lone_surrogate_in_the_name_keeps_the_mail_and_calendar_file_working(tab, site, browser_has):
    if browser_has == "no toWellFormed":   # an older browser: the script's own replacement
        tab.context.add_init_script("delete String.prototype.toWellFormed")
    page = tab.open(site, AKUT.slug)
    assert page.evaluate("typeof ''.toWellFormed") == ("function" if browser_has == "toWellFormed" else "undefined")
    tab.plan("2027-03-22")
    page.evaluate(f"""() => {{
        const field = document.querySelector("[name=navn]");
        field.value = "{LONE_SURROGATES}";
        field.dispatchEvent(new Event("input", {{ bubbles: true }}));
    }}""")
    assert f"Kære {WELL_FORMED}" in mail_body(page)
    page.fill("[name=start]", "2027-03-23")   # the mail link goes on following the form
    assert "tirsdag den 6. april 2027" in mail_body(page)
    raw, _ = download_ics(page)
    events = icalendar.Calendar.from_ical(raw.decode("utf-8")).walk("VEVENT")
    assert all(f"{WELL_FORMED} (mentee)" in str(event["DESCRIPTION"]) for event in events)


def test_the_mail_greets_the_new_hire_and_gives_the_first_day_mentor_and_dates(tab, site):
    page = tab.open(site, AKUT.slug)
    page.fill("[name=email]", "anna@example.dk")
    plan = tab.plan("2027-03-22", navn="Anna Ægidius-Østergård", mentor="Ahmad Rahimi")
    href = page.get_attribute("[data-action=mail]", "href")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == "anna@example.dk"
    query = parse_qs(parts.query)
    assert "Velkommen" in query["subject"][0] and AKUT.name in query["subject"][0]
    body = query["body"][0]
    assert "%0D%0A" in href  # line breaks as RFC 6068 wants them
    assert body.startswith("Kære Anna Ægidius-Østergård\r\n")
    assert "første arbejdsdag er mandag den 22. marts 2027" in body
    assert "Ahmad Rahimi" in body and f"mødes seks gange kl. 13.00–14.00 i {AKUT.meetings.place}:" in body
    for p in plan:
        assert danish(date.fromisoformat(p["date"])) in body
    assert "vedhæftede" in body and "PDF" in body
    assert "Mød kl. 7.30" in body  # the department's own text about the first day
    assert AKUT.leader.name in body
    # The copy button copies the same text.
    page.evaluate("""() => { window.__copied = null;
        navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); }; }""")
    page.click("[data-action=copy]")
    page.wait_for_function("() => window.__copied !== null")
    assert page.evaluate("window.__copied") == body.replace("\r\n", "\n")
    assert "kopieret" in page.inner_text("[data-plan-status]")
    # Another mentor, typed in by hand.
    page.select_option("[name=mentor]", "anden")
    page.fill("[name=mentor_anden]", "Kim Holt")
    assert "Kim Holt" in mail_body(page) and "Ahmad Rahimi" not in mail_body(page)


def test_the_letter_and_plan_print_on_one_a4_page(tab, site, big_site):
    for where, slug, kwargs in ((site, AKUT.slug, {}), (big_site, BIG, {"other": "Bo Ek"})):
        page = tab.open(where, slug)
        plan = tab.plan("2027-03-22", **kwargs)
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        assert len(pdf.pages) == 1, slug
        box = pdf.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5  # A4
        text = " ".join(pdf.pages[0].extract_text().split())
        assert "Kære Anna" in text and "Ret dato" not in text and "Sådan gør du" not in text
        if slug == BIG:  # a comma in the department's name is no end of the name
            assert "Velkommen til Intensiv, Æblehaven, Afsnit Ø; nord, på" in text
            assert "Ledende oversygeplejerske, Intensiv, Æblehaven" in text
        for p in plan:
            assert danish(date.fromisoformat(p["date"])) in text


# ---------------------------------------------------------------- privacy, links, accessibility


def test_name_and_dates_stay_in_the_tab_and_ryd_removes_them(tabs, site):
    first = tabs()
    # Even with the forms' "remember" ticked for the department, the plan stays out of localStorage.
    forms = first.open(site, AKUT.slug, "samarbejdsaftale")
    forms.wait_for_selector("[data-controls]:not([hidden])", state="attached")
    forms.check("form[data-handbook-form=samarbejdsaftale] [data-action=remember]")
    page = first.open(site, AKUT.slug)
    assert "sendes ingen steder hen" in page.inner_text("article")
    first.plan("2027-03-22", navn="Anna Hemmelig")
    page.reload()
    assert page.input_value("[name=navn]") == "Anna Hemmelig" and len(shown_plan(page)) == AKUT.meetings.count
    local = page.evaluate("JSON.stringify(localStorage)")
    assert "Hemmelig" not in local and "2027-03-22" not in local and "2027-04-05" not in local
    assert "Hemmelig" in page.evaluate("JSON.stringify(sessionStorage)")
    # Another tab of the same browser does not see it.
    second = tabs(first.context).open(site, AKUT.slug)
    assert second.input_value("[name=navn]") == "" and shown_plan(second) == []
    # Ryd empties the form and the tab's storage.
    page.click("[data-action=clear]")
    assert page.input_value("[name=navn]") == "" and page.input_value("[name=start]") == ""
    assert page.input_value("[name=tid]") == "13:00" and shown_plan(page) == []
    assert "Hemmelig" not in page.evaluate("JSON.stringify(sessionStorage)")
    page.reload()
    assert page.input_value("[name=navn]") == "" and shown_plan(page) == []


def test_the_agenda_shows_each_meetings_date_from_the_plan_in_this_tab(tab, site):
    page = tab.open(site, AKUT.slug, "dagsorden")
    assert page.locator("[data-plan-date]").count() == 0
    page = tab.open(site, AKUT.slug)
    plan = tab.plan("2027-03-22")
    page = tab.open(site, AKUT.slug, "dagsorden")
    for p in plan:
        form = page.locator(f"form[data-handbook-form=dagsorden][data-meeting='{p['k']}']")
        title = form.locator(".hb-form__title").text_content()
        assert f"møde {p['k']} af {len(plan)}" in title and danish(date.fromisoformat(p["date"])) in title
        link = page.locator(f"[data-meeting-link='{p['k']}']")
        assert link.locator("[data-plan-date]").get_attribute("data-date") == p["date"]


def test_the_page_is_linked_from_the_nav_and_the_leader_path_not_from_the_pre_arrival_page(site):
    for slug in ("akutafdelingen", "radiologi"):
        front = (site / slug / "index.html").read_text(encoding="utf-8")
        leader = front[front.index('id="start-leder"'):]
        leader = leader[:leader.index("</p>")]
        assert 'href="ny-medarbejder.html"' in leader
        # The new hire's page is for the new hire: no way from it to the leader's but the menu.
        pre_arrival = article(site / slug / "foer-du-starter.html")
        assert 'href="ny-medarbejder.html"' not in pre_arrival
        page = (site / slug / "ny-medarbejder.html").read_text(encoding="utf-8")
        assert re.search(r'<nav class="md-nav md-nav--primary".*href="ny-medarbejder.html"', page, re.S)
        assert 'href="pdf/foer-du-starter.pdf"' in page and "Hent velkomstpakken som PDF" in page
        assert "<title>Planlæg en ny medarbejders start" in page


def test_the_page_has_no_serious_axe_violations_filled_in_or_empty(tab, site):
    page = tab.open(site, AKUT.slug)
    assert serious_axe_violations(page) == []
    tab.plan("2027-03-22")
    page.select_option("[name=mentor]", "anden")
    assert serious_axe_violations(page) == []


def test_keyboard_reaches_every_control(tab, site):
    page = tab.open(site, AKUT.slug)
    tab.plan("2027-03-22")
    reached = set()
    page.focus("[name=navn]")
    for _ in range(60):
        reached.add(page.evaluate("document.activeElement.getAttribute('name') || "
                                  "document.activeElement.getAttribute('data-action') || document.activeElement.id"))
        page.keyboard.press("Tab")
    assert {"navn", "email", "start", "mentor", "tid", "plan-date-1", "ics", "mail", "copy", "print",
            "clear"} <= reached
