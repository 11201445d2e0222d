"""handbook validate: load and check everything a build reads, render every page, write nothing."""

from __future__ import annotations

from pathlib import Path

from ..engine import page_style
from ..inputs.problems import InputError
from ..inputs.project import Project, load_project
from ..render.handbook import Renderer


def validate(config_path: Path) -> Project:
    """Raise InputError listing every problem; return the valid project."""
    project = load_project(config_path)
    problems = []
    for edition in project.editions:
        try:
            Renderer(project, edition, page_style()).check()
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return project
