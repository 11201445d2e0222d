"""A handbook's mkdocs.yml as data, its docs as Markdown, and MkDocs' conventions that render must follow.

`handbook eject`, `handbook serve` and the batch build all start from the
same settings (mkdocs_config), so an ejected project builds into the same pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from ...inputs.catalog import Catalog
from ...inputs.colors import accent_css, mix
from ...inputs.editions import Edition, other_editions
from ...inputs.models import SiteConfig
from ...inputs.project import Project
from ...render.blocks import Block, PageSource
from ...render.branding import FOLDER, branding_files, favicon_href, logo_href
from ...render.handbook import Handbook
from ...render.links import PageStyle
from .hooks import framed

# Material's offline plugin adds this shim from a CDN unless a polyfill with
# "iframe-worker" in its URL is already listed; we ship it in theme/ instead.
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"

# Material's custom palette for the hospital's colour (branding.primary_color), published with the logo.
BRANDING_CSS = f"{FOLDER}/branding.css"

# The pages' Markdown extensions; the table of contents' options are the edition's (markdown_extensions).
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "def_list", "toc", "pymdownx.details",
                       "pymdownx.superfences")

_PAGE_LINK = re.compile(r"^([^:/?#]+)\.md(#.*)?$")


def _page_href(target: str) -> str | None:
    # Pages must open straight from disk (file://), so MkDocs writes roller.md as roller.html.
    return _PAGE_LINK.sub(r"\1.html\2", target) if _PAGE_LINK.match(target) else None


STYLE = PageStyle(
    page_href=_page_href,
    button_class="md-button",          # Material's button look
    primary_button_class="md-button md-button--primary",
    raw_html_attribute=' markdown="0"',  # md_in_html: leave this block's inside alone
)


def page_markdown(page: PageSource, stand_in: Any = None) -> str:
    """The page as MkDocs reads it: blocks framed in the page, or, with `stand_in(n)`, a stand-in
    for block n that the batch build replaces after Markdown (see plugin.py)."""
    pieces, number = [], 0
    for part in page.parts:
        if isinstance(part, Block):
            pieces.append(stand_in(number) if stand_in else framed(part.html))
            number += 1
        else:
            pieces.append(part)
    return "".join(pieces)


def write_docs(handbook: Handbook, docs_dir: Path) -> None:
    """The handbook's docs folder, as `mkdocs build` reads it."""
    for page in handbook.pages:
        target = docs_dir / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_markdown(page), encoding="utf-8")
    for name, source in handbook.assets:
        target = docs_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())


def branding_css(config: SiteConfig) -> str:
    """Material's custom palette in the hospital's colour (empty without one). White text on it has
    at least 4.5:1 (the colour is refused otherwise), so it also serves as link and focus colour."""
    color = config.branding.primary_color
    if not color:
        return ""
    return (f"/* The hospital's colour (site_config.yml: branding.primary_color); written by the generator. */\n"
            f"{accent_css(config.branding.primary_color)}"
            f'[data-md-color-primary="custom"] {{\n'
            f"  --md-primary-fg-color: {color};\n"
            f"  --md-primary-fg-color--light: {mix(color, '#ffffff', 0.2)};\n"
            f"  --md-primary-fg-color--dark: {mix(color, '#000000', 0.2)};\n"
            f"  --md-primary-bg-color: #ffffff;\n"
            f"  --md-primary-bg-color--light: #ffffffb3;\n"
            f"}}\n"
            f'[data-md-color-accent="custom"] {{\n'
            f"  --md-accent-fg-color: {color};\n"
            f"  --md-accent-fg-color--transparent: {color}1a;\n"
            f"  --md-accent-bg-color: #ffffff;\n"
            f"  --md-accent-bg-color--light: #ffffffb3;\n"
            f"}}\n")


def branding_names(project: Project) -> set[str]:
    """The names write_branding gives its files, without reading the hospital's files."""
    names = set(branding_files(project.config, project.root))
    return names | {BRANDING_CSS} if branding_css(project.config) else names


def write_branding(project: Project, folder: Path) -> None:
    """The hospital's logo, favicon and colours as files in the site (assets/branding/...), shared by
    every handbook like the theme's assets; the portal refers to the same files."""
    assets = {name: path.read_bytes() for name, path in branding_files(project.config, project.root).items()}
    css = branding_css(project.config)
    if css:
        assets[BRANDING_CSS] = css.encode()
    for name, data in assets.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def mkdocs_config(handbook: Handbook | None, project: Project, theme_dir: str, hooks: tuple[str, ...] = ()
                  ) -> dict[str, Any]:
    """The mkdocs.yml of one handbook, as plain data; without one, the settings every handbook shares
    (what the theme's shared assets are listed with)."""
    config = project.config
    department = handbook.department if handbook else None
    edition = handbook.edition if handbook else project.main
    words = edition.words
    title = f"{department.name} · {handbook.site_name}" if department and handbook else config.site_name
    described = words.gettext("%(site)s for %(department)s, %(hospital)s") % {
        "site": config.site_name, "department": department.name if department else config.hospital,
        "hospital": config.hospital}
    settings: dict[str, Any] = {
        # Material prints site_name unescaped in places (MkDocs' Jinja has no autoescape),
        # so department text is escaped here; it is data, never markup.
        "site_name": str(escape(title)),
        "site_description": str(escape(described)),
        "site_author": str(escape(config.hospital)),
        "docs_dir": "docs",
        "site_dir": "site",
        # Pages must open straight from disk (file://), so links end in .html.
        "use_directory_urls": False,
        "strict": True,
        "nav": _nav(handbook) if handbook else [],
        "theme": {
            "name": "material",
            "custom_dir": theme_dir,
            "language": words.base_language,
            # No Google Fonts: nothing may be requested outside the site.
            "font": False,
            # navigation.sections: the menu's groups (one for each kind of reader) stand as headings.
            "features": ["navigation.footer", "navigation.sections", "search.highlight", "content.tooltips"],
            "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
            "icon": {"logo": "material/account-heart"},
        },
        "plugins": [{"search": {"lang": words.base_language}}, "offline"],
        "markdown_extensions": markdown_extensions(words),
        "extra": {
            "polyfills": [IFRAME_WORKER_SHIM],
            "hospital": config.hospital,
            # The portal of the same edition: site/index.html, or site/en/index.html from SLUG/en/.
            "portal": "../" * handbook_depth(edition) + edition.folder + "index.html",
            # What the theme's own templates (main.html, 404.html, partials/) say, in the edition's words: they
            # are also an ejected project's, which plain MkDocs renders.
            "words": theme_words(words),
            # The same page in the other editions: a link in the header and an alternate in the head, both relative
            # (Material fetches sitemap.xml beside an alternate: an absolute one would call the network).
            "editions": other_editions(project.editions, edition),
            # The browser scripts' words, which a page of an edition other than the source's carries.
            "script_words": edition.script_words,
            # The logo's link: MkDocs finds no homepage when the front page stands in a menu group, and
            # Material would link ".", which opened from disk lists a folder.
            "homepage": "index.html",
            "generator": False,
        },
        "extra_css": ["assets/stylesheets/handbook.css", "assets/stylesheets/print-cards.css",
                      "assets/stylesheets/plan.css"],
        # In this order: plan.js runs its setup through handbook.js's window.Handbook.onPage.
        "extra_javascript": ["assets/javascripts/handbook.js", "assets/javascripts/plan.js"],
    }
    if config.branding.primary_color:
        settings["theme"]["palette"].update(primary="custom", accent="custom")
        settings["extra_css"].append(BRANDING_CSS)
    if logo := logo_href(config):
        settings["theme"]["logo"] = logo
        del settings["theme"]["icon"]
    if favicon := favicon_href(config):
        settings["theme"]["favicon"] = favicon
    if config.accessibility_statement_url:
        settings["extra"]["accessibility_statement"] = config.accessibility_statement_url
    if handbook and handbook.updated:
        settings["extra"]["updated"] = {"iso": handbook.updated.isoformat(),
                                        "text": handbook.updated_text}
    if config.site_url:
        settings["site_url"] = f"{config.site_url}{department.slug}/{edition.folder}" if department else config.site_url
    if hooks:
        settings["hooks"] = list(hooks)
    return settings


def handbook_depth(edition: Edition) -> int:
    """How many folders a handbook's pages lie below the site's root: SLUG/ is one, SLUG/en/ two."""
    return 1 + edition.folder.count("/")


def markdown_extensions(words: Catalog) -> list[Any]:
    """The pages' Markdown extensions, made anew for each config: MkDocs' validation consumes the option dicts
    it is given."""
    toc = {"toc": {"permalink": True, "permalink_title": words.gettext("Link til dette afsnit")}}
    return [toc if name == "toc" else name for name in MARKDOWN_EXTENSIONS]


def theme_words(words: Catalog) -> dict[str, str]:
    """The words of the theme's own templates, by the name they use: `config.extra.words.portal_link`."""
    return {
        "portal_link": words.gettext("← Alle afdelingers håndbøger"),
        "accessibility_statement": words.gettext("Tilgængelighedserklæring"),
        "not_found": words.gettext("Siden findes ikke"),
        "not_found_text": words.gettext("Vi kan ikke finde den side, du leder efter. Måske er adressen skrevet "
                                        "forkert, eller også er siden flyttet eller fjernet."),
        "search_label": words.gettext("Hvad leder du efter? Søg i håndbogen"),
        "search_button": words.gettext("Søg"),
        "go_on": words.gettext("Du kan også gå videre herfra:"),
        "front_page": words.gettext("Forsiden af håndbogen"),
        "all_handbooks": words.gettext("Alle afdelingers håndbøger"),
        "error_code": words.gettext("Fejlkode 404"),
    }


def _nav(handbook: Handbook) -> list[Any]:
    """The guide's menu as MkDocs writes it: a group is a mapping of its title to its pages."""
    return [{section.title: list(section.pages)} if section.title else section.pages[0] for section in handbook.nav]


def config_yaml(settings: dict[str, Any]) -> str:
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
