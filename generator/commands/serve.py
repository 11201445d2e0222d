"""handbook serve SLUG: live preview that re-renders the department's pages on every change."""

from __future__ import annotations

import os
from pathlib import Path

from ..content import Guide
from ..load import Project, load_project
from ..mkdocs_build import serve_handbook, write_project

_PROJECT_ENV = "HANDBOOK_SERVE_CONFIG"
_SLUG_ENV = "HANDBOOK_SERVE_SLUG"


def serve(project: Project, slug: str, folder: Path, host: str) -> None:
    os.environ[_PROJECT_ENV] = str(project.config_path.resolve())
    os.environ[_SLUG_ENV] = slug
    # The serve hook renders the docs again from the YAML and guide before every rebuild.
    config_file = write_project(Guide(project).render(project.department(slug)), project, folder,
                                theme_dir=project.path("theme_dir"),
                                extra_hooks=(Path(__file__).with_name("serve_hooks.py"),))
    watched = [project.path("departments_dir") / f"{slug}.yml", project.config_path, project.path("guide_dir"),
               project.path("forms_dir"), project.path("theme_dir")]
    serve_handbook(config_file, watched, host)


def rerender(docs_dir: Path) -> None:
    """Called before each rebuild: load the inputs again and rewrite the docs folder.

    A problem in the department file is shown in the terminal and the last good pages stay.
    """
    from ..config.problems import InputError

    try:
        project = load_project(Path(os.environ[_PROJECT_ENV]))
    except InputError as exc:
        print(exc, flush=True)
        return
    handbook = Guide(project).render(project.department(os.environ[_SLUG_ENV]))
    handbook.write_docs(docs_dir)
