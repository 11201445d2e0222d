"""handbook build: validate everything, build each department, publish all at once."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..content import Guide
from ..load import Project
from ..mkdocs_build import build_handbook
from ..portal import write_portal
from ..publish import carry_over, discard, publish, recover, staging_dir


@dataclass(frozen=True)
class BuildResult:
    built: tuple[str, ...]
    pages: int


def cache_dir(project: Project) -> Path:
    """The one place for intermediate files; safe to delete at any time."""
    return project.root / ".cache" / "handbook"


def run_build(project: Project, only: tuple[str, ...] = (), jobs: int | None = None, pdf: bool = True,
              clean: bool = False, progress: Callable[[str], None] = lambda slug: None) -> BuildResult:
    output = project.output_dir
    recover(output)
    if clean:
        shutil.rmtree(cache_dir(project), ignore_errors=True)
    slugs = tuple(only) or tuple(d.slug for d in project.departments)
    staging = staging_dir(output)
    try:
        if only:
            untouched = [d.slug for d in project.departments if d.slug not in slugs]
            carry_over(output, staging, untouched)
        pages = sum(_build_all(project, slugs, staging, jobs or os.cpu_count() or 1, pdf, progress))
        write_portal(project, staging)
        publish(staging, output)
    except BaseException:
        discard(staging)
        raise
    return BuildResult(slugs, pages)


_worker: dict = {}


def _build_all(project: Project, slugs: tuple[str, ...], staging: Path, jobs: int, pdf: bool,
               progress: Callable[[str], None]):
    _worker.update(project=project, guide=Guide(project), staging=staging, pdf=pdf)
    if jobs <= 1 or len(slugs) <= 1:
        for slug in slugs:
            yield _build_one(slug)
            progress(slug)
        return
    # fork: workers inherit the loaded project and the compiled guide instead of redoing both.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(slugs)), mp_context=context) as pool:
        for slug, pages in zip(slugs, pool.map(_build_one, slugs)):
            progress(slug)
            yield pages


def _build_one(slug: str) -> int:
    project: Project = _worker["project"]
    handbook = _worker["guide"].render(project.department(slug))
    site_dir = _worker["staging"] / slug
    build_handbook(handbook, project, cache_dir(project) / "work" / slug, site_dir)
    return len(handbook.pages)
