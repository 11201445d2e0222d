"""handbook build: validate everything, build what changed, publish all at once.

Each department's HTML (and PDFs) is built into the cache under a key of
everything it is made from; the published folder is then assembled from the
cache with hard links and swapped in by a rename. So an unchanged department
costs nothing, an incremental build gives the same bytes as a clean one,
and a failed or killed build leaves the published site as it was.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

from ..cache import BuildCache, shared_inputs
from ..load import Project
from ..publish import carry_over, discard, link_tree, publish, recover, staging_dir

HTML, PDF, THEME = "html", "pdf", "theme"


@dataclass(frozen=True)
class BuildResult:
    built: tuple[str, ...]
    pdfs: tuple[str, ...]
    pages: int
    published: bool


@dataclass(frozen=True)
class _Plan:
    """What this build must make, decided from the cache before any work starts."""

    slugs: tuple[str, ...]
    html: tuple[str, ...]                 # stale HTML to make
    pdf: tuple[str, ...]                  # stale PDFs to make
    pdf_published: frozenset[str]         # whose PDFs go into the site once the stale ones are made
    keys: dict[tuple[str, str], str]

    @property
    def stamp(self) -> str:
        return "\n".join(f"{kind}/{slug}={key}" for (kind, slug), key in sorted(self.keys.items()))


def run_build(project: Project, only: tuple[str, ...] = (), jobs: int | None = None, pdf: bool = True,
              clean: bool = False, progress: Callable[[str], None] = lambda slug: None) -> BuildResult:
    cache = BuildCache.of(project.root)
    with cache.locked():
        if clean:
            cache.clear()
        return _build(project, cache, only, jobs, pdf, progress)


def _build(project: Project, cache: BuildCache, only: tuple[str, ...], jobs: int | None, pdf: bool,
           progress: Callable[[str], None]) -> BuildResult:
    output = project.output_dir
    recover(output)
    cache.sweep()
    plan = _plan(project, cache, only, pdf)
    stamp = plan.stamp + f"\nonly={','.join(only)}\nportal={_portal_key(project)}"
    if not only and not plan.html and not plan.pdf and cache.is_published(output, stamp):
        return BuildResult((), (), 0, published=False)
    pages = _make(project, cache, plan, jobs or os.cpu_count() or 1, progress)
    _assemble_and_publish(project, cache, plan, only)
    cache.mark_published(output, stamp)
    return BuildResult(plan.html, plan.pdf, pages, published=True)


def _plan(project: Project, cache: BuildCache, only: tuple[str, ...], pdf: bool) -> _Plan:
    shared = cache.shared_key(project.config, shared_inputs(project))
    slugs = only or tuple(d.slug for d in project.departments)
    keys: dict[tuple[str, str], str] = {}
    html, pdfs, pdf_fresh = [], [], set()
    for slug in slugs:
        department = project.department(slug)
        keys[HTML, slug] = cache.key(HTML, department, shared)
        keys[PDF, slug] = cache.key(PDF, department, shared)
        if not cache.is_fresh(HTML, slug, keys[HTML, slug]):
            html.append(slug)
        if cache.is_fresh(PDF, slug, keys[PDF, slug]):
            pdf_fresh.add(slug)
        elif pdf:
            pdfs.append(slug)
    # The theme's assets are shared by every handbook and keyed like a department of their own.
    keys[THEME, "assets"] = cache.key(THEME, None, shared)
    # Without --no-pdf every department's PDFs are made; with it, only fresh ones are published.
    published = frozenset(slugs) if pdf else frozenset(pdf_fresh)
    return _Plan(tuple(slugs), tuple(html), tuple(pdfs), published, keys)


def _portal_key(project: Project) -> str:
    return "|".join(f"{d.slug}:{d.name}:{d.unit}:{d.leader.name}:{d.leader.title}" for d in project.departments)


# What a worker process needs, set before the pool forks so that every worker inherits it
# (the loaded project, the compiled guide, the builder with Material set up) instead of pickling it.
_worker: dict = {}


def _make(project: Project, cache: BuildCache, plan: _Plan, jobs: int, progress: Callable[[str], None]) -> int:
    """Make every stale output into the cache; return the number of HTML pages built."""
    # Imported here, not at the top: a build with nothing to do should not pay for them.
    from .. import templating
    from ..content import Guide
    from ..mkdocs_build import HandbookBuilder

    compiled = cache.compiled_templates()
    guide = Guide(project, compiled=compiled)
    theme_key = plan.keys[THEME, "assets"]
    builder = HandbookBuilder(project, work_dir=cache.root / "work", compiled=compiled,
                              listing=cache.root / "listing" / f"{theme_key}.json")
    templating.keep_compiled(compiled)
    _worker.update(project=project, guide=guide, cache=cache, plan=plan, builder=builder)
    if not cache.is_fresh(THEME, "assets", theme_key):
        _make_theme_assets()
    tasks = [(HTML, slug) for slug in plan.html] + [(PDF, slug) for slug in plan.pdf]
    if not tasks:
        return 0
    # The first task runs here, before the fork: the workers inherit its compiled templates.
    pages = _progressed(_make_one(tasks[0]), tasks[0], progress)
    rest = tasks[1:]
    if jobs <= 1 or len(rest) <= 1:
        return pages + sum(_progressed(_make_one(task), task, progress) for task in rest)
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(rest) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=min(jobs, len(rest)), mp_context=context) as pool:
        return pages + sum(_progressed(made, task, progress)
                           for task, made in zip(rest, pool.map(_make_one, rest, chunksize=chunk)))


def _progressed(pages: int, task: tuple[str, str], progress: Callable[[str], None]) -> int:
    progress(f"{task[1]} ({task[0]})")
    return pages


def _make_theme_assets() -> None:
    project, cache, plan = _worker["project"], _worker["cache"], _worker["plan"]
    handbook = _worker["guide"].render(project.departments[0])
    folder = cache.scratch(THEME, "assets")
    _worker["builder"].write_theme_assets(handbook, folder)
    cache.store(THEME, "assets", plan.keys[THEME, "assets"], folder)


def _make_one(task: tuple[str, str]) -> int:
    """Make one department's HTML or PDFs into the cache; return the number of HTML pages made."""
    kind, slug = task
    project, cache, plan = _worker["project"], _worker["cache"], _worker["plan"]
    handbook = _worker["guide"].render(project.department(slug), defer_blocks=True)
    folder = cache.scratch(kind, slug)
    if kind == HTML:
        _worker["builder"].build(handbook, folder)
    else:
        from ..pdf import make_pdfs

        make_pdfs(handbook, project, folder)
    cache.store(kind, slug, plan.keys[kind, slug], folder)
    return len(handbook.pages) if kind == HTML else 0


def _assemble_and_publish(project: Project, cache: BuildCache, plan: _Plan, only: tuple[str, ...]) -> None:
    from ..portal import write_portal

    output = project.output_dir
    staging = staging_dir(output)
    try:
        if only:
            carry_over(output, staging, [d.slug for d in project.departments if d.slug not in only])
        link_tree(cache.entry(THEME, "assets"), staging)
        for slug in plan.slugs:
            link_tree(cache.entry(HTML, slug), staging / slug)
            if slug in plan.pdf_published:
                link_tree(cache.entry(PDF, slug), staging / slug / "pdf")
        write_portal(project, staging)
        publish(staging, output)
    except BaseException:
        discard(staging)
        raise
