"""What a build must make: every output's key, compared with the cache, decided before any work starts.

A key is a digest of everything an output is made from, computed here and
nowhere else: the department's own data, the files every department shares
(site_config.yml, guide, forms, theme), and the generator itself with the
versions of the libraries that shape the output.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from ..inputs.editions import Edition
from ..inputs.languages import foreign_texts
from ..inputs.models import Department
from ..inputs.project import Project
from ..pdf.fonts import faces_stamp
from ..render.branding import branding_files
from .cache import BuildCache

HTML, PDF, THEME = "html", "pdf", "theme"
THEME_ASSETS = "assets"   # the theme's files, shared by every handbook, keyed like a department of their own

# The libraries whose version changes what a build writes.
_SHAPING_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "weasyprint", "pydyf",
                     "fonttools", "pikepdf", "segno", "babel")
_GENERATOR = Path(__file__).resolve().parent.parent


class Output(NamedTuple):
    """One thing a build makes and keeps in the cache: a department's pages or PDFs in one edition
    (`edition`, its code), or the theme's files shared by every handbook (no edition)."""

    kind: str
    slug: str
    edition: str = ""

    @property
    def name(self) -> str:
        """Its name in the cache and in the published folder's marker: html/da/akutafdelingen, theme/assets."""
        return "/".join(part for part in (self.kind, self.edition, self.slug) if part)

    @classmethod
    def named(cls, name: str) -> Output:
        kind, *rest = name.split("/")
        return cls(kind, rest[-1], rest[0] if len(rest) == 2 else "")


THEME_OUTPUT = Output(THEME, THEME_ASSETS)


@dataclass(frozen=True)
class Plan:
    """Which outputs are stale, and the keys of all of them."""

    slugs: tuple[str, ...]                # the departments this build publishes
    editions: dict[str, str]              # each edition's code -> its folder in a handbook ('' or 'en/')
    html: tuple[Output, ...]              # stale pages to make
    pdf: tuple[Output, ...]               # stale PDFs to make
    pdf_published: frozenset[Output]      # the PDFs that go into the site once the stale ones are made
    theme_stale: bool
    keys: dict[Output, str]
    stamp: str                            # all of the above that the published site depends on
    tool: str                             # the generator's fingerprint (tool_fingerprint)
    repaired: tuple[str, ...] = ()        # cache entries found damaged, made again like stale ones

    @property
    def nothing_to_make(self) -> bool:
        return not self.html and not self.pdf and not self.theme_stale

    def outputs(self, slug: str) -> list[Output]:
        """A department's pages and PDFs in every edition."""
        return [Output(kind, slug, code) for code in self.editions for kind in (HTML, PDF)]

    def prefix(self, output: Output) -> str:
        return site_prefix(output, self.editions)


def site_prefix(output: Output, editions: dict[str, str]) -> str:
    """Where an output's files go in the published site: a department's pages in SLUG/ (SLUG/en/ for
    another edition: `editions` gives each edition's folder), its PDFs in SLUG/pdf/ (SLUG/en/pdf/), the
    theme's shared files at the top."""
    if output.kind == THEME:
        return ""
    folder = f"{output.slug}/{editions[output.edition]}"
    return folder if output.kind == HTML else f"{folder}pdf/"


def edition_folders(project: Project) -> dict[str, str]:
    """Each edition's code and its folder within a handbook ('' for the main edition, 'en/')."""
    return {edition.code: edition.folder for edition in project.editions}


def make_plan(project: Project, cache: BuildCache, only: tuple[str, ...], pdf: bool,
              published: dict[str, str] | None = None) -> Plan:
    """`published`: the keys the current output was assembled from (publish.published_keys). An entry
    that will be copied from the cache, not kept from the output, has its files verified first."""
    tool = tool_fingerprint()
    shared = _shared_key(project, tool)
    fonts = faces_stamp()   # the PDFs are made of the machine's font files too
    # The valid departments (of those named with --only): a broken one is not made, but kept (build.py).
    slugs = tuple(d.slug for d in project.departments if not only or d.slug in only)
    keys: dict[Output, str] = {}
    html, pdfs, pdf_fresh, repaired = [], [], set(), []

    def fresh(output: Output) -> bool:
        if not cache.is_fresh(output.name, keys[output]):
            return False
        if (published or {}).get(output.name) == keys[output] or cache.verify(output.name):
            return True
        repaired.append(output.name)
        return False

    in_edition = {edition.code: _edition_key(project, edition, shared) for edition in project.editions}
    for slug in slugs:
        for edition in project.editions:
            department = project.department(slug).in_language(edition.code)
            pages, documents = Output(HTML, slug, edition.code), Output(PDF, slug, edition.code)
            changed = str(project.dates.changed.get(slug, ""))   # the footer's "last updated", a page's alone
            keys[pages] = _key(pages, department, in_edition[edition.code] + changed)
            keys[documents] = _key(documents, department, in_edition[edition.code] + fonts)
            if not fresh(pages):
                html.append(pages)
            if fresh(documents):
                pdf_fresh.add(documents)
            elif pdf:
                pdfs.append(documents)
    keys[THEME_OUTPUT] = _key(THEME_OUTPUT, None, shared)
    # Without --no-pdf every department's PDFs are made; with it, only fresh ones are published.
    with_pdf = frozenset(output for output in keys if output.kind == PDF) if pdf else frozenset(pdf_fresh)
    stamp = "\n".join(f"{output.name}={key}" for output, key in sorted(keys.items()))
    # Every department's own data is in its keys, so the portal needs only what else it lists.
    stamp += f"\nonly={','.join(only)}\nbroken={','.join(project.broken_slugs)}"
    # The portal marks the departments not changed for twelve months: it changes on the day one becomes so,
    # not every day (a no-op stays a no-op).
    stamp += f"\nstale={','.join(slug for slug in sorted(project.dates.changed) if project.dates.is_stale(slug))}"
    theme_stale = not fresh(THEME_OUTPUT)
    return Plan(slugs, edition_folders(project), tuple(html), tuple(pdfs), with_pdf, theme_stale, keys, stamp, tool,
                tuple(repaired))


def _key(output: Output, department: Department | None, shared: str) -> str:
    """What one output (a department's pages or PDFs in an edition, or the theme's files) is made from."""
    # A department's texts in the edition's language, and which of them are the main edition's (marked so):
    # a change in one edition's texts makes that edition's outputs alone again.
    own = ([department.model_dump_json(), foreign_texts(department), department.slug, output.edition]
           if department else [])
    return hashlib.sha256(json.dumps([output.kind, *own, shared]).encode()).hexdigest()


def _shared_key(project: Project, tool: str) -> str:
    """What every department's output in every edition is made from: site_config.yml, the form definitions,
    the theme, the hospital's logo and favicon, the tool."""
    forms = project.path("forms_dir")
    digest = _files_digest(project, [path for path in sorted(forms.iterdir()) if path.is_file()])
    digest.update(_files_digest(project, _every_file(project.path("theme_dir"))).digest())
    # The hospital's logo and favicon (site_config.yml's branding), wherever they are kept.
    for name, path in sorted(branding_files(project.config, project.root).items()):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return hashlib.sha256(json.dumps([project.config.model_dump_json(), digest.hexdigest(), tool]).encode()).hexdigest()


def _edition_key(project: Project, edition: Edition, shared: str) -> str:
    """What every department's output in one edition is made from besides: its guide pages and catalog, its
    forms' texts."""
    files = _every_file(edition.guide.folder) + _every_file(project.path("forms_dir") / edition.code)
    return hashlib.sha256((shared + _files_digest(project, files).hexdigest()).encode()).hexdigest()


def _every_file(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else []


def _files_digest(project: Project, files: list[Path]) -> Any:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(project.root)).encode())
        digest.update(path.read_bytes())
    return digest


def tool_fingerprint() -> str:
    """The generator's own code and the versions of the libraries that shape the output."""
    digest = hashlib.sha256()
    for path in sorted(_GENERATOR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".j2", ".css", ".js"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for package in _SHAPING_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()
