"""The portal: one page listing every department's handbook (theme/portal/index.html), in each edition:
site/index.html for the main edition, site/CODE/index.html for each other."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..inputs.editions import Edition, other_editions
from ..inputs.models import Department
from ..inputs.project import Project
from ..render.branding import favicon_href, logo_href
from ..render.handbook import updated_text
from ..templating import environment

PORTAL = "index.html"


def write_portals(project: Project, site_dir: Path, departments: Sequence[Department]) -> list[str]:
    """The portal of `departments` (those this build publishes, and those still published as last built)
    in every edition; returns the files written, as the site names them."""
    return [write_portal(project, edition, site_dir, departments) for edition in project.editions]


def write_portal(project: Project, edition: Edition, site_dir: Path, departments: Sequence[Department]) -> str:
    up = "../" * edition.folder.count("/")   # from site/CODE/index.html to the site's root
    html = environment(project.path("theme_dir") / "portal", edition.words).get_template("index.html").render(
        site=project.config, departments=sorted((d.in_language(edition.code) for d in departments),
                                                key=lambda d: d.name.casefold()),
        lang=edition.words.language, up=up, folder=edition.folder, editions=other_editions(project.editions, edition),
        # When each department file last changed, and whether that is over twelve months ago (inputs/updated.py).
        updated={slug: (day.isoformat(), updated_text(day, edition.words), project.dates.is_stale(slug))
                 for slug, day in project.dates.changed.items()},
        # The hospital's logo and favicon, published once beside the handbooks (assets/branding/).
        logo=_from(up, logo_href(project.config)), favicon=_from(up, favicon_href(project.config)))
    name = f"{edition.folder}{PORTAL}"
    (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / name).write_text(html, encoding="utf-8")
    return name


def _from(up: str, href: str | None) -> str | None:
    return f"{up}{href}" if href else None
