"""Stage 3, build with MkDocs: the only module that imports MkDocs or Material.

Material reaches end of life in May 2027; moving to its successor (Zensical)
or the ProperDocs fork should touch this module alone. Everything here goes
through a plain mkdocs.yml, so `handbook eject` and our build are one path.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import yaml
from markupsafe import escape

from .config.problems import BuildFailed
from .content import Handbook
from .load import Project

# Material's offline plugin adds this shim from a CDN unless a polyfill with
# "iframe-worker" in its URL is already listed; we ship it in theme/ instead.
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"

MARKDOWN_EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "def_list",
    {"toc": {"permalink": True, "permalink_title": "Link til dette afsnit"}},
    "pymdownx.details",
    "pymdownx.superfences",
]


def mkdocs_config(handbook: Handbook, project: Project, theme_dir: str) -> dict:
    """The mkdocs.yml of one handbook, as plain data."""
    config = project.config
    department = handbook.department
    settings: dict = {
        # Material prints site_name unescaped in places (MkDocs' Jinja has no autoescape),
        # so department text is escaped here; it is data, never markup.
        "site_name": str(escape(f"{department.name} · {handbook.site_name}")),
        "site_description": str(escape(f"{config.site_name} for {department.name}, {config.hospital}")),
        "site_author": config.hospital,
        "docs_dir": "docs",
        "site_dir": "site",
        # Pages must open straight from disk (file://), so links end in .html.
        "use_directory_urls": False,
        "strict": True,
        "nav": list(handbook.nav),
        "theme": {
            "name": "material",
            "custom_dir": theme_dir,
            "language": config.language,
            # No Google Fonts: nothing may be requested outside the site.
            "font": False,
            "features": ["navigation.footer", "search.highlight", "content.tooltips"],
            "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
            "icon": {"logo": "material/account-heart"},
        },
        "plugins": [{"search": {"lang": config.language}}, "offline"],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra": {
            "polyfills": [IFRAME_WORKER_SHIM],
            "hospital": config.hospital,
            "department": {"slug": department.slug, "name": str(escape(department.name))},
            "portal": "../index.html",
            "generator": False,
        },
        "extra_css": ["assets/stylesheets/handbook.css"],
        "extra_javascript": ["assets/javascripts/handbook.js"],
    }
    if config.site_url:
        settings["site_url"] = f"{config.site_url}{department.slug}/"
    return settings


def write_project(handbook: Handbook, project: Project, folder: Path, theme_dir: Path | None = None) -> Path:
    """Write a plain MkDocs project (mkdocs.yml + docs/) for one handbook; return its mkdocs.yml."""
    if theme_dir is None:
        shutil.copytree(project.path("theme_dir"), folder / "theme", dirs_exist_ok=True)
        theme = "theme"
    else:
        theme = str(theme_dir.resolve())
    handbook.write_docs(folder / "docs")
    config_file = folder / "mkdocs.yml"
    text = yaml.safe_dump(mkdocs_config(handbook, project, theme), allow_unicode=True, sort_keys=False)
    config_file.write_text(text, encoding="utf-8")
    return config_file


def build_handbook(handbook: Handbook, project: Project, work_dir: Path, site_dir: Path) -> None:
    """Build one handbook's HTML into site_dir with MkDocs and Material."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if work_dir.exists():
        shutil.rmtree(work_dir)
    config_file = write_project(handbook, project, work_dir, theme_dir=project.path("theme_dir"))
    with _mkdocs_warnings() as warnings:
        try:
            config = load_config(str(config_file), site_dir=str(site_dir.resolve()))
            build(config)
        except MkDocsException as exc:
            details = "".join(f"\n  {w}" for w in warnings) or f"\n  {exc}"
            raise BuildFailed(f"{handbook.slug}: MkDocs kunne ikke bygge håndbogen:{details}") from None


def serve_handbook(config_file: Path, watch: list[Path], host: str, hooks: list[Path]) -> None:
    """Live preview of one handbook, rebuilt whenever a watched file changes."""
    from mkdocs.commands.serve import serve

    serve(str(config_file), dev_addr=host, livereload=True, watch=[str(p) for p in watch],
          hooks=[str(p) for p in hooks])


class _mkdocs_warnings(logging.Handler):
    """Collect MkDocs' warnings for our error message instead of letting it log every build step."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> list[str]:
        self.logger = logging.getLogger("mkdocs")
        self.saved = (self.logger.level, self.logger.propagate)
        self.logger.setLevel(logging.WARNING)
        self.logger.propagate = False
        self.logger.addHandler(self)
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self)
        self.logger.level, self.logger.propagate = self.saved
