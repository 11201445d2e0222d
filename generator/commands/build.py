"""handbook build: validate everything, make what is stale, publish all at once.

Each department's HTML (and PDFs) is made into the cache under a key of
everything it is made from (outputs/plan.py); the published folder is then
assembled from the cache and swapped in by a rename. So an unchanged
department costs nothing, an incremental build gives the same bytes as a
clean one, and a failed or killed build leaves the published site as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..inputs.models import Department
from ..inputs.project import Project
from ..outputs.cache import BuildCache
from ..outputs.plan import HTML, PDF, THEME, THEME_ASSETS, Plan, make_plan
from ..outputs.publish import carry_over, discard, link_tree, publish, recover, staging_dir


@dataclass(frozen=True)
class BuildResult:
    built: tuple[str, ...]
    pdfs: tuple[str, ...]
    pages: int
    published: bool
    kept: tuple[str, ...] = ()   # broken departments whose last good version stays published


def run_build(project: Project, only: tuple[str, ...] = (), jobs: int | None = None, pdf: bool = True,
              clean: bool = False, progress: Callable[[str], None] = lambda slug: None) -> BuildResult:
    cache = BuildCache.of(project.root)
    with cache.locked():
        if clean:
            cache.clear()
        return _build(project, cache, only, jobs or os.cpu_count() or 1, pdf, progress)


def _build(project: Project, cache: BuildCache, only: tuple[str, ...], jobs: int, pdf: bool,
           progress: Callable[[str], None]) -> BuildResult:
    output = project.output_dir
    recover(output)
    cache.sweep()
    plan = make_plan(project, cache, only, pdf)
    kept = _kept(project, cache)
    if not only and not plan.html and not plan.pdf and cache.is_published(output, plan.stamp):
        return BuildResult((), (), 0, published=False, kept=tuple(d.slug for d in kept))
    pages = _make(project, cache, plan, jobs, progress)
    _assemble_and_publish(project, cache, plan, only, kept)
    cache.mark_published(output, plan.stamp)
    for slug in plan.slugs:
        cache.remember_good(project.department(slug))
    return BuildResult(plan.html, plan.pdf, pages, published=True, kept=tuple(d.slug for d in kept))


def _kept(project: Project, cache: BuildCache) -> list[Department]:
    """The broken departments that were published before: they stay, as they were last built whole."""
    found = (cache.last_good(slug) for slug in project.broken_slugs if (project.output_dir / slug).is_dir())
    return [department for department in found if department is not None]


def _make(project: Project, cache: BuildCache, plan: Plan, jobs: int, progress: Callable[[str], None]) -> int:
    """Make every stale output into the cache; return the number of HTML pages made."""
    # Imported here, not at the top: a build with nothing to make should not pay for them.
    from ..engine import engine_for
    from ..render.handbook import Renderer
    from .context import BuildContext
    from .workers import run_tasks

    compiled = cache.compiled_templates()
    engine = engine_for(project, work_dir=cache.root / "work", compiled=compiled,
                        listing=cache.root / "listing" / f"{plan.keys[THEME, THEME_ASSETS]}.json")
    context = BuildContext(project, cache, plan, Renderer(project, engine.style, compiled), engine)
    if plan.theme_stale:
        context.make_theme_assets()
    tasks = [(HTML, slug) for slug in plan.html] + [(PDF, slug) for slug in plan.pdf]
    pages = 0

    def done(task: tuple[str, str], made: int) -> None:
        nonlocal pages
        pages += made
        progress(f"{task[1]} ({task[0]})")

    if tasks:
        # The first task runs here, before the fork: the workers inherit its compiled templates.
        done(tasks[0], context.make(tasks[0]))
        run_tasks(context, tasks[1:], jobs, done)
    return pages


def _assemble_and_publish(project: Project, cache: BuildCache, plan: Plan, only: tuple[str, ...],
                          kept: list[Department]) -> None:
    from ..outputs.portal import write_portal

    output = project.output_dir
    staging = staging_dir(output)
    try:
        carry_over(output, staging, [d.slug for d in kept])
        if only:
            carry_over(output, staging, _published_slugs(output, exclude=set(only)))
        link_tree(cache.entry(THEME, THEME_ASSETS), staging)
        for slug in plan.slugs:
            link_tree(cache.entry(HTML, slug), staging / slug)
            if slug in plan.pdf_published:
                link_tree(cache.entry(PDF, slug), staging / slug / "pdf")
        write_portal(project, staging, kept if not only else _portal_extra(cache, output, only))
        publish(staging, output)
    except BaseException:
        discard(staging)
        raise


def _published_slugs(output: Path, exclude: set[str]) -> list[str]:
    """The departments now published (folders with a front page) that this build does not touch."""
    if not output.is_dir():
        return []
    return sorted(p.name for p in output.iterdir() if p.name not in exclude and (p / "index.html").is_file())


def _portal_extra(cache: BuildCache, output: Path, only: tuple[str, ...]) -> list[Department]:
    """With --only, the portal still lists every department published before, as last built."""
    found = (cache.last_good(slug) for slug in _published_slugs(output, exclude=set(only)))
    return [department for department in found if department is not None]
