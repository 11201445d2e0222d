"""Builds many handbooks in one process with MkDocs and Material, sharing what is the same for all."""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import shutil
from collections.abc import Callable
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ... import logs
from ...inputs.problems import BuildFailed
from ...inputs.project import Project
from ...render.handbook import Handbook
from . import hooks
from .config import branding_names, handbook_depth, mkdocs_config, write_branding
from .plugin import BatchPlugin


class HandbookBuilder:
    """Builds many handbooks in one process with MkDocs and Material.

    Setting up Material (listing its ~10,000 theme files, compiling its
    templates, copying its assets) costs more than a handbook's pages, so it
    is done once per process: every handbook gets the same compiled Jinja
    environment, and the theme's assets are left out of each handbook and
    linked from one copy beside them (written by `write_theme_assets`).
    """

    def __init__(self, project: Project, work_dir: Path, compiled: jinja2.BytecodeCache | None = None,
                 listing: Path | None = None):
        self.project = project
        self.work_dir = work_dir  # where MkDocs thinks mkdocs.yml is; only an empty docs/ is made there
        self.compiled = compiled  # a jinja2.BytecodeCache for the theme's templates, or None
        self.listing = listing    # where the theme's file listing is kept between runs, or None
        self._environment: jinja2.Environment | None = None
        # MkDocs wants a docs folder; the pages themselves come from memory (see BatchPlugin.on_files).
        (work_dir / "docs").mkdir(parents=True, exist_ok=True)

    def build(self, handbook: Handbook, site_dir: Path) -> None:
        """Build one handbook's HTML into site_dir."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import MkDocsException

        # Collect MkDocs' warnings for our error message instead of letting it log every build step.
        with logs.collected("mkdocs", logging.WARNING) as warnings:
            try:
                build(self._config(handbook, site_dir))
            except MkDocsException as exc:
                details = "".join(f"\n  {w}" for w in warnings) or f"\n  {exc}"
                raise BuildFailed(f"{handbook.slug}: MkDocs kunne ikke bygge håndbogen:{details}") from None

    @cached_property
    def _theme_files(self) -> list[Any]:
        """The theme's files (Material's and the project's theme folder's), as MkDocs lists them."""
        from mkdocs.structure.files import Files

        config = self._config(None, self.work_dir / "site")
        # A listing environment of its own: the shared one's filters need this listing first.
        environment = type(config.theme).get_env(config.theme)
        environment.list_templates = _memoized_listing(environment.list_templates, self.listing)
        files = Files([])
        files.add_files_from_theme(environment, config)
        return [file for file in files if hooks.published(file, config)]

    @cached_property
    def theme_assets(self) -> frozenset[str]:
        """The files stored once beside the handbooks, which every handbook's pages link up to instead of
        their own copy: the theme's files and the hospital's logo, favicon and colours."""
        return frozenset(file.src_uri for file in self._theme_files) | branding_names(self.project)

    def write_theme_assets(self, site_dir: Path) -> None:
        """Copy the theme's assets once, to where every handbook's pages point (site_dir/assets/...)."""
        languages = [edition.words.base_language for edition in self.project.editions]
        for file in self._theme_files:
            if file.abs_src_path is None or not _used_by_handbooks(file.dest_uri, languages):
                continue
            target = site_dir / file.dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file.abs_src_path, target)
        write_branding(self.project, site_dir)

    def _config(self, handbook: Handbook | None, site_dir: Path) -> Any:
        """The handbook's MkDocs config, the same settings `eject` writes, with its pages kept in memory
        (without a handbook: the settings all share, for listing the theme)."""
        from mkdocs.config.defaults import MkDocsConfig

        settings = mkdocs_config(handbook, self.project, str(self.project.path("theme_dir").resolve()))
        # What mkdocs.config.load_config does, minus writing and parsing the YAML in between.
        config = MkDocsConfig(config_file_path=str(self.work_dir / "mkdocs.yml"))
        config.load_dict({**settings, "site_dir": str(site_dir.resolve())})
        errors, warnings = config.validate()
        if errors or warnings:
            problems = "".join(f"\n  {name}: {message}" for name, message in [*errors, *warnings])
            where = f"{handbook.slug}: " if handbook else ""
            raise BuildFailed(f"{where}MkDocs afviste indstillingerne:{problems}")
        # One compiled environment for every handbook this process builds, in every edition (Material reads
        # its language from the config as it renders).
        config.theme.get_env = lambda: self._shared_environment(config)  # type: ignore[method-assign]
        if handbook:
            config.extra[DEPTH] = handbook_depth(handbook.edition)
            config.plugins["handbook-batch"] = BatchPlugin(handbook)
        return config

    def _shared_environment(self, config: Any) -> jinja2.Environment:
        if self._environment is None:
            environment = type(config.theme).get_env(config.theme)
            environment.bytecode_cache = self.compiled
            environment.list_templates = _memoized_listing(environment.list_templates, self.listing)
            environment.filters["url"] = _shared_url(environment.filters["url"], self.theme_assets)
            environment.filters["script_tag"] = _shared_script_tag(environment.filters["script_tag"],
                                                                   self.theme_assets)
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


def _memoized_listing(list_templates: Callable[..., list[str]], store: Path | None) -> Callable[..., list[str]]:
    # MkDocs lists the theme's files (with its ~10,000 icons) for every build; the listing
    # and its filter are the same for every handbook of one theme, and, kept in `store`
    # (named after the theme's cache key), for every run until the theme changes.
    results: dict[str, list[str]] = _read_listing(store)

    def listing(extensions: Any = None, filter_func: Any = None) -> list[str]:
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


def _read_listing(store: Path | None) -> dict[str, list[str]]:
    """The kept listing, or none if it is missing or damaged (it is then made again)."""
    try:
        results = json.loads(store.read_text(encoding="utf-8")) if store and store.is_file() else {}
    except (OSError, ValueError):
        return {}
    valid = isinstance(results, dict) and all(
        isinstance(names, list) and all(isinstance(name, str) for name in names) for names in results.values())
    return results if valid else {}


# In a batch build's config.extra: how many folders the handbook lies below the site's root (SLUG/ is 1,
# SLUG/en/ is 2), which the theme's shared assets are linked up to.
DEPTH = "handbook_depth"


def _shared_url(url_filter: Callable[..., str], theme_assets: frozenset[str]) -> Callable[..., str]:
    @jinja2.pass_context
    def url(context: Any, value: Any) -> str:
        result = url_filter(context, value)
        return _up(result, context["config"]) if str(value) in theme_assets else result
    return url


def _shared_script_tag(script_tag: Callable[..., str], theme_assets: frozenset[str]) -> Callable[..., str]:
    from markupsafe import Markup

    @jinja2.pass_context
    def tag(context: Any, extra_script: Any) -> str:
        html = str(script_tag(context, extra_script))
        if str(extra_script) in theme_assets:
            found = re.search(r' src="([^"]*)"', html)
            source = found.group(1) if found else ""
            html = html.replace(f' src="{source}"', f' src="{_up(source, context["config"])}"', 1)
        return Markup(html)
    return tag


def _up(url: str, config: Any) -> str:
    """The URL of a theme asset stored once beside the handbooks instead of inside this one.

    Pages link assets relative to themselves ("assets/x.css" -> "../assets/x.css" from SLUG/,
    "../../assets/x.css" from SLUG/en/); the 404 page links them from the handbook's path on the server
    ("/h/akut/assets/x.css" -> "/h/assets/x.css"), and without a site_url from "/", which then stands for
    the site's root.
    """
    depth = config.extra[DEPTH]
    if url.startswith("/"):
        root = urlsplit(config.site_url or "").path
        if root and url.startswith(root):
            site = root.rstrip("/")
            for _ in range(depth):
                site = posixpath.dirname(site)
            return site.rstrip("/") + "/" + url[len(root):]
        return url
    return url if "://" in url else "../" * depth + url
