"""handbook validate: load and check everything a build reads, render every page, write nothing."""

from __future__ import annotations

from pathlib import Path

from ..engine import page_style
from ..inputs.project import Project, load_project
from ..render.handbook import Renderer


def validate(config_path: Path) -> Project:
    """Raise InputError listing every problem; return the valid project."""
    project = load_project(config_path)
    Renderer(project, page_style()).check()
    return project
