/* Handbook: the fillable forms (samarbejdsaftale, dagsorden, evaluering).
 *
 * Plain JavaScript, no framework, nothing loaded from outside the site, and
 * no request is ever made with an answer: answers live in this browser's
 * sessionStorage (this tab) or, with "remember", localStorage.
 *
 * Storage: one record per department, form and meeting under
 *   handbook/v1/SLUG/FORM[/MEETING]
 * ("v1" is the storage layout; the form's own version travels in the record).
 * A record is the export file: {form, department, hospital, meeting, version,
 * time, answers, exported?}. Answers are keyed by field id, so a later version
 * of a form still shows every answer whose field still exists, and keeps the
 * others in the record. handbook/v1/SLUG/remember = "1" in localStorage means
 * the department's answers are kept on this computer.
 *
 * Material's instant navigation is OFF in this project: the handbooks must
 * work opened from disk (file://), where instant loading cannot fetch pages.
 * We still bind through Material's document$ when it exists, so the script
 * re-binds on every page if instant navigation is ever switched on.
 */
(function () {
  "use strict";

  var PREFIX = "handbook/v1/";

  /* The page's words in its edition's language: the page carries a table (msgid -> words) in
     script#hb-words, made from the edition's catalog (generator/inputs/catalog.py); the source language's
     msgids are its words, so its pages carry none. {name} in a text is replaced by values.name. */
  var WORDS = (function () {
    var table = document.getElementById("hb-words");
    try { return table ? JSON.parse(table.textContent) : {}; } catch (e) { return {}; }
  })();
  function t(msgid, values) {
    var text = Object.prototype.hasOwnProperty.call(WORDS, msgid) ? WORDS[msgid] : msgid;
    return values ? text.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    }) : text;
  }
  var GOAL_LINE = /^\s*(?:[-*\u2022\u2013]|\d+[.)])\s*/;

  function probe(kind) {
    try {
      var s = window[kind];
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null;
    }
  }
  var session = probe("sessionStorage");
  var local = probe("localStorage");

  function read(store, key) {
    try {
      var record = store && JSON.parse(store.getItem(key));
      return record && typeof record === "object" && record.answers && typeof record.answers === "object" ? record : null;
    } catch (e) {
      return null;
    }
  }
  function write(store, key, record) {
    try {
      store.setItem(key, JSON.stringify(record));
      return true;
    } catch (e) {
      return false;
    }
  }
  function remembered(dept) {
    return !!local && local.getItem(PREFIX + dept + "/remember") === "1";
  }
  function storeFor(dept) {
    return remembered(dept) ? local : session;
  }
  /* The newer of the two stores' records (a tab may have saved before another ticked "remember"). */
  function find(key) {
    var a = read(session, key), b = read(local, key);
    return a && b ? (a.time > b.time ? a : b) : a || b;
  }

  /* Move every record of a department between the two stores. */
  function setRemember(dept, on) {
    var from = on ? session : local, to = on ? local : session;
    if (!local || !session) return false;
    if (on) local.setItem(PREFIX + dept + "/remember", "1");
    else local.removeItem(PREFIX + dept + "/remember");
    var prefix = PREFIX + dept + "/";
    for (var i = from.length - 1; i >= 0; i--) {
      var key = from.key(i);
      if (key && key.indexOf(prefix) === 0 && key !== prefix + "remember") {
        to.setItem(key, from.getItem(key));
        from.removeItem(key);
      }
    }
    return true;
  }

  function clock(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return t("kl. {time}", { time: t("{h}.{m}", { h: two(date.getHours()), m: two(date.getMinutes()) }) });
  }
  function day(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? t("{d}.{m}.{y}", { d: m[3], m: m[2], y: m[1] }) : "";
  }

  /* ------------------------------------------------------------ one form */

  function Form(el) {
    var d = el.dataset;
    this.el = el;
    this.name = d.handbookForm;
    this.dept = d.department;
    this.meeting = d.meeting ? Number(d.meeting) : null;
    this.version = Number(d.version) || 1;
    this.key = PREFIX + this.dept + "/" + this.name + (this.meeting ? "/" + this.meeting : "");
    this.status = el.querySelector("[data-status]");
    this.record = null;
  }

  Form.prototype.controls = function () {
    return Array.prototype.slice.call(this.el.querySelectorAll("input[name], textarea[name]"));
  };

  Form.prototype.answers = function () {
    var answers = {};
    this.controls().forEach(function (c) { answers[c.name] = c.value; });
    return answers;
  };

  /* True when any field differs from the blank form (the department's defaults). */
  Form.prototype.filled = function () {
    return this.controls().some(function (c) { return c.value !== c.defaultValue; });
  };

  Form.prototype.save = function () {
    var old = this.record || {};
    var answers = {}, key;
    for (key in old.answers || {}) answers[key] = old.answers[key];
    var current = this.answers();
    for (key in current) answers[key] = current[key];
    this.record = {
      form: this.name, department: this.dept, hospital: this.el.dataset.hospital, meeting: this.meeting,
      version: this.version, time: new Date().toISOString(), answers: answers,
      filled: this.filled(), exported: old.exported || null
    };
    if (!write(storeFor(this.dept), this.key, this.record)) {
      this.say(t("Svarene kunne ikke gemmes i browseren. Brug Gem som fil for at beholde dem."));
      return;
    }
    this.sayLater(remembered(this.dept) ? t("Gemt på denne computer {time}.", { time: clock(new Date()) })
      : t("Gemt i denne fane {time}.", { time: clock(new Date()) }));
    refreshMeetings(this.el);
  };

  Form.prototype.say = function (text) {
    clearTimeout(this.timer);
    if (this.status) this.status.textContent = text;
  };
  /* "Saved" is announced once typing pauses, not on every key. */
  Form.prototype.sayLater = function (text) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { if (self.status) self.status.textContent = text; }, 1200);
  };

  /* Put answers into the fields; fields the answers do not name get the blank form's value. */
  Form.prototype.fill = function (answers) {
    this.ensureGoals(answers);
    this.controls().forEach(function (c) {
      c.value = Object.prototype.hasOwnProperty.call(answers, c.name) && typeof answers[c.name] === "string"
        ? answers[c.name] : c.defaultValue;
      mirror(c);
    });
  };

  Form.prototype.unknown = function (answers) {
    var names = {};
    this.controls().forEach(function (c) { names[c.name] = true; });
    return Object.keys(answers).filter(function (k) { return !names[k] && answers[k]; }).length;
  };

  /* ---- the evaluation's look back at the agreement's learning goals */

  Form.prototype.goalSection = function () {
    return this.el.querySelector("[data-goals-from]");
  };

  Form.prototype.agreementGoals = function (box) {
    var record = find(PREFIX + this.dept + "/" + box.dataset.goalsFrom);
    if (!record) return [];
    var goals = [];
    box.dataset.goalsFields.split(" ").forEach(function (field) {
      String(record.answers[field] || "").split(/\r?\n/).forEach(function (line) {
        line = line.replace(GOAL_LINE, "").trim();
        if (line) goals.push(line);
      });
    });
    return goals.slice(0, Number(box.dataset.goalsMost) || 12);
  };

  function goalSlots(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[data-goal]"));
  }

  function addGoal(box) {
    var template = box.querySelector("template[data-goal-template]");
    var n = goalSlots(box).length + 1;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__N__/g, String(n));
    var slot = holder.firstElementChild;
    box.insertBefore(slot, template);
    return slot;
  }

  /* As many goal slots as the answers use, or the agreement has goals, or the blank form has. */
  Form.prototype.ensureGoals = function (answers) {
    var box = this.goalSection();
    if (!box) return;
    var pattern = new RegExp("^" + box.dataset.section + "_(\\d+)_");
    var used = 0;
    Object.keys(answers || {}).forEach(function (k) {
      var m = pattern.exec(k);
      if (m && answers[k]) used = Math.max(used, Number(m[1]));
    });
    var goals = this.agreementGoals(box);
    var most = Number(box.dataset.goalsMost) || 12;
    var want = Math.min(most, Math.max(used, goals.length || Number(box.dataset.goalsBlank) || 1));
    var slots = goalSlots(box);
    while (slots.length > want) slots.pop().remove();
    while (slots.length < want) slots.push(addGoal(box));
    this.goals = goals;
    var add = box.querySelector("[data-action=add-goal]");
    if (add) add.hidden = want >= most;
  };

  /* Write each goal of the agreement into an empty goal field, and say where they came from. */
  Form.prototype.showGoals = function () {
    var box = this.goalSection();
    if (!box) return;
    var goals = this.goals || [];
    goalSlots(box).forEach(function (slot, i) {
      var field = slot.querySelector("textarea, input");
      if (goals[i] && field && !field.value) {
        field.value = goals[i];
        mirror(field);
      }
    });
    var note = box.querySelector("[data-goals-note]");
    note.hidden = false;
    note.textContent = goals.length
      ? t("Læringsmålene herunder er hentet fra jeres samarbejdsaftale, som den er gemt i denne browser " +
        "({n} mål). Du kan rette i dem.", { n: goals.length })
      : t("Der er ikke gemt en samarbejdsaftale med læringsmål i denne browser. Skriv jeres mål ind her, " +
        "eller hent aftalen ind fra en fil på siden Samarbejdsaftale først.");
  };

  /* ---- controls */

  Form.prototype.exportFile = function () {
    var now = new Date();
    var data = {
      form: this.name, department: this.dept, hospital: this.el.dataset.hospital, meeting: this.meeting,
      version: this.version, time: now.toISOString(), answers: this.answers()
    };
    var name = [this.name, this.dept].concat(this.meeting ? ["moede-" + this.meeting] : [])
      .concat([now.toISOString().slice(0, 10)]).join("-") + ".json";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    this.save();
    this.record.exported = this.record.time;
    write(storeFor(this.dept), this.key, this.record);
    this.say(t("Svarene er gemt i filen {name}. Læg den et sikkert sted.", { name: name }));
  };

  Form.prototype.importFile = function (input) {
    var self = this, file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      input.value = "";
      var data = null;
      try { data = JSON.parse(String(reader.result)); } catch (e) { /* refused below */ }
      var refused;
      try { refused = self.refuse(data); } catch (e) { refused = t("Filen er ikke en fil med svar fra håndbogen."); }
      if (refused) {
        self.say(t("{why} Intet er ændret.", { why: refused }));
        return;
      }
      self.fill(data.answers);
      self.showGoals();
      self.record = null;
      self.save();
      // The answers are in a file already: leaving the page need not ask about them.
      self.record.exported = self.record.time;
      self.record.answers = mergeUnknown(data.answers, self.record.answers);
      write(storeFor(self.dept), self.key, self.record);
      refreshMeetings(self.el);
      var lost = self.unknown(data.answers);
      var loaded = data.time ? t("Svarene fra filen er hentet ind (gemt {day}).", { day: day(data.time) })
        : t("Svarene fra filen er hentet ind.");
      self.say(lost ? t("{loaded} {n} svar hører til felter, som skemaet ikke har mere; de er bevaret i browseren, " +
        "men vises ikke.", { loaded: loaded, n: lost }) : loaded);
    };
    reader.onerror = function () { self.say(t("Filen kunne ikke læses. Intet er ændret.")); };
    reader.readAsText(file);
  };

  /* An answers file is data from outside: every field is checked for its type before any is used,
     so that e.g. {"form": {"toString": "x"}} is refused like any other wrong file. */
  function isPlain(value) {
    return !!value && typeof value === "object" && !Array.isArray(value) &&
      Object.getPrototypeOf(value) === Object.prototype;
  }
  function optional(value, type) {
    return value === undefined || value === null || typeof value === type;
  }
  function wellFormed(data) {
    if (!isPlain(data) || !isPlain(data.answers)) return false;
    if (typeof data.form !== "string" || typeof data.department !== "string") return false;
    if (!optional(data.hospital, "string") || !optional(data.time, "string") || !optional(data.exported, "string")) return false;
    if (!optional(data.version, "number")) return false;
    if (!(data.meeting === undefined || data.meeting === null ||
          (typeof data.meeting === "number" && Math.floor(data.meeting) === data.meeting && data.meeting > 0))) return false;
    var keys = Object.keys(data.answers);
    if (keys.length > 2000) return false;
    return keys.every(function (k) {
      var v = data.answers[k];
      return typeof v === "string" && v.length <= 100000 && k.length <= 200;
    });
  }

  /* Why a file cannot be loaded into this form, or "" when it can. */
  Form.prototype.refuse = function (data) {
    if (!wellFormed(data)) {
      return t("Filen er ikke en fil med svar fra håndbogen.");
    }
    var title = this.el.dataset.title;
    if (data.form !== this.name) {
      return t("Filen hører til et andet skema ({other}), ikke til {title}.", { other: String(data.form), title: title });
    }
    if (data.department !== this.dept) {
      return t("Filen hører til en anden afdeling ({other}), ikke til {name}.",
        { other: String(data.department), name: this.el.dataset.departmentName });
    }
    if ((data.meeting || null) !== this.meeting) {
      return t("Filen hører til møde {k}. Vælg møde {k}, og hent filen der.", { k: data.meeting });
    }
    return "";
  };

  Form.prototype.clear = function () {
    if (!window.confirm(t("Vil du rydde skemaet? Alle svar i det slettes fra browseren, og det kan ikke fortrydes. " +
        "Brug Gem som fil først, hvis du vil beholde dem."))) return;
    if (session) session.removeItem(this.key);
    if (local) local.removeItem(this.key);
    this.record = null;
    this.fill({});
    this.showGoals();
    refreshMeetings(this.el);
    this.say(t("Skemaet er ryddet, og svarene er slettet fra browseren."));
  };

  function mergeUnknown(from, into) {
    var merged = {}, key;
    for (key in from) merged[key] = from[key];
    for (key in into) merged[key] = into[key];
    return merged;
  }

  /* The print-only copy of a field: the whole answer, never clipped like a textarea. */
  function mirror(control) {
    var box = control.closest(".hb-field");
    var answer = box && box.querySelector("[data-answer]");
    if (!answer) return;
    var text = control.value;
    if (control.type === "date") text = day(text) || text;
    var unit = box.querySelector(".hb-unit");
    if (text && unit) text += " " + unit.textContent;
    answer.textContent = text;
    box.toggleAttribute("data-filled", text !== "");
  }

  function setup(el) {
    if (el.dataset.hbReady) return;
    el.dataset.hbReady = "1";
    var form = new Form(el);
    var record = find(form.key);
    if (record && remembered(form.dept) && read(session, form.key)) {
      // Saved in this tab before "remember" was ticked in another one: keep it with the rest.
      write(local, form.key, record);
      session.removeItem(form.key);
    }
    form.record = record;
    form.fill(record ? record.answers : {});
    form.showGoals();
    form.controls().forEach(mirror);

    var remember = el.querySelector("[data-action=remember]");
    remember.checked = remembered(form.dept);
    if (!local || !session) {
      remember.disabled = true;
      form.say(t("Browseren tillader ikke, at svarene gemmes. Brug Gem som fil."));
    }
    el.querySelector("[data-controls]").hidden = false;
    el.querySelector("[data-print-button]").hidden = false;
    var bar = el.querySelector("[data-bar]");
    if (bar) bar.hidden = false;

    el.addEventListener("input", function (e) {
      if (e.target.name) { mirror(e.target); form.save(); }
    });
    el.addEventListener("change", function (e) {
      var target = e.target;
      if (target.name) { mirror(target); form.save(); return; }
      if (target.dataset.action === "import") form.importFile(target);
      if (target.dataset.action === "remember") {
        setRemember(form.dept, target.checked);
        document.querySelectorAll("form[data-department='" + form.dept + "'] [data-action=remember]")
          .forEach(function (box) { box.checked = target.checked; });
        form.say(target.checked
          ? t("Svarene i alle skemaer for afdelingen bliver nu gemt på denne computer, til du rydder dem.")
          : t("Svarene bliver nu kun gemt, så længe fanen er åben."));
      }
    });
    el.addEventListener("click", function (e) {
      // The bar at the end of the form repeats export and print (data-repeat).
      var action = e.target.closest("[data-action], [data-repeat]");
      action = action && (action.dataset.action || action.dataset.repeat);
      if (action === "export") form.exportFile();
      else if (action === "clear") form.clear();
      else if (action === "print") window.print();
      else if (action === "add-goal") {
        var box = form.goalSection();
        var slot = addGoal(box);
        slot.querySelectorAll("[name]").forEach(mirror);
        slot.querySelector("[name]").focus();
        e.target.hidden = goalSlots(box).length >= (Number(box.dataset.goalsMost) || 12);
      }
    });
    el.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  /* ------------------------------------------------------------ the agenda's meetings */

  function refreshMeetings(el) {
    var block = el.closest(".hb-forms");
    var nav = block && block.querySelector("[data-meetings-nav]");
    if (!nav) return;
    block.querySelectorAll("form[data-meeting]").forEach(function (f) {
      var link = nav.querySelector("[data-meeting-link='" + f.dataset.meeting + "']");
      var has = Array.prototype.some.call(f.querySelectorAll("input[name], textarea[name]"),
        function (c) { return c.value !== c.defaultValue; });
      link.classList.toggle("hb-meetings__link--filled", has);
      link.querySelector("[data-state]").textContent = has ? " (har svar)" : "";
    });
  }

  function showMeeting(block, number, focus) {
    var shown = null;
    block.querySelectorAll("form[data-meeting]").forEach(function (f) {
      f.hidden = f.dataset.meeting !== String(number);
      if (!f.hidden) shown = f;
    });
    block.querySelectorAll("[data-meeting-link]").forEach(function (a) {
      if (a.dataset.meetingLink === String(number)) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    if (focus && shown) shown.querySelector(".hb-form__title").focus();
  }

  function setupMeetings(block) {
    var nav = block.querySelector("[data-meetings-nav]");
    if (!nav || block.dataset.hbReady) return;
    block.dataset.hbReady = "1";
    var match = /-(\d+)$/.exec(location.hash);
    var first = match && block.querySelector("form[data-meeting='" + match[1] + "']") ? match[1] : "1";
    showMeeting(block, first, false);
    refreshMeetings(block.querySelector("form"));
    nav.addEventListener("click", function (e) {
      var link = e.target.closest("[data-meeting-link]");
      if (!link) return;
      e.preventDefault();
      showMeeting(block, link.dataset.meetingLink, true);
      try { history.replaceState(null, "", link.getAttribute("href")); } catch (err) { /* file:// in some browsers */ }
    });
  }

  /* ------------------------------------------------------------ leaving the page */

  /* Set by a click that leaves for another page of the handbook; the next beforeunload uses it
     up. A link that only moves within the page ("Møde 2", a heading) sets nothing, and a link
     that turns out to be a download uses it up in the beforeunload it causes, so a later close
     of the tab still asks. */
  var internal = false;

  /* Answers typed in this tab that are neither remembered nor exported since. */
  function unsafe() {
    if (!session) return false;
    for (var i = 0; i < session.length; i++) {
      var key = session.key(i);
      if (key.indexOf(PREFIX) !== 0) continue;
      var record = read(session, key);
      if (record && record.filled && (!record.exported || record.exported < record.time)) return true;
    }
    return false;
  }

  function leavesForHandbookPage(e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return false;
    if (a.hasAttribute("download") || (a.target && a.target !== "_self")) return false;
    if (a.protocol !== location.protocol || a.host !== location.host) return false;
    // Only the part after # differs: the page stays, nothing unloads.
    return !(a.hash && a.pathname === location.pathname && a.search === location.search);
  }

  function once() {
    // Moving to another page of the handbook keeps this tab's answers: only leaving it asks.
    // Listening on window, after the page's own handlers, shows whether one kept the link from
    // being followed (the agenda's meeting links do).
    window.addEventListener("click", function (e) {
      internal = leavesForHandbookPage(e);
    });
    window.addEventListener("beforeunload", function (e) {
      var toHandbook = internal;
      internal = false;
      if (toHandbook || !unsafe()) return undefined;
      e.preventDefault();
      e.returnValue = "";
      return "";
    });
    // Before Material's own handler (it reads the field on keyup), the search query is made NFC, as
    // the pages and the search index are: "Café" typed as e and an accent (NFD) finds the same pages.
    window.addEventListener("input", searchQueryInNfc, true);
    window.addEventListener("keyup", searchQueryInNfc, true);
  }

  function searchQueryInNfc(e) {
    var field = e.target;
    if (e.isComposing || !(field instanceof HTMLInputElement) || !field.matches("input.md-search__input")) return;
    var text = field.value, nfc = text.normalize("NFC");
    if (nfc === text) return;
    var caret = text.slice(0, field.selectionStart || 0).normalize("NFC").length;
    field.value = nfc;
    field.setSelectionRange(caret, caret);
  }

  /* ------------------------------------------------------------ tables on narrow screens */

  /* handbook.css shows a table as one block per row on a phone; each cell gets its column's
     header as a label, and explicit roles keep it a table for screen readers. */
  function labelTables() {
    document.querySelectorAll(".md-typeset table:not([class]):not([data-hb-labels])").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) return;
      table.setAttribute("data-hb-labels", "");
      table.setAttribute("role", "table");
      table.querySelectorAll("thead, tbody").forEach(function (g) { g.setAttribute("role", "rowgroup"); });
      table.querySelectorAll("tr").forEach(function (tr) {
        tr.setAttribute("role", "row");
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (cell.parentNode.parentNode.tagName === "THEAD") cell.setAttribute("role", "columnheader");
          else {
            cell.setAttribute("role", "cell");
            if (heads[i]) cell.setAttribute("data-label", heads[i]);
          }
        });
      });
    });
  }

  /* The 404 page's search field: its words go to Material's search, which opens with the results. */
  function setupSearchForms() {
    document.querySelectorAll("form[data-hb-search]:not([data-hb-ready])").forEach(function (form) {
      form.setAttribute("data-hb-ready", "");
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var words = form.querySelector("input").value;
        var toggle = document.getElementById("__search");
        var query = document.querySelector("input.md-search__input");
        if (!toggle || !query) return;
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
        query.value = words;
        query.focus();
        query.dispatchEvent(new KeyboardEvent("keyup", { key: "Enter" }));
        query.dispatchEvent(new Event("input"));
      });
    });
  }

  /* The cards page: a print button beside the choice of A5 or two cards on one A4 sheet
     (print-cards.css reads the choice; without a script the browser's own print does the same). */
  function setupCardsPrint() {
    document.querySelectorAll("[data-cards-print]:not([data-hb-ready])").forEach(function (button) {
      button.setAttribute("data-hb-ready", "");
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    labelTables();
    setupSearchForms();
    setupCardsPrint();
    // Material's search is a dialog without a name (axe: aria-dialog-name); give it the search field's.
    var search = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    if (search) search.setAttribute("aria-label", t("Søg i håndbogen"));
    document.querySelectorAll("form[data-handbook-form]").forEach(setup);
    document.querySelectorAll(".hb-forms").forEach(function (block) {
      var notice = block.querySelector("[data-notice]");
      if (notice) notice.hidden = false;
      setupMeetings(block);
    });
  }

  /* Run fn on every page: through Material's document$ when it exists (see the top), else once the
     page is parsed. plan.js uses it too, through window.Handbook (this script loads before it). */
  function onPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  window.Handbook = { onPage: onPage, t: t };

  once();
  onPage(init);
})();
