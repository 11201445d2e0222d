"""Every Jinja environment of the generator, from one factory, with an edition's words installed.

render/ (the guide's pages, the forms, cards and plan), pdf/ (the fillable forms' documents) and outputs/
(the portal) each make their environments here, so that every template has the same helpers: gettext
(Jinja's i18n extension, `{{ _("Gem som fil") }}`, with the edition's catalog: inputs/catalog.py), numbers
written as running text writes them (`count`, `number`, `every_weeks`) and the `sentences` filter. A build
gives its bytecode cache to the environments when they are made, never afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .inputs.catalog import Catalog
from .inputs.languages import Foreign


def environment(folder: Path, words: Catalog, compiled: jinja2.BytecodeCache | None = None,
                finalize: Callable[[Any], Any] | None = None, **options: Any) -> jinja2.Environment:
    """An environment for the templates in `folder`, in the language of `words`. `finalize` turns every
    value a template prints (the guide's pages make each a plain text, safe in Markdown: render/textsafety.py)."""
    settings: dict[str, Any] = dict(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                                    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                    bytecode_cache=compiled, extensions=["jinja2.ext.i18n"], **options)
    if finalize is not None:
        settings["finalize"] = finalize
    made = jinja2.Environment(**settings)
    made.install_gettext_translations(words.translations, newstyle=True)  # type: ignore[attr-defined]
    made.filters["sentences"] = sentences
    made.filters["one_line"] = one_line
    made.filters["marked"] = marked
    made.globals.update(Numbers(words).helpers())
    return made


class Numbers:
    """Numbers as running text writes them in an edition's language: one to twelve in words ("seks
    mentormøder", "six mentoring meetings"), larger ones in digits ("30 dage"). The words are the catalog's."""

    def __init__(self, words: Catalog):
        self.words = words

    def helpers(self) -> dict[str, Callable[..., str]]:
        return {"number": self.number, "count": self.count, "every_weeks": self.every_weeks}

    def number(self, n: int, neuter: bool = False) -> str:
        """One is "én" or "ét" by the noun's gender in Danish, accented so it is not read as the article."""
        if n == 1 and neuter:
            return self.words.pgettext("tal", "ét")
        names = self._names()
        return names[n] if 0 <= n < len(names) else str(n)

    def _names(self) -> tuple[str, ...]:
        words = self.words
        return (words.pgettext("tal", "nul"), words.pgettext("tal", "én"), words.pgettext("tal", "to"),
                words.pgettext("tal", "tre"), words.pgettext("tal", "fire"), words.pgettext("tal", "fem"),
                words.pgettext("tal", "seks"), words.pgettext("tal", "syv"), words.pgettext("tal", "otte"),
                words.pgettext("tal", "ni"), words.pgettext("tal", "ti"), words.pgettext("tal", "elleve"),
                words.pgettext("tal", "tolv"))

    def count(self, n: int, one: str, many: str, neuter: bool = False) -> str:
        """A number with its noun, the noun a msgid in its two forms: count(6, "møde", "møder", neuter=True)."""
        return f"{self.number(n, neuter)} {self.words.ngettext(one, many, n)}"

    def every_weeks(self, n: int) -> str:
        """How often: "hver uge", "hver fjerde uge", "hver 14. uge"."""
        words = self.words
        phrases = (words.gettext("hver uge"), words.gettext("hver anden uge"), words.gettext("hver tredje uge"),
                   words.gettext("hver fjerde uge"), words.gettext("hver femte uge"), words.gettext("hver sjette uge"),
                   words.gettext("hver syvende uge"), words.gettext("hver ottende uge"), words.gettext("hver niende uge"),
                   words.gettext("hver tiende uge"), words.gettext("hver ellevte uge"), words.gettext("hver tolvte uge"))
        return phrases[n - 1] if 1 <= n <= len(phrases) else words.gettext("hver %(n)s. uge") % {"n": n}


def css_string(text: str) -> Markup:
    """Text as a CSS string (for a style sheet, or a style element, whose content HTML does not unescape):
    quotes, backslashes, the characters HTML could read and control characters as CSS escapes."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 32 else c for c in text)
    return Markup(f'"{escaped}"')


def one_line(value: str) -> Markup:
    """Text for a textarea on one line: a page's HTML block must have no blank lines."""
    return Markup(str(escape(value)).replace("\r\n", "\n").replace("\n", "&#10;"))


def sentence(text: str) -> str:
    """A department's short text as a sentence: a capital first letter and a full stop at the end.

    The words are the department's (data, never rewritten); only the first letter and the end
    change: "planlægger introduktionen" -> "Planlægger introduktionen.", "Spørg på kontoret!" stays.
    """
    words = " ".join(str(text).split())
    if not words:
        return ""
    words = words[0].upper() + words[1:]
    if words[-1] in ",;:":
        words = words[:-1].rstrip()
    return words if words[-1] in ".!?…" else words + "."


def sentences(items: Iterable[str]) -> str:
    """A list of short texts (a role's duties) as running sentences, not a comma list; in another language than
    the page's when they all are (languages.Foreign)."""
    listed = list(items)
    joined = " ".join(s for s in (sentence(item) for item in listed) if s)
    languages = {item.language if isinstance(item, Foreign) else "" for item in listed}
    language = languages.pop() if len(languages) == 1 else ""
    return Foreign(joined, language) if language else joined


def marked(value: object) -> Markup:
    """`{{ role.title | marked }}`: a department's text in HTML, marked with its language where it is not the
    page's (a text the department wrote in the main edition's language alone): a screen reader reads it so."""
    if isinstance(value, Foreign):
        return Markup('<span lang="%s">%s</span>') % (value.language, str(value))
    return escape(value)
