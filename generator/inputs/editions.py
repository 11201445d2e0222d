"""The handbooks' editions: one a language, as site_config.yml's `editions` lists them (the first is the main).

An edition is what a handbook is made of in its language: the guide's pages (guide_dir/CODE/, with their
nav.yml and _macros.j2), the catalog of the words the generator's templates, scripts and PDFs show
(guide_dir/CODE/messages.po, catalog.py) and the forms with their texts in that language (the definitions
in forms_dir are written in Danish; another edition's texts are forms_dir/CODE/NAME.yml, forms.py). Every
department gets every edition; the main one is published at SLUG/, each other at SLUG/CODE/.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from babel.messages.extract import extract

from .catalog import SOURCE_LANGUAGE, Catalog, load_catalog
from .forms import FormLibrary
from .guide import GuideSource, load_guide
from .problems import Problem, display_path


@dataclass(frozen=True)
class Edition:
    """One language of every handbook."""

    code: str                # "da", "en": the name of its folders, and of its handbooks' folder SLUG/CODE/
    main: bool               # the first of site_config.yml's editions: published at SLUG/, the portal at index.html
    guide: GuideSource
    forms: FormLibrary
    words: Catalog
    scripts: Path            # the browser scripts' folder (the theme's), whose words its pages carry

    @cached_property
    def script_words(self) -> dict[str, str]:
        """The browser scripts' words in this language (msgid -> words); none in the source language, whose
        msgids are its words. Read from the scripts when a page is made, not by a run that makes none."""
        if self.code == SOURCE_LANGUAGE:
            return {}
        return {msgid: self.words.gettext(msgid) for msgid in script_msgids(self.scripts)}

    @property
    def folder(self) -> str:
        """Where its handbook lies within the department's folder (and its portal within the site's): '' or 'en/'."""
        return "" if self.main else f"{self.code}/"

    def way_to(self, other: Edition) -> str:
        """From a page of this edition to the same page of `other` (in the department's folder, or the site's
        for the portal): 'en/' from the main edition, '../' back to it."""
        return "../" * self.folder.count("/") + other.folder

    @property
    def own_name(self) -> str:
        """The language's name in itself, as a link to its edition says it: "Dansk", "English"."""
        name = self.words.locale.languages.get(self.words.base_language, self.code)
        return name[:1].upper() + name[1:]


def other_editions(editions: tuple[Edition, ...], edition: Edition) -> list[dict[str, str]]:
    """The links from a page of `edition` to the same page in each other edition: its language's code, its own
    name, and the way there (Edition.way_to), for the theme's templates."""
    return [{"lang": other.words.base_language, "name": other.own_name, "way": edition.way_to(other)}
            for other in editions if other.code != edition.code]


def load_editions(codes: list[str], guide_dir: Path, definitions: FormLibrary, scripts: Path, root: Path
                  ) -> tuple[tuple[Edition, ...], list[Problem]]:
    """Every edition site_config.yml names, from its folders; the forms' definitions are shared by all, and so
    are the browser scripts in `scripts` (the theme's)."""
    editions: list[Edition] = []
    problems: list[Problem] = []
    for index, code in enumerate(codes):
        guide, guide_problems = load_guide(guide_dir / code, root)
        words, word_problems = load_catalog(guide_dir / code, code, root)
        forms, form_problems = (definitions, []) if code == SOURCE_LANGUAGE else definitions.in_language(code, root)
        problems += guide_problems + word_problems + form_problems
        if guide is not None and editions and set(guide.page_names) != set(editions[0].guide.page_names):
            problems.append(_pages_problem(guide, editions[0].guide, root))
        elif guide is not None and words is not None and forms is not None:
            editions.append(Edition(code, index == 0, guide, forms, words, scripts))
    return tuple(editions), problems


def _pages_problem(guide: GuideSource, main: GuideSource, root: Path) -> Problem:
    """Every edition has the main one's pages, by the same names: a page links to itself in each other edition."""
    missing, extra = sorted(set(main.page_names) - set(guide.page_names)), sorted(set(guide.page_names) - set(main.page_names))
    said = "; ".join(part for part in (f"mangler {', '.join(missing)}" if missing else "",
                                       f"har også {', '.join(extra)}" if extra else "") if part)
    return Problem(display_path(guide.folder, root), 1, "(sider)", f"udgaven har ikke de samme sider som "
                   f"{display_path(main.folder, root)}: {said}", "de samme sider med de samme filnavne, oversat")


def script_msgids(folder: Path) -> list[str]:
    """The words of the browser scripts in `folder`: every t("…") (handbook.js's lookup), in order."""
    found: list[str] = []
    for path in sorted(folder.glob("*.js")) if folder.is_dir() else []:
        with open(path, "rb") as handle:
            found += [message for _, message, _, _ in extract("javascript", handle, keywords={"t": None})
                      if isinstance(message, str)]
    return list(dict.fromkeys(found))
