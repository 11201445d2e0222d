/* Handbook: the plan page (ny-medarbejder.html) and the meeting dates on the agenda.
 *
 * For whoever prepares a new hire's start: from the first working day it proposes
 * a date for every mentor meeting (Danish working days: no weekends, no public
 * holidays), and makes a calendar file (.ics, RFC 5545, for Outlook), a welcome
 * e-mail (mailto: and a copy button) and a printable letter with the plan.
 *
 * Privacy: the new hire's name and dates are personal data. They live in this
 * tab's sessionStorage only (never localStorage), under handbook-plan/v1/SLUG,
 * outside handbook.js's handbook/v1/SLUG/ so that its "remember" never moves
 * them to localStorage. Nothing is ever sent: no request is made at all.
 * "Ryd" deletes the record and empties the form.
 *
 * Everything the script needs comes from data-* attributes of
 * form[data-handbook-plan] (the department's meeting rules, people, URL).
 * Plain JavaScript, nothing loaded from outside the site.
 */
(function () {
  "use strict";

  var PREFIX = "handbook-plan/v1/";
  var DAY = 86400000;
  var t = window.Handbook.t;   // the page's words (handbook.js)
  var WEEKDAYS = [t("søndag"), t("mandag"), t("tirsdag"), t("onsdag"), t("torsdag"), t("fredag"), t("lørdag")];
  var MONTHS = [t("januar"), t("februar"), t("marts"), t("april"), t("maj"), t("juni"), t("juli"), t("august"),
    t("september"), t("oktober"), t("november"), t("december")];
  var SHORT_MONTHS = [t("jan."), t("feb."), t("mar."), t("apr."), t("maj"), t("jun."), t("jul."), t("aug."),
    t("sep."), t("okt."), t("nov."), t("dec.")];

  /* ------------------------------------------------------------ dates (UTC midnights) */

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function ymd(y, m, d) {
    var date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);   // unlike Date.UTC, takes the years 0-99 as they are
    return date;
  }
  function iso(date) {
    return ("000" + date.getUTCFullYear()).slice(-4) + "-" + pad(date.getUTCMonth() + 1) + "-" + pad(date.getUTCDate());
  }
  function parseISO(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) return null;
    var date = ymd(+m[1], +m[2], +m[3]);
    return iso(date) === text ? date : null;
  }
  function addDays(date, n) { return new Date(date.getTime() + n * DAY); }

  /* The years a start or meeting date may lie in: from last year to five years ahead. A date outside
     them is a slip of the keyboard (year 9999 would even make an invalid calendar file). */
  function yearsAllowed() {
    var year = new Date().getFullYear();
    return { first: year - 1, last: year + 5 };
  }
  function rangeMessage() {
    var years = yearsAllowed();
    return t("Datoen skal ligge i årene {first} til {last}.", years);
  }
  /* Why a date cannot be used, in Danish, or "" when it can. */
  function outOfRange(date) {
    var years = yearsAllowed(), year = date.getUTCFullYear();
    return year < years.first || year > years.last ? rangeMessage() : "";
  }

  /* Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
  function easter(y) {
    var a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
    var f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
    var h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
    var l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
    var month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
    return ymd(y, month, day);
  }

  var holidayCache = {};
  /* Denmark's public holidays in a year, as {"YYYY-MM-DD": name}. */
  function holidays(y) {
    if (holidayCache[y]) return holidayCache[y];
    var e = easter(y), days = {};
    function add(date, name) { days[iso(date)] = name; }
    add(ymd(y, 1, 1), t("nytårsdag"));
    add(addDays(e, -3), t("skærtorsdag"));
    add(addDays(e, -2), t("langfredag"));
    add(e, t("påskedag"));
    add(addDays(e, 1), t("2. påskedag"));
    if (y < 2024) add(addDays(e, 26), t("store bededag"));  // abolished from 2024
    add(addDays(e, 39), t("Kristi himmelfartsdag"));
    add(addDays(e, 49), t("pinsedag"));
    add(addDays(e, 50), t("2. pinsedag"));
    add(ymd(y, 12, 25), t("juledag"));
    add(ymd(y, 12, 26), t("2. juledag"));
    holidayCache[y] = days;
    return days;
  }
  function holidayName(date) { return holidays(date.getUTCFullYear())[iso(date)] || ""; }
  /* Why a day is no working day ("lørdag", "langfredag"), or "" for a working day. */
  function notWorking(date) {
    var wd = date.getUTCDay();
    return holidayName(date) || (wd === 0 || wd === 6 ? WEEKDAYS[wd] : "");
  }
  function nextWorkingDay(date) { while (notWorking(date)) date = addDays(date, 1); return date; }
  function previousWorkingDay(date) { while (notWorking(date)) date = addDays(date, -1); return date; }

  /* The proposed meeting dates: meeting 1 about two weeks after the start and never later than
     firstWithin days after it; the rest every intervalWeeks from meeting 1; each on a working day,
     moved forward when needed (back, when forward would pass the limit for meeting 1). */
  function proposeDates(start, count, firstWithin, intervalWeeks) {
    var limit = addDays(start, firstWithin);
    var wanted = addDays(start, Math.min(14, firstWithin));
    var first = nextWorkingDay(wanted);
    if (first > limit) {
      first = previousWorkingDay(wanted);
      if (first < start) first = nextWorkingDay(wanted);
    }
    var dates = [first];
    for (var k = 2; k <= count; k++) dates.push(nextWorkingDay(addDays(first, 7 * intervalWeeks * (k - 1))));
    return dates;
  }

  /* "tirsdag den 6. april 2027", as running text writes a date */
  function longDate(date) {
    return t("{weekday} den {day}. {month} {year}", { weekday: WEEKDAYS[date.getUTCDay()], day: date.getUTCDate(),
      month: MONTHS[date.getUTCMonth()], year: date.getUTCFullYear() });
  }
  function clockTime(time) {   // "13.00"
    var parts = time.split(":");
    return t("{h}.{m}", { h: parts[0], m: parts[1] });
  }

  /* A text as it may go into a URI or a calendar file: a lone half of a surrogate pair (which
     encodeURIComponent refuses with "URI malformed") becomes U+FFFD. */
  function wellFormed(text) {
    text = String(text);
    if (typeof text.toWellFormed === "function") return text.toWellFormed();
    return text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, function (unit) {
      return unit.length === 2 ? unit : "\uFFFD";
    });
  }

  /* ------------------------------------------------------------ the calendar file (RFC 5545) */

  function icsText(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }
  function octets(code) { return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4; }
  /* Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character. */
  function fold(line) {
    var out = "", used = 0;
    for (var i = 0; i < line.length; i++) {
      var ch = line.charAt(i), code = line.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
        ch += line.charAt(++i);
        code = 0x10000;
      }
      var n = octets(code);
      if (used + n > 75) {
        out += "\r\n ";
        used = 1;
      }
      out += ch;
      used += n;
    }
    return out;
  }
  function icsLocal(date, time) {  // 20270406T130000
    return iso(date).replace(/-/g, "") + "T" + time.replace(":", "") + "00";
  }
  function icsUtc(when) {
    return when.getUTCFullYear() + pad(when.getUTCMonth() + 1) + pad(when.getUTCDate()) + "T" +
      pad(when.getUTCHours()) + pad(when.getUTCMinutes()) + pad(when.getUTCSeconds()) + "Z";
  }
  /* The end of a meeting in local wall-clock time (may pass midnight). */
  function endOf(date, time, minutes) {
    var parts = time.split(":");
    var end = new Date(date.getTime() + ((+parts[0]) * 60 + (+parts[1]) + minutes) * 60000);
    return { date: ymd(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate()),
      time: pad(end.getUTCHours()) + ":" + pad(end.getUTCMinutes()) };
  }

  var VTIMEZONE = [
    "BEGIN:VTIMEZONE", "TZID:Europe/Copenhagen",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
    "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
    "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE"];

  /* plan: {cfg, start, dates, tid, navn, mentor}; now: the time of the download. */
  function buildIcs(plan, now) {
    var cfg = plan.cfg, n = plan.dates.length, lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mentorordning//Haandbog//DA", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH"].concat(VTIMEZONE);
    // A later download of the same plan carries a higher sequence, so that it updates the events.
    var sequence = Math.max(0, Math.floor((now.getTime() - Date.UTC(2024, 0, 1)) / 60000));
    plan.dates.forEach(function (date, index) {
      var k = index + 1, end = endOf(date, plan.tid, cfg.duration);
      lines.push("BEGIN:VEVENT",
        "UID:mentormoede-" + cfg.dept + "-" + iso(plan.start).replace(/-/g, "") + "-" + k + "@mentorordning",
        "DTSTAMP:" + icsUtc(now),
        "SEQUENCE:" + sequence,
        "DTSTART;TZID=Europe/Copenhagen:" + icsLocal(date, plan.tid),
        "DTEND;TZID=Europe/Copenhagen:" + icsLocal(end.date, end.time),
        "SUMMARY:" + icsText(t("Mentormøde {k} af {n}", { k: k, n: n })));
      if (cfg.place) lines.push("LOCATION:" + icsText(cfg.place));
      lines.push("DESCRIPTION:" + icsText(description(plan, k)),
        "STATUS:CONFIRMED", "TRANSP:OPAQUE",
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P1D",
        "DESCRIPTION:" + icsText(t("I morgen: mentormøde {k} af {n}", { k: k, n: n })),
        "END:VALARM", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(function (line) { return fold(wellFormed(line)); }).join("\r\n") + "\r\n";
  }

  function description(plan, k) {
    var cfg = plan.cfg, n = plan.dates.length, text = [];
    var who = [plan.navn ? t("{name} (mentee)", { name: plan.navn }) : "",
      plan.mentor ? t("{name} (mentor)", { name: plan.mentor }) : ""].filter(Boolean).join(t(" og "));
    var meeting = t("Mentormøde {k} af {n} på {department}", { k: k, n: n, department: cfg.deptName });
    text.push(who ? t("{meeting}: {who}.", { meeting: meeting, who: who }) : meeting + ".");
    if (k === 1) text.push(t("1. mentoraftale: I udfylder samarbejdsaftalen sammen."));
    text.push(t("Dagsorden: {points}.", { points: cfg.agenda.map(function (point, i) { return (i + 1) + ". " + point; })
      .join("; ") }));
    text.push(t("Dagsordenen til mødet i håndbogen: {link}", { link: agendaLink(cfg, k) }));
    return text.join("\n");
  }
  function agendaLink(cfg, k) {
    var page = "dagsorden.html#dagsorden-" + k;
    return cfg.url ? cfg.url + page : t("Dagsorden for mentormøder, møde {k} ({page})", { k: k, page: page });
  }

  /* ------------------------------------------------------------ the welcome text */

  /* A meeting as the plan names it: the first by its name in the guide. (When the evaluation is held is not
     the guide's to say, nor the plan's.) */
  function meetingLabel(k) {
    return k === 1 ? t("1. mentoraftale") : t("Møde {k}", { k: k });
  }

  /* {subject, paragraphs: [text | {meetings: [...]}]}: the mail and the printed letter alike. */
  function welcome(plan) {
    var cfg = plan.cfg, parts = [];
    parts.push(plan.navn ? t("Kære {name}", { name: plan.navn }) : t("Kære nye medarbejder"));
    parts.push(t("Velkommen til {place}. Vi glæder os til at tage imod dig.", { place: cfg.welcomeTo }));
    var first = t("Din første arbejdsdag er {date}.", { date: longDate(plan.start) });
    parts.push(cfg.firstDay ? first + " " + cfg.firstDay : first);
    var mentor = plan.mentor
      ? t("Din mentor bliver {name}, en erfaren kollega, som du får dialog og sparring med.", { name: plan.mentor })
      : t("Du får en mentor, en erfaren kollega, som du får dialog og sparring med.");
    var end = endOf(plan.start, plan.tid, cfg.duration).time;
    var times = { times: cfg.times, from: clockTime(plan.tid), to: clockTime(end), place: cfg.place };
    var when = " " + (cfg.place ? t("Du og din mentor mødes {times} kl. {from}–{to} i {place}:", times)
      : t("Du og din mentor mødes {times} kl. {from}–{to}:", times));
    parts.push(mentor + when);
    parts.push({ meetings: plan.dates.map(function (date, i) {
      return meetingLabel(i + 1) + ": " + longDate(date);
    }) });
    parts.push(t("Læs gerne den vedhæftede velkomstpakke (PDF), inden du starter. Den fortæller om mentorordningen " +
      "og om, hvad du kan tænke over inden 1. mentoraftale."));
    parts.push({ signature: [t("Venlig hilsen"), cfg.leader].concat(
      cfg.leaderTitle ? [cfg.leaderTitle + ", " + cfg.deptShort] : [cfg.deptShort]) });
    return {
      subject: t("Velkommen til {department} – din første dag og dine mentormøder", { department: cfg.deptShort }),
      parts: parts
    };
  }
  function welcomeText(letter, newline) {
    return letter.parts.map(function (part) {
      if (typeof part === "string") return part;
      if (part.meetings) return part.meetings.map(function (m) { return "- " + m; }).join(newline);
      return part.signature.join(newline);
    }).join(newline + newline) + newline;
  }
  function mailto(email, letter) {
    function encoded(text) { return encodeURIComponent(wellFormed(text)); }
    return "mailto:" + encoded(email || "").replace(/%40/g, "@") +
      "?subject=" + encoded(letter.subject) + "&body=" + encoded(welcomeText(letter, "\r\n"));
  }

  /* ------------------------------------------------------------ storage: this tab only */

  var session = (function () {
    try {
      var s = window.sessionStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null;
    }
  })();
  function load(dept) {
    try {
      var record = session && JSON.parse(session.getItem(PREFIX + dept));
      return record && typeof record === "object" ? record : null;
    } catch (e) {
      return null;
    }
  }
  function save(dept, record) {
    try { if (session) session.setItem(PREFIX + dept, JSON.stringify(record)); } catch (e) { /* full: keep going */ }
  }
  function forget(dept) {
    try { if (session) session.removeItem(PREFIX + dept); } catch (e) { /* nothing kept */ }
  }

  /* ------------------------------------------------------------ the plan page */

  function config(form) {
    var d = form.dataset, firstDay = form.parentNode.querySelector("[data-plan-first-day]");
    return {
      dept: d.dept, deptName: d.deptName, welcomeTo: d.welcomeTo, deptShort: d.deptShort, hospital: d.hospital,
      time: d.time, times: d.times,
      count: +d.count, firstWithin: +d.firstWithinDays, interval: +d.intervalWeeks,
      duration: +d.duration, place: d.place, leader: d.leader, leaderTitle: d.leaderTitle,
      url: d.handbookUrl, agenda: d.agenda.split("|"),
      firstDay: firstDay ? firstDay.textContent.replace(/\s+/g, " ").trim() : ""
    };
  }

  function setupPlan(form) {
    if (form.dataset.hbReady) return;
    form.dataset.hbReady = "1";
    var cfg = config(form);
    var block = form.parentNode;
    var list = form.querySelector("[data-plan]");
    var empty = form.querySelector("[data-plan-empty]");
    var actions = form.querySelector("[data-plan-actions]");
    var status = form.querySelector("[data-plan-status]");
    var letterBox = block.querySelector("[data-plan-letter]");
    var letterBody = block.querySelector("[data-plan-letter-body]");
    var mail = form.querySelector("[data-action=mail]");
    var other = form.querySelector("[data-plan-other]");
    var startError = form.querySelector("[data-plan-start-error]");
    var f = form.elements;
    var years = yearsAllowed();
    var overrides = {};      // K -> "YYYY-MM-DD" changed by hand (for this start date)
    var listFor = null;      // the start date the list was made for

    function say(text) { status.textContent = text; }

    function mentorName() {
      return f.mentor.value === "anden" ? f.mentor_anden.value.trim() : f.mentor.value;
    }
    /* The first working day as typed, if it can be used. */
    function startDate() {
      var start = parseISO(f.start.value);
      return start && !outOfRange(start) ? start : null;
    }
    /* Why the typed first working day cannot be used, next to the field; no message while it is empty. */
    function showStartError() {
      var start = parseISO(f.start.value);
      // The field holds "" or a whole date: one that does not parse has a year of five digits or more.
      var why = f.start.value === "" ? "" : start ? outOfRange(start) : rangeMessage();
      startError.textContent = why;
      startError.hidden = !why;
      if (why) f.start.setAttribute("aria-invalid", "true");
      else f.start.removeAttribute("aria-invalid");
    }
    function current() {
      var start = startDate();
      if (!start) return null;
      var tid = /^\d{2}:\d{2}$/.test(f.tid.value) ? f.tid.value : cfg.time;
      var dates = proposeDates(start, cfg.count, cfg.firstWithin, cfg.interval).map(function (date, i) {
        var moved = parseISO(overrides[i + 1]);
        return moved && !outOfRange(moved) ? moved : date;
      });
      return { cfg: cfg, start: start, dates: dates, tid: tid, navn: f.navn.value.trim(), mentor: mentorName(),
        email: f.email.value.trim() };
    }

    function buildList(plan) {
      list.textContent = "";
      plan.dates.forEach(function (date, i) {
        var k = i + 1, id = "plan-date-" + k;
        var li = document.createElement("li");
        li.className = "hb-plan__meeting";
        li.setAttribute("data-meeting", String(k));
        li.innerHTML = '<span class="hb-plan__when"><strong class="hb-plan__n"></strong> ' +
          '<span data-plan-text></span></span>' +
          '<span class="hb-plan__edit"><label for="' + id + '">' + t("Ret dato") + '</label> ' +
          '<input class="hb-input" type="date" id="' + id + '"></span>' +
          '<span class="hb-plan__note" data-plan-note></span>';
        li.querySelector(".hb-plan__n").textContent = meetingLabel(k) + ":";
        var input = li.querySelector("input");
        input.setAttribute("aria-describedby", id + "-note");
        input.min = years.first + "-01-01";
        input.max = years.last + "-12-31";
        var note = li.querySelector("[data-plan-note]");
        note.id = id + "-note";
        input.addEventListener("change", function () {
          if (input.value === "") return;
          var date = parseISO(input.value);
          if (!date || outOfRange(date)) {   // refused: the meeting keeps its date, and the note says why
            input.setAttribute("aria-invalid", "true");
            note.textContent = t("{why} Møde {k} beholder sin dato.", { why: rangeMessage(), k: k });
            return;
          }
          overrides[k] = input.value;
          refresh(false);
          say(t("{meeting} er flyttet til {date}.", { meeting: meetingLabel(k), date: longDate(date) }));
        });
        list.appendChild(li);
      });
    }

    function showPlan(plan) {
      var limit = addDays(plan.start, cfg.firstWithin);
      Array.prototype.forEach.call(list.children, function (li, i) {
        var date = plan.dates[i], k = i + 1, input = li.querySelector("input"), notes = [];
        li.setAttribute("data-date", iso(date));
        input.removeAttribute("aria-invalid");
        li.querySelector("[data-plan-text]").textContent = t("{date} kl. {time}", { date: longDate(date), time: clockTime(plan.tid) });
        if (document.activeElement !== input) input.value = iso(date);
        var holiday = holidayName(date), weekday = date.getUTCDay();
        if (holiday) notes.push(t("Obs: {day} er en helligdag.", { day: holiday }));
        else if (weekday === 0 || weekday === 6) notes.push(t("Obs: {day} er ikke en hverdag.", { day: WEEKDAYS[weekday] }));
        if (k === 1 && date > limit) {
          notes.push(t("Obs: senere end {n} dage efter første arbejdsdag.", { n: cfg.firstWithin }));
        }
        if (date < plan.start) notes.push(t("Obs: før første arbejdsdag."));
        li.querySelector("[data-plan-note]").textContent = notes.join(" ");
      });
    }

    function showLetter(plan) {
      var letter = welcome(plan);
      letterBody.textContent = "";
      letter.parts.forEach(function (part) {
        var el;
        if (typeof part === "string") {
          el = document.createElement("p");
          el.textContent = part;
        } else if (part.meetings) {
          el = document.createElement("ul");
          el.className = "hb-letter__plan" + (part.meetings.length > 8 ? " hb-letter__plan--columns" : "");
          part.meetings.forEach(function (text) {
            var li = document.createElement("li");
            li.textContent = text;
            el.appendChild(li);
          });
        } else {
          el = document.createElement("p");
          el.className = "hb-letter__signature";
          part.signature.forEach(function (line, i) {
            if (i) el.appendChild(document.createElement("br"));
            el.appendChild(document.createTextNode(line));
          });
        }
        letterBody.appendChild(el);
      });
      mail.setAttribute("href", mailto(plan.email, letter));
      return letter;
    }

    function refresh(store) {
      other.hidden = f.mentor.value !== "anden";
      showStartError();
      if (listFor !== null && listFor !== f.start.value) overrides = {};   // they belonged to the old start date
      var plan = current();
      if (plan && listFor !== f.start.value) {
        listFor = f.start.value;
        buildList(plan);
      }
      if (!plan) {
        listFor = null;
        overrides = {};
        list.textContent = "";
      }
      empty.hidden = !!plan;
      letterBox.hidden = !plan;
      Array.prototype.forEach.call(actions.querySelectorAll("[data-action]"), function (el) {
        if (el.getAttribute("data-action") === "clear") return;
        if (el.tagName === "A") {
          if (!plan) el.removeAttribute("href");
          el.setAttribute("aria-disabled", plan ? "false" : "true");
        } else {
          el.disabled = !plan;
        }
      });
      if (plan) {
        showPlan(plan);
        showLetter(plan);
      }
      if (store !== false || plan) persist(plan);
    }

    function persist(plan) {
      var typed = f.navn.value || f.email.value || f.start.value || f.mentor_anden.value ||
        f.mentor.value !== f.mentor.options[0].value || f.tid.value !== f.tid.defaultValue;
      if (!typed) { forget(cfg.dept); return; }
      save(cfg.dept, {
        navn: f.navn.value, email: f.email.value, start: f.start.value, mentor: f.mentor.value,
        mentor_anden: f.mentor_anden.value, tid: f.tid.value, overrides: overrides,
        dates: plan ? plan.dates.map(iso) : [], time: new Date().toISOString()
      });
    }

    function restore() {
      var record = load(cfg.dept);
      if (!record) return;
      ["navn", "email", "start", "mentor_anden", "tid"].forEach(function (name) {
        if (typeof record[name] === "string") f[name].value = record[name];
      });
      if (typeof record.mentor === "string" &&
          Array.prototype.some.call(f.mentor.options, function (o) { return o.value === record.mentor; })) {
        f.mentor.value = record.mentor;
      }
      listFor = record.start || null;
      overrides = record.overrides && typeof record.overrides === "object" ? record.overrides : {};
      var plan = current();
      if (plan) buildList(plan);
    }

    function download() {
      var plan = current();
      if (!plan) return;
      var blob = new Blob([buildIcs(plan, new Date())], { type: "text/calendar;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "mentormoeder-" + cfg.dept + "-" + iso(plan.start) + ".ics";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      say(t("Kalenderfilen er hentet. Åbn den i Outlook for at lægge møderne ind."));
    }

    function copy() {
      var plan = current();
      if (!plan) return;
      var text = welcomeText(welcome(plan), "\n");
      function fallback() {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        area.remove();
        say(ok ? t("Mailteksten er kopieret. Sæt den ind i en ny mail.") :
          t("Teksten kunne ikke kopieres. Markér velkomstbrevet nedenfor, og kopiér det selv."));
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () {
          say(t("Mailteksten er kopieret. Sæt den ind i en ny mail."));
        }, fallback);
      } else {
        fallback();
      }
    }

    function clear() {
      forget(cfg.dept);
      form.reset();
      overrides = {};
      listFor = null;
      refresh(false);
      say(t("Navn og datoer er slettet fra denne fane."));
    }

    form.addEventListener("input", function (e) {
      if (e.target.closest("[data-plan]")) return;
      refresh();
    });
    form.addEventListener("change", function (e) {
      if (e.target.closest("[data-plan]")) return;
      refresh();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("click", function (e) {
      var el = e.target.closest("[data-action]");
      if (!el) return;
      var action = el.getAttribute("data-action");
      if (action === "mail") {
        if (!el.getAttribute("href")) e.preventDefault();
        return;
      }
      e.preventDefault();
      if (action === "ics") download();
      else if (action === "copy") copy();
      else if (action === "print") window.print();
      else if (action === "clear") clear();
    });

    // The date pickers offer the years a date may lie in.
    f.start.min = years.first + "-01-01";
    f.start.max = years.last + "-12-31";
    restore();
    actions.hidden = false;
    refresh(false);
  }

  /* ------------------------------------------------------------ the agenda: each meeting's date */

  function showAgendaDates() {
    var forms = document.querySelectorAll("form[data-handbook-form=dagsorden][data-meeting]");
    if (!forms.length) return;
    var record = load(forms[0].dataset.department);
    var dates = record && Array.isArray(record.dates) ? record.dates : [];
    var tid = record && /^\d{2}:\d{2}$/.test(record.tid || "") ? record.tid : "";
    Array.prototype.forEach.call(forms, function (form) {
      var k = form.dataset.meeting, date = parseISO(dates[k - 1]);
      var title = form.querySelector(".hb-form__title");
      var link = document.querySelector("[data-meeting-link='" + k + "']");
      [[title, date ? " – " + longDate(date) + (tid ? " " + t("kl. {time}", { time: clockTime(tid) }) : "") : ""],
        [link, date ? " · " + t("{day}. {month}", { day: date.getUTCDate(), month: SHORT_MONTHS[date.getUTCMonth()] }) : ""]]
        .forEach(function (pair) {
          if (!pair[0]) return;
          var span = pair[0].querySelector("[data-plan-date]");
          if (!pair[1]) { if (span) span.remove(); return; }
          if (!span) {
            span = document.createElement("span");
            span.className = "hb-plan-date";
            span.setAttribute("data-plan-date", "");
            var state = pair[0].querySelector("[data-state]");
            pair[0].insertBefore(span, state || null);
          }
          span.setAttribute("data-date", iso(date));
          span.textContent = pair[1];
        });
    });
  }

  function init() {
    document.querySelectorAll("form[data-handbook-plan]").forEach(setupPlan);
    showAgendaDates();
  }

  /* For the tests and the hospital's own scripts. */
  window.HandbookPlan = {
    easter: function (y) { return iso(easter(y)); },
    holidays: holidays,
    isWorkingDay: function (text) { var d = parseISO(text); return !!d && !notWorking(d); },
    proposeDates: function (start, count, firstWithin, intervalWeeks) {
      return proposeDates(parseISO(start), count, firstWithin, intervalWeeks).map(iso);
    },
    longDate: function (text) { return longDate(parseISO(text)); },
    fold: fold
  };

  window.Handbook.onPage(init);
})();
