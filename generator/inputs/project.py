"""The whole input of a build as one `Project`: site_config.yml, the departments, the guide and the forms.

Every problem in every file is collected before anything is reported, so a
secretary sees the whole list at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from babel.core import Locale

from .checks import department_warnings, placeholder_problems, untranslated_notes
from .editions import Edition, load_editions
from .files import file_refusal, folder_files, folder_refusal
from .forms import FormLibrary
from .languages import marked, split_languages, written_in
from .models import SLUG_PATTERN, Department, SiteConfig
from .problems import InputError, Problem, display_path
from .updated import STALE_MONTHS, Dates, last_changed
from .validation import Locator, Written, validate
from .yaml_source import Location, SourceFile, YamlDocument, dotted, read_folder, read_yaml

# Folders of the published site that are not departments: the shared theme assets, and the editions' portals
# (site/en/index.html; "da" too, so that a site whose main edition is English can have a Danish one).
RESERVED_SLUGS = ("assets", "da", "en")
# The browser scripts of the theme, whose words each edition's pages carry.
SCRIPTS = "assets/javascripts"
# A slug names a folder of the site and of the cache, and is typed in addresses: 60 characters is plenty.
MAX_SLUG = 60


def slug_problem(slug: str, file_name: bool = False) -> tuple[str, str] | None:
    """Why `slug` cannot name a department (its address), and what to choose instead; None if it can.

    `file_name`: the slug is a department file's name, so the advice speaks of a file name.
    """
    if len(slug) > MAX_SLUG:
        named = "filnavnet" if file_name else f"'{slug[:20]}…'"
        return (f"{named} er for langt til en adresse ({len(slug)} tegn)",
                f"højst {MAX_SLUG} tegn" + (" før .yml, fx akut-modtagelse.yml" if file_name else ", fx akut-modtagelse"))
    if not re.fullmatch(SLUG_PATTERN, slug):
        return (f"'{slug}' kan ikke bruges som adresse",
                "små bogstaver a-z, cifre og bindestreg" + (", fx akut-modtagelse.yml" if file_name else ""))
    if slug in RESERVED_SLUGS:
        return f"'{slug}' er optaget af sitet selv", f"et andet {'filnavn' if file_name else 'navn'}, fx afdelingens navn"
    return None


@dataclass(frozen=True)
class Project:
    """The validated input of one build: where things are and what they say."""

    root: Path
    config_path: Path
    config: SiteConfig
    departments: tuple[Department, ...]       # valid, and not drafts: what a build publishes
    editions: tuple[Edition, ...]             # the handbooks' languages, the main one first
    drafts: tuple[Department, ...] = ()       # valid drafts: `handbook serve` previews them, nothing publishes them
    broken: tuple[Problem, ...] = ()          # problems of department files; those departments are left out
    broken_slugs: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()        # contradictions (errors under --strict) and notes, never blocking
    config_lines: dict[str, int] = field(default_factory=dict)   # site_config.yml's line of each key given
    dates: Dates = field(default_factory=lambda: Dates({}, date.today()))   # each department file's last change

    def path(self, setting: str) -> Path:
        return self.root / getattr(self.config, setting)

    @property
    def output_dir(self) -> Path:
        return self.path("output_dir")

    def department(self, slug: str) -> Department:
        return self._by_slug[slug]

    @property
    def main(self) -> Edition:
        """The main edition: the first of site_config.yml's editions."""
        return self.editions[0]

    def edition(self, code: str) -> Edition:
        return next(edition for edition in self.editions if edition.code == code)

    @cached_property
    def _by_slug(self) -> dict[str, Department]:
        return {department.slug: department for department in (*self.departments, *self.drafts)}


def load_project(config_path: Path, only: tuple[str, ...] = ()) -> Project:
    """Load and validate everything (with `only`, just those departments of the department files).

    A problem in what every department shares (site_config.yml, the guide, the forms) raises
    InputError; a department file's problems leave that department out and are kept in `broken`.
    """
    root = config_path.resolve().parent
    config, config_doc, problems = _load_config(config_path, root)
    if config is None or config_doc is None:
        raise InputError(problems)
    problems += (_folder_problems(config, config_doc, root) + _published_problems(config, config_doc, root)
                 + _branding_problems(config, config_doc, root) + _output_dir_problems(config, config_doc, root, config_path))
    if problems:
        raise InputError(problems)
    forms, problems = FormLibrary.from_folder(root / config.forms_dir, root)
    editions, edition_problems = load_editions(config.editions, root / config.guide_dir, forms,
                                               root / config.theme_dir / SCRIPTS, root)
    problems += edition_problems
    if problems:
        raise InputError(problems)
    lines = {str(loc[0]): line for loc, line in config_doc.lines.items() if len(loc) == 1}
    departments, broken, warnings, files = _load_departments(config, config_doc, root, only)
    dates = last_changed(files, root, date.today())
    warnings += _stale_notes(files, dates, root)
    return Project(root, config_path, config, tuple(d for d in departments if not d.draft), editions,
                   drafts=tuple(d for d in departments if d.draft), config_lines=lines,
                   broken=tuple(sorted(p for found in broken.values() for p in found)), broken_slugs=tuple(sorted(broken)),
                   warnings=tuple(warnings), dates=dates)


def _stale_notes(files: list[Path], dates: Dates, root: Path) -> list[Problem]:
    """A line for each department file not changed for twelve months, which the web team can filter on."""
    return [Problem(display_path(path, root), 1, "", f"bemærk: filen er ikke ændret siden {dates.changed[path.stem]} "
                    f"(over {STALE_MONTHS} måneder); portalen markerer afdelingen",
                    "se efter, om navne, tal og tekster stadig passer, og ret eller gem filen igen", level="note")
            for path in files if dates.is_stale(path.stem)]


def load_settings(config_path: Path) -> tuple[Path, SiteConfig]:
    """The project's folder and site_config.yml alone, for a command that needs nothing else (handbook new):
    a problem in the guide, a form or a department file is not this command's to report."""
    root = config_path.resolve().parent
    config, _, problems = _load_config(config_path, root)
    if config is None or problems:
        raise InputError(problems)
    return root, config


# The folders site_config.yml names, and what each must hold.
_FOLDERS = {
    "guide_dir": "en mappe med guidens sider, én undermappe pr. sprog (fx content/guide)",
    "forms_dir": "en mappe med skemadefinitioner (fx content/forms)",
    "theme_dir": "en mappe med tema-tilpasninger (fx theme)",
}


def _folder_problems(config: SiteConfig, config_doc: YamlDocument, root: Path) -> list[Problem]:
    problems = []
    for setting, expected in _FOLDERS.items():
        if not (root / getattr(config, setting)).is_dir():
            problems.append(Problem(config_doc.file, config_doc.line_of((setting,)), setting,
                                    f"mappen '{getattr(config, setting)}' findes ikke", expected))
    for code in config.editions if (root / config.guide_dir).is_dir() else ():
        if not (root / config.guide_dir / code).is_dir():
            # The setting as it was written: editions, or language (which earlier versions had).
            key = next((key for key in ("editions", "language") if (key,) in config_doc.lines), "guide_dir")
            problems.append(Problem(config_doc.file, config_doc.line_of((key,)), key,
                                    f"der er ingen mappe '{code}' i '{config.guide_dir}'",
                                    f"guidens sider på sproget '{code}' i {config.guide_dir}/{code}"))
    return problems


# What the theme's and the guide's folders may hold (inputs/files.py): their files are published or read
# into the pages.
INSIDE_EXPECTED = ("almindelige filer inde i projektet (mappen med site_config.yml); en fil udefra kopieres ind, "
                   "ikke linkes til")


def _published_problems(config: SiteConfig, config_doc: YamlDocument, root: Path) -> list[Problem]:
    """Every file of the theme and of the guide (in the site's language) is a regular file inside the project,
    or a link that stays inside it: nothing from outside the project is published."""
    problems = []
    folders = [("theme_dir", config.theme_dir), *(("guide_dir", f"{config.guide_dir}/{code}") for code in config.editions)]
    for setting, name in folders:
        folder = root / name
        if not folder.is_dir():
            continue   # _folder_problems says so
        where = (config_doc.file, config_doc.line_of((setting,)), setting)
        why = folder_refusal(folder, root, name)
        refused = [why] if why else folder_files(folder, root)[1]
        problems += [Problem(*where, message, INSIDE_EXPECTED) for message in refused]
    return problems


# A publish replaces output_dir as a whole: what it must never be, whatever is on the disk.
OUTPUT_DIR_EXPECTED = "en ny eller tom mappe, som kun handbook skriver i, fx site"


def _output_dir_problems(config: SiteConfig, config_doc: YamlDocument, root: Path, config_path: Path) -> list[Problem]:
    """output_dir must not be the project, a folder above it, one that holds or lies in the project's own
    inputs (the hospital's logo and favicon included), or a file. Whether a folder there is this
    generator's is a question of what a build finds on the disk (outputs/publish.py)."""
    name, out, root = config.output_dir, (root / config.output_dir).resolve(), root.resolve()
    where = (config_doc.file, config_doc.line_of(("output_dir",)), "output_dir")
    if (root / config.output_dir).is_symlink():
        # A publish replaces the folder by a rename: a link would be replaced, never written through.
        return [Problem(*where, f"'{name}' er en genvej (symlink) til {out}; handbook udgiver ikke gennem en genvej",
                        f"den rigtige mappe i site_config.yml, fx output_dir: {out}")]
    if root.is_relative_to(out):
        return [Problem(*where, f"'{name}' er projektmappen eller en mappe over den; den ville blive slettet",
                        OUTPUT_DIR_EXPECTED)]
    inputs = [config_path.resolve(), root / ".cache",
              *((root / getattr(config, setting)).resolve() for setting in ("departments_dir", *_FOLDERS)),
              *((root / file).resolve() for file in (config.branding.logo, config.branding.favicon) if file)]
    for path in inputs:
        relation = "er" if path == out else "rummer" if path.is_relative_to(out) else "ligger i" \
            if out.is_relative_to(path) else ""
        if relation:
            return [Problem(*where, f"'{name}' {relation} projektets egne filer ({display_path(path, root)}); de "
                            "ville blive slettet", OUTPUT_DIR_EXPECTED)]
    if out.exists() and not out.is_dir():
        return [Problem(*where, f"'{name}' er en fil, ikke en mappe; den ville blive slettet", OUTPUT_DIR_EXPECTED)]
    return []


# The hospital's look (branding:): files of a kind every browser and WeasyPrint can show.
_BRANDING_FILES = {"logo": (".svg", ".png", ".jpg", ".jpeg", ".webp"), "favicon": (".png", ".ico", ".svg")}


def _branding_problems(config: SiteConfig, config_doc: YamlDocument, root: Path) -> list[Problem]:
    problems = []
    for key, suffixes in _BRANDING_FILES.items():
        value = getattr(config.branding, key)
        if value is None:
            continue
        where = (config_doc.file, config_doc.line_of(("branding", key)), f"branding.{key}")
        if Path(value).suffix.lower() not in suffixes:
            problems.append(Problem(*where, f"'{value}' er ikke en billedtype, der kan bruges her",
                                    "en fil af typen " + ", ".join(s[1:] for s in suffixes)))
        elif not (root / value).exists() and not (root / value).is_symlink():
            problems.append(Problem(*where, f"filen '{value}' findes ikke",
                                    "stien til filen fra mappen med site_config.yml, fx theme/logo.svg"))
        elif why := file_refusal(root / value, root, value):
            problems.append(Problem(*where, why, "en almindelig fil inde i projektet (mappen med site_config.yml), "
                                                 "fx theme/logo.svg"))
    return problems


_CONFIG_EXPECTED = "site_config.yml i projektmappen, eller --config STI"


def _load_config(path: Path, root: Path) -> tuple[SiteConfig | None, YamlDocument | None, list[Problem]]:
    file = display_path(path, root)
    if path.is_dir():
        return None, None, [Problem(file, 1, "", "er en mappe, ikke en fil", _CONFIG_EXPECTED)]
    if not path.is_file():
        return None, None, [Problem(file, 1, "", "filen findes ikke", _CONFIG_EXPECTED)]
    try:
        document, problems = read_yaml(path, file)
    except PermissionError:
        return None, None, [Problem(file, 1, "", "filen kan ikke læses: brugeren har ikke adgang til den",
                                    "en fil, som den, der kører handbook, har lov at læse")]
    if document is None or problems:
        return None, document, problems
    if not isinstance(document.data, dict):
        return None, document, [Problem(file, 1, "", "filen skal bestå af nøgler", "fx hospital: Regionshospitalet Horsens")]
    config, problems = validate(SiteConfig, document.data, document.where, written=document.as_written)
    return config, document, problems


def _load_departments(config: SiteConfig, config_doc: YamlDocument, root: Path, only: tuple[str, ...]
                      ) -> tuple[list[Department], dict[str, list[Problem]], list[Problem], list[Path]]:
    """The valid departments, the problems of the broken ones, the warnings and notes of all, and the files."""
    folder = root / config.departments_dir
    where = (config_doc.file, config_doc.line_of(("departments_dir",)), "departments_dir")
    if not folder.is_dir():
        raise InputError([Problem(*where, f"mappen '{config.departments_dir}' findes ikke", "en mappe med afdelingsfiler")])
    try:
        sources = read_folder(folder, root, "name: Akutafdelingen", only)
    except OSError as exc:
        raise InputError([Problem(*where, f"mappen '{config.departments_dir}' kan ikke læses ({exc.strerror})",
                                  "en mappe, som den, der bygger, har lov at læse")]) from None
    if not sources and not only:
        raise InputError([Problem(display_path(folder, root), 1, "", "der er ingen afdelingsfiler",
                                  "mindst én fil SLUG.yml; lav en med: handbook new SLUG --name \"Navn\"")])
    departments: list[Department] = []
    broken: dict[str, list[Problem]] = {}
    for problem in _slug_problems([source.path for source in sources], root):
        broken.setdefault(Path(problem.file).stem, []).append(problem)
    warnings: list[Problem] = []
    names = _language_names(config.editions)   # babel's table of names, read once, not once a department
    for source in sources:
        department, found = _load_department(source, config_doc, config.editions, names)
        if found:
            broken.setdefault(source.path.stem, []).extend(found)
        elif department is not None and source.document is not None:
            departments.append(department)
            locate = _locator(source.document, config_doc)
            warnings += department_warnings(department, source.document, locate)
            warnings += untranslated_notes(department, locate, names)
    return [d for d in departments if d.slug not in broken], broken, warnings, [source.path for source in sources]


def _slug_problems(paths: list[Path], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        file, slug = display_path(path, root), path.stem
        unusable = slug_problem(slug, file_name=True)
        if unusable:
            problems.append(Problem(file, 1, "(filnavn)", *unusable))
        if slug in seen:
            problems.append(Problem(file, 1, "(filnavn)", f"afdelingen '{slug}' findes også i {seen[slug]}",
                                    "ét filnavn pr. afdeling"))
        seen.setdefault(slug, file)
    return problems


# The first position of a model's location, as in intro_responsible.1.name (yaml_source.dotted).
_FIRST_INDEX = re.compile(r"^(\w+)\.1(?=\.|$)")


def _load_department(source: SourceFile, config_doc: YamlDocument, codes: list[str], names: dict[str, str]
                     ) -> tuple[Department | None, list[Problem]]:
    """The department in the main edition's language, with itself in each other's (Department.in_language)."""
    document, problems, path = source.document, list(source.problems), source.path
    if document is None:
        return None, problems
    defaults = config_doc.data.get("defaults") or {}
    texts = split_languages(_merge(defaults, document.data), codes, names)
    locate = _locator(document, config_doc)
    problems += [Problem(*locate(location)[:2], dotted(locate(location)[2]), message, expected)
                 for location, message, expected in texts.problems]
    # A value the YAML reader already refused would be reported twice (one person given as a mapping is
    # intro_responsible.name to the reader, intro_responsible.1.name to the model).
    reported = {p.field for p in problems}
    departments: dict[str, Department] = {}
    for code in codes:
        located = written_in(texts.given[code], code)
        department, found = validate(Department, texts.data[code], _locator(document, config_doc, located),
                                     context={"slug": path.stem}, written=_written(document, config_doc, located))
        problems += [p for p in found if p.field not in reported and _FIRST_INDEX.sub(r"\1", p.field) not in reported]
        reported |= {p.field for p in found}
        if department is not None:
            departments[code] = marked(department, texts.fallbacks[code], codes[0])
    main = departments.get(codes[0])
    if main is not None and not main.draft:
        problems += placeholder_problems(document)
    if main is None or problems or texts.problems:
        return None, problems
    return main.with_languages({code: d for code, d in departments.items() if code != codes[0]}), []


def _language_names(codes: list[str]) -> dict[str, str]:
    """Each language's name in Danish, as the problems say it: "dansk", "engelsk"."""
    names = Locale("da").languages
    return {code: names.get(code, code) for code in codes}


# Where the file has a location of the model's: as it is, or under a language's code (languages.written_in).
Relocation = Callable[[Location], Location]


def _as_is(location: Location) -> Location:
    return location


def _written(document: YamlDocument, config_doc: YamlDocument, located: Relocation = _as_is) -> Written:
    """The text as written at a location of the merged data: in the department file, or in the defaults
    (`located`: where the file has a location of the model's, for a text written per language)."""
    def text(location: Location) -> str | None:
        own = _without_first_index(located(location), document)
        if own in document.written:
            return document.written[own]
        return config_doc.written.get(("defaults",) + own)
    return text


def _merge(defaults: Any, own: Any) -> Any:
    """The department's own values over the site's defaults, key by key."""
    if isinstance(defaults, dict) and isinstance(own, dict):
        merged = dict(defaults)
        for key, value in own.items():
            merged[key] = _merge(defaults.get(key), value)
        return merged
    return own


def _locator(document: YamlDocument, config_doc: YamlDocument, located: Relocation = _as_is) -> Locator:
    """Point at the department file, or at site_config.yml when the value came from its defaults."""
    def locate(model_location: Location) -> tuple[str, int, Location]:
        location = located(model_location)
        for length in range(len(location), 0, -1):
            prefix = _without_first_index(location[:length], document)
            if prefix in document.lines:
                return document.file, document.lines[prefix], location
            if ("defaults",) + prefix in config_doc.lines:
                return config_doc.file, config_doc.lines[("defaults",) + prefix], ("defaults",) + location
        return document.file, 1, location
    return locate


def _without_first_index(location: Location, document: YamlDocument) -> Location:
    # A single person given as a mapping is validated as a one-item list:
    # intro_responsible.1.email (the model's [0]) sits at intro_responsible.email in the file.
    if len(location) > 1 and location[1] == 0 and location not in document.lines:
        return location[:1] + location[2:]
    return location
