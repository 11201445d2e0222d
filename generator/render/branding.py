"""The hospital's look (site_config.yml's branding:) as the site publishes it.

The logo and the favicon are published once, as files of their own in
site/assets/branding/ beside the theme's shared assets, and every page (the
handbooks, their 404 pages, the portal) refers to them there. The primary
colour reaches the cards and the PDFs as the CSS variable --hb-brand; the
engine turns it into its theme's own colours.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..inputs.models import SiteConfig

FOLDER = "assets/branding"   # in the site, beside the theme's assets


def _published(kind: str, source: str | None) -> str | None:
    return f"{FOLDER}/{kind}{PurePosixPath(source).suffix.lower()}" if source else None


def logo_href(config: SiteConfig) -> str | None:
    """Where the logo is published, from the site's root (assets/branding/logo.svg); None: no logo."""
    return _published("logo", config.branding.logo)


def favicon_href(config: SiteConfig) -> str | None:
    return _published("favicon", config.branding.favicon)


def branding_files(config: SiteConfig, root: Path) -> dict[str, Path]:
    """The files to publish (name in the site -> the hospital's file), from the folder of site_config.yml."""
    files = {}
    for href, source in ((logo_href(config), config.branding.logo), (favicon_href(config), config.branding.favicon)):
        if href and source:
            files[href] = root / source
    return files
