"""The portal: site/index.html listing every department's handbook (theme/portal/index.html)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from ..inputs.models import Department
from ..inputs.project import Project
from ..render.branding import favicon_href, logo_href

PORTAL = "index.html"


def write_portal(project: Project, site_dir: Path, departments: Sequence[Department]) -> None:
    """The portal of `departments`: those this build publishes, and those still published as last built."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project.path("theme_dir") / "portal"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    html = environment.get_template("index.html").render(
        site=project.config, departments=sorted(departments, key=lambda d: d.name.casefold()),
        # The hospital's logo and favicon, published once beside the handbooks (assets/branding/).
        logo=logo_href(project.config), favicon=favicon_href(project.config))
    (site_dir / PORTAL).write_text(html, encoding="utf-8")
