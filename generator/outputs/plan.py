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

from ..inputs.models import Department
from ..inputs.project import Project
from ..pdf.fonts import faces_stamp
from ..render.branding import branding_files
from .cache import BuildCache

HTML, PDF, THEME = "html", "pdf", "theme"
THEME_ASSETS = "assets"   # the theme's files, shared by every handbook, keyed like a department of their own

# The libraries whose version changes what a build writes.
_SHAPING_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "weasyprint", "pydyf",
                     "fonttools", "pikepdf", "segno")
_GENERATOR = Path(__file__).resolve().parent.parent


def site_prefix(kind: str, slug: str) -> str:
    """Where an output's files go in the published site: a department's pages in SLUG/, its PDFs in
    SLUG/pdf/, the theme's shared files at the top."""
    return {HTML: f"{slug}/", PDF: f"{slug}/pdf/", THEME: ""}[kind]


@dataclass(frozen=True)
class Plan:
    """Which outputs are stale, and the keys of all of them."""

    slugs: tuple[str, ...]                # the departments this build publishes
    html: tuple[str, ...]                 # stale HTML to make
    pdf: tuple[str, ...]                  # stale PDFs to make
    pdf_published: frozenset[str]         # whose PDFs go into the site once the stale ones are made
    theme_stale: bool
    keys: dict[tuple[str, str], str]
    stamp: str                            # all of the above that the published site depends on
    tool: str                             # the generator's fingerprint (tool_fingerprint)
    repaired: tuple[str, ...] = ()        # cache entries found damaged, made again like stale ones

    @property
    def nothing_to_make(self) -> bool:
        return not self.html and not self.pdf and not self.theme_stale


def make_plan(project: Project, cache: BuildCache, only: tuple[str, ...], pdf: bool,
              published: dict[str, str] | None = None) -> Plan:
    """`published`: the keys the current output was assembled from (publish.published_keys). An entry
    that will be copied from the cache, not kept from the output, has its files verified first."""
    tool = tool_fingerprint()
    shared = _shared_key(project, tool)
    shared_pdf = shared + faces_stamp()   # the PDFs are made of the machine's font files too
    # The valid departments (of those named with --only): a broken one is not made, but kept (build.py).
    slugs = tuple(d.slug for d in project.departments if not only or d.slug in only)
    keys: dict[tuple[str, str], str] = {}
    html, pdfs, pdf_fresh, repaired = [], [], set(), []

    def fresh(kind: str, slug: str) -> bool:
        if not cache.is_fresh(kind, slug, keys[kind, slug]):
            return False
        if (published or {}).get(f"{kind}/{slug}") == keys[kind, slug] or cache.verify(kind, slug):
            return True
        repaired.append(f"{kind}/{slug}")
        return False

    for slug in slugs:
        department = project.department(slug)
        keys[HTML, slug] = _key(HTML, department, shared)
        keys[PDF, slug] = _key(PDF, department, shared_pdf)
        if not fresh(HTML, slug):
            html.append(slug)
        if fresh(PDF, slug):
            pdf_fresh.add(slug)
        elif pdf:
            pdfs.append(slug)
    keys[THEME, THEME_ASSETS] = _key(THEME, None, shared)
    # Without --no-pdf every department's PDFs are made; with it, only fresh ones are published.
    with_pdf = frozenset(slugs) if pdf else frozenset(pdf_fresh)
    stamp = "\n".join(f"{kind}/{slug}={key}" for (kind, slug), key in sorted(keys.items()))
    # Every department's own data is in its keys, so the portal needs only what else it lists.
    stamp += f"\nonly={','.join(only)}\nbroken={','.join(project.broken_slugs)}"
    theme_stale = not fresh(THEME, THEME_ASSETS)
    return Plan(tuple(slugs), tuple(html), tuple(pdfs), with_pdf, theme_stale, keys, stamp, tool, tuple(repaired))


def _key(kind: str, department: Department | None, shared: str) -> str:
    """What one kind of output (html, pdf, theme) of one department, or of none, is made from."""
    own = [department.model_dump_json(), department.slug] if department else []
    return hashlib.sha256(json.dumps([kind, *own, shared]).encode()).hexdigest()


def _shared_key(project: Project, tool: str) -> str:
    """What every department's output is made from: site_config.yml, guide, forms, theme, the tool."""
    return hashlib.sha256(json.dumps([project.config.model_dump_json(), _shared_files(project),
                                      tool]).encode()).hexdigest()


def _shared_files(project: Project) -> str:
    """A digest of every file that shapes all departments' output: guide pages, form definitions, theme,
    the branding files."""
    digest = hashlib.sha256()
    for folder in (project.guide.folder, project.path("forms_dir"), project.path("theme_dir")):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(project.root)).encode())
                digest.update(path.read_bytes())
    # The hospital's logo and favicon (site_config.yml's branding), wherever they are kept.
    for name, path in sorted(branding_files(project.config, project.root).items()):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
