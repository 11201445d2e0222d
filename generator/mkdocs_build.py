"""Stage 3, build with MkDocs: the only module that imports MkDocs or Material.

Material reaches end of life in May 2027; moving to its successor (Zensical)
or the ProperDocs fork should touch this module alone. `handbook eject`,
`handbook serve` and the batch build all start from the same settings
(mkdocs_config), so an ejected project builds into the same pages.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import posixpath
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml
from markupsafe import escape

from .config.problems import BuildFailed
from .content import Handbook
from .load import Project
from .mkdocs_hooks import placeholder

# Material's offline plugin adds this shim from a CDN unless a polyfill with
# "iframe-worker" in its URL is already listed; we ship it in theme/ instead.
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"

HOOKS_FILE = Path(__file__).with_name("mkdocs_hooks.py")

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


def mkdocs_config(handbook: Handbook, project: Project, theme_dir: str, hooks: tuple[str, ...] = ()) -> dict:
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
        # A fresh copy: MkDocs' validation consumes the option dicts it is given.
        "markdown_extensions": copy.deepcopy(MARKDOWN_EXTENSIONS),
        "extra": {
            "polyfills": [IFRAME_WORKER_SHIM],
            "hospital": config.hospital,
            "portal": "../index.html",
            "generator": False,
        },
        "extra_css": ["assets/stylesheets/handbook.css", "assets/stylesheets/print-cards.css", "assets/stylesheets/plan.css"],
        "extra_javascript": ["assets/javascripts/handbook.js", "assets/javascripts/plan.js"],
    }
    if config.site_url:
        settings["site_url"] = f"{config.site_url}{department.slug}/"
    if hooks:
        settings["hooks"] = list(hooks)
    return settings


def write_project(handbook: Handbook, project: Project, folder: Path, theme_dir: Path | None = None,
                  extra_hooks: tuple[Path, ...] = ()) -> Path:
    """Write a plain MkDocs project (mkdocs.yml, docs/, hooks.py) for one handbook; return its mkdocs.yml.

    Without theme_dir the theme is copied in too, so the folder stands alone.
    """
    if theme_dir is None:
        shutil.copytree(project.path("theme_dir"), folder / "theme", dirs_exist_ok=True)
        theme = "theme"
    else:
        theme = str(theme_dir.resolve())
    handbook.write_docs(folder / "docs")
    shutil.copyfile(HOOKS_FILE, folder / "hooks.py")
    hooks = ("hooks.py", *(str(p) for p in extra_hooks))
    config_file = folder / "mkdocs.yml"
    config_file.write_text(_yaml(mkdocs_config(handbook, project, theme, hooks)), encoding="utf-8")
    return config_file


def _yaml(settings: dict) -> str:
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)


class HandbookBuilder:
    """Builds many handbooks in one process with MkDocs and Material.

    Setting up Material (listing its ~10,000 theme files, compiling its
    templates, copying its assets) costs more than a handbook's pages, so it
    is done once per process: every handbook gets the same compiled Jinja
    environment, and the theme's assets are left out of each handbook and
    linked from one copy beside them (written by `write_theme_assets`).
    """

    def __init__(self, project: Project, work_dir: Path, compiled=None, listing: Path | None = None):
        self.project = project
        self.work_dir = work_dir  # where MkDocs thinks mkdocs.yml is; only an empty docs/ is made there
        self.compiled = compiled  # a jinja2.BytecodeCache for the theme's templates, or None
        self.listing = listing    # where the theme's file listing is kept between runs, or None
        self._environment = None
        self._theme_assets: dict[str, str] = {}

    def build(self, handbook: Handbook, site_dir: Path) -> None:
        """Build one handbook's HTML into site_dir."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import MkDocsException

        with _mkdocs_warnings() as warnings:
            try:
                build(self._config(handbook, site_dir))
            except MkDocsException as exc:
                details = "".join(f"\n  {w}" for w in warnings) or f"\n  {exc}"
                raise BuildFailed(f"{handbook.slug}: MkDocs kunne ikke bygge håndbogen:{details}") from None

    def write_theme_assets(self, handbook: Handbook, site_dir: Path) -> None:
        """Copy the theme's assets once, to where every handbook's pages point (site_dir/assets/...)."""
        from mkdocs.structure.files import Files

        config = self._config(handbook, site_dir)
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        for file in files:
            if not _used_by_handbooks(file.dest_uri, [self.project.config.language]):
                continue
            target = site_dir / file.dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file.abs_src_path, target)

    def _config(self, handbook: Handbook, site_dir: Path):
        """The handbook's MkDocs config, the same settings `eject` writes, with its pages kept in memory."""
        from mkdocs.config.defaults import MkDocsConfig

        # MkDocs wants a docs folder; the pages themselves come from memory (see _BatchPlugin.on_files).
        (self.work_dir / "docs").mkdir(parents=True, exist_ok=True)
        settings = mkdocs_config(handbook, self.project, str(self.project.path("theme_dir").resolve()))
        # What mkdocs.config.load_config does, minus writing and parsing the YAML in between.
        config = MkDocsConfig(config_file_path=str(self.work_dir / "mkdocs.yml"))
        config.load_dict({**settings, "site_dir": str(site_dir.resolve())})
        errors, warnings = config.validate()
        if errors or warnings:
            problems = "".join(f"\n  {name}: {message}" for name, message in [*errors, *warnings])
            raise BuildFailed(f"{handbook.slug}: MkDocs afviste indstillingerne:{problems}")
        # One compiled environment for every handbook this process builds.
        config.theme.get_env = lambda: self._shared_environment(config)
        config.plugins["handbook-batch"] = _BatchPlugin(handbook, self._theme_assets)
        return config

    def _shared_environment(self, config):
        if self._environment is None:
            environment = type(config.theme).get_env(config.theme)
            environment.bytecode_cache = self.compiled
            environment.list_templates = _memoized_listing(environment.list_templates, self.listing)
            environment.filters["url"] = _shared_url(environment.filters["url"], self._theme_assets)
            environment.filters["script_tag"] = _shared_script_tag(environment.filters["script_tag"],
                                                                   self._theme_assets)
            self._environment = environment
        return self._environment


def _used_by_handbooks(dest_uri: str, languages: list[str]) -> bool:
    """Whether a handbook can ask for this theme file. Source maps are for developer tools, and
    of lunr's ~25 languages (Thai alone is 660 KB) search loads only the handbooks' own."""
    if dest_uri.endswith(".map"):
        return False
    if dest_uri.startswith("assets/javascripts/lunr/"):
        used = {"lunr.stemmer.support.min.js", "lunr.multi.min.js", *(f"lunr.{lang}.min.js" for lang in languages)}
        return PurePosixPath(dest_uri).name in used
    return True


def _walk_order(name: str) -> tuple:
    # The order in which MkDocs' get_files would meet the file in docs_dir (index first in each
    # folder); pages are built and indexed for search in this order.
    path = PurePosixPath(name)
    return (path.parent.parts, path.stem not in ("index", "README"), path.name)


def _memoized_listing(list_templates, store: Path | None):
    # MkDocs lists the theme's files (with its ~10,000 icons) for every build; the listing
    # and its filter are the same for every handbook of one theme, and, kept in `store`
    # (named after the theme's cache key), for every run until the theme changes.
    results: dict = json.loads(store.read_text()) if store and store.is_file() else {}

    def listing(extensions=None, filter_func=None):
        code = getattr(filter_func, "__code__", None)
        key = f"{sorted(extensions or ())}|{code.co_filename}:{code.co_firstlineno}" if code else repr(filter_func)
        if key not in results:
            results[key] = list_templates(extensions=extensions, filter_func=filter_func)
            if store:
                store.parent.mkdir(parents=True, exist_ok=True)
                scratch = store.with_suffix(f".{os.getpid()}.tmp")
                scratch.write_text(json.dumps(results))
                os.replace(scratch, store)
        return results[key]
    return listing


def _shared_url(url_filter, theme_assets: dict[str, str]):
    from jinja2 import pass_context

    @pass_context
    def url(context, value):
        result = url_filter(context, value)
        return _one_level_up(result, context["config"]) if str(value) in theme_assets else result
    return url


def _shared_script_tag(script_tag, theme_assets: dict[str, str]):
    from jinja2 import pass_context
    from markupsafe import Markup

    @pass_context
    def tag(context, extra_script):
        html = str(script_tag(context, extra_script))
        if str(extra_script) in theme_assets:
            source = re.search(r' src="([^"]*)"', html).group(1)
            html = html.replace(f' src="{source}"', f' src="{_one_level_up(source, context["config"])}"', 1)
        return Markup(html)
    return tag


def _one_level_up(url: str, config) -> str:
    """The URL of a theme asset stored once beside the handbooks instead of inside this one.

    Pages link assets relative to themselves ("assets/x.css" -> "../assets/x.css"); the 404
    page links them from the handbook's path on the server ("/h/akut/assets/x.css" ->
    "/h/assets/x.css"), and without a site_url from "/", which then stands for the site's root.
    """
    if url.startswith("/"):
        root = urlsplit(config.site_url or "").path
        if root and url.startswith(root):
            return posixpath.dirname(root.rstrip("/")) + "/" + url[len(root):]
        return url
    return url if "://" in url else "../" + url


class _BatchPlugin:
    """An MkDocs plugin object for batch builds, doing what eject does with files and hooks.py:
    the pages come from memory, the forms and cards (kept out of Markdown and search as
    placeholders) go back in after indexing, and shared theme files stay out of the handbook."""

    def __init__(self, handbook: Handbook, theme_assets: dict[str, str]):
        self.handbook = handbook
        self.theme_assets = theme_assets

    # Runs after the search plugin (priority below), as mkdocs_hooks does in an ejected project.
    def on_page_context(self, context, page, config, nav):
        for number, block in enumerate(self.handbook.blocks):
            page.content = page.content.replace(placeholder(number), block, 1)
        return context

    on_page_context.mkdocs_priority = -100  # what mkdocs.plugins.event_priority(-100) sets

    # Runs after MkDocs listed docs_dir (empty) and the theme: add the pages, drop shared theme files.
    def on_files(self, files, config):
        from mkdocs.structure.files import File, Files

        pages = [File.generated(config, name, content=self.handbook.pages[name]) if name in self.handbook.pages
                 else File.generated(config, name, abs_src_path=str(self.handbook.assets[name]))
                 for name in sorted([*self.handbook.pages, *self.handbook.assets], key=_walk_order)]
        for file in files:
            self.theme_assets[file.src_uri] = file.dest_uri
        return Files(pages)


def serve_handbook(config_file: Path, watch: list[Path], host: str) -> None:
    """Live preview of one handbook, rebuilt whenever a watched file changes."""
    from mkdocs.commands.serve import serve

    # Show MkDocs' own messages ("Serving on http://...", rebuilds, warnings) as `mkdocs serve` does.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    serve(str(config_file), dev_addr=host, livereload=True, watch=[str(p) for p in watch])


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
