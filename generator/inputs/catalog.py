"""An edition's words: the gettext catalog of what the generator's templates, scripts and PDFs show.

The templates, the browser scripts and the few reader-facing strings in Python are written in Danish, the
source language: their msgids are the Danish words, so the Danish edition needs no catalog at all. Any
other edition has one, `guide_dir/CODE/messages.po` (Babel reads it; `make i18n` brings it up to date with
the sources through `messages.pot`), and every msgid the sources use must be translated there: a word
left out is an error at the catalog, never a Danish word on an English page.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from .problems import Problem, display_path

SOURCE_LANGUAGE = "da"
CATALOG_FILE = "messages.po"
# Every msgid of the sources, as `make i18n` extracts them (pybabel extract, babel.cfg).
TEMPLATE = Path(__file__).resolve().parent.parent / "locale" / "messages.pot"


@dataclass(frozen=True)
class Catalog:
    """One language's words, and how it is named (BCP 47: "da", "en-GB")."""

    language: str
    translations: gettext.NullTranslations

    @property
    def base_language(self) -> str:
        """The language without its region ("en"): what Material's interface and its search know."""
        return self.language.split("-")[0]

    @property
    def locale(self) -> Locale:
        """The language as Babel's dates and numbers know it."""
        return Locale.parse(self.language, sep="-")

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)


SOURCE = Catalog(SOURCE_LANGUAGE, gettext.NullTranslations())


def load_catalog(folder: Path, code: str, root: Path) -> tuple[Catalog | None, list[Problem]]:
    """The catalog of edition `code` in its guide folder; the source language's needs none."""
    if code == SOURCE_LANGUAGE:
        return SOURCE, []
    path = folder / CATALOG_FILE
    file = display_path(path, root)
    if not path.is_file():
        return None, [Problem(file, 1, "", "filen findes ikke",
                              f"ordene på sproget '{code}': kopiér generator/locale/messages.pot hertil, og oversæt den")]
    try:
        with open(path, "rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        return None, [Problem(file, _line_of(exc), "", f"filen kan ikke læses som en gettext-katalog ({exc})",
                              "en .po-fil som generator/locale/messages.pot, med msgstr udfyldt")]
    problems = _language_problems(catalog, code, file) + _untranslated(catalog, file)
    if problems or catalog.locale is None:
        return None, problems
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Catalog(str(catalog.locale).replace("_", "-"), Translations(compiled)), []


def _line_of(exc: Exception) -> int:
    return int(getattr(exc, "lineno", 0) or 1)


def _language_problems(catalog: PoCatalog, code: str, file: str) -> list[Problem]:
    if catalog.locale is None or catalog.locale.language != code:
        said = catalog.locale.language if catalog.locale else "intet sprog"
        return [Problem(file, 1, "Language", f"kataloget er på '{said}', men ligger i mappen for '{code}'",
                        f"Language: {code} i filens hoved, fx Language: {code}_GB")]
    return []


def _untranslated(catalog: PoCatalog, file: str) -> list[Problem]:
    """Every msgid the sources use, translated (not fuzzy, every plural form)."""
    try:
        with open(TEMPLATE, "rb") as handle:
            template = read_po(handle)
    except (OSError, UnknownLocaleError):
        return []   # an installation without the template: nothing to compare with
    problems = []
    for wanted in template:
        if not wanted.id:
            continue
        found = catalog.get(wanted.id, wanted.context)
        strings = (found.string if isinstance(found.string, tuple) else (found.string,)) if found else ()
        if found is None or found.fuzzy or not all(strings):
            shown = wanted.id[0] if isinstance(wanted.id, tuple) else wanted.id
            line = found.lineno if found is not None and found.lineno else 1
            problems.append(Problem(file, line, "msgstr", f"'{shown[:60]}' er ikke oversat",
                                    "en oversættelse i msgstr (og ingen fuzzy-markering)"))
    return problems
