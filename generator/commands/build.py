"""handbook build: validate everything, make what is stale, publish all at once.

Each department's HTML (and PDFs) is made into the cache under a key of
everything it is made from (outputs/plan.py); the published folder is then
assembled from the cache and swapped in by a rename. So an unchanged
department costs nothing, an incremental build gives the same bytes as a
clean one, and a failed or killed build leaves the published site as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..inputs.models import Department
from ..inputs.problems import BuildFailed, InputError, Problem, display_path
from ..inputs.project import Project
from ..outputs.cache import BuildCache
from ..outputs.plan import HTML, PDF, THEME, THEME_ASSETS, Plan, make_plan, site_prefix
from ..outputs.portal import PORTAL, write_portal
from ..outputs.publish import Assembly, Part, assemble, discard, output_problem, publish, recover, staging_dir
from ..outputs.published import PublishedSite, file_digest, inspect, write_marker


@dataclass(frozen=True)
class BuildResult:
    built: tuple[str, ...]
    pdfs: tuple[str, ...]
    pages: int
    published: bool
    repaired: tuple[str, ...] = ()   # damaged cache entries that were made again
    restored: tuple[str, ...] = ()   # published files changed by hand, put back as built
    unrestored: tuple[str, ...] = ()   # published files changed by hand that no cache entry could put back
    kept: tuple[str, ...] = ()       # broken or failed departments whose last good version stays published
    failed: tuple[tuple[str, str], ...] = ()   # (slug, why) of valid departments that could not be made


def run_build(project: Project, only: tuple[str, ...] = (), jobs: int | None = None, pdf: bool = True,
              clean: bool = False, progress: Callable[[str], None] = lambda slug: None,
              wait: float = 300, waiting: Callable[[str], None] = lambda since: None,
              strict: bool = False) -> BuildResult:
    """`wait`: seconds to wait for another build of the project to finish; `waiting(since)` is told once.
    A department that cannot be made (BuildFailed: its agenda does not fit, its pre-arrival pack is
    too long) is left out like a broken one, and the others are published; `strict`: nothing is."""
    cache = BuildCache.of(project.root)
    _published_site(project, cache)   # refused before anything is written, the lock included
    with _at(cache.root), cache.temporary(), cache.locked(wait, waiting):
        try:
            if clean:
                cache.clear()
            return _build(project, cache, only, jobs or os.cpu_count() or 1, pdf, progress, strict)
        except OSError:
            cache.sweep()   # a full disk gets back what this build wrote
            raise


@contextmanager
def _at(path: Path) -> Iterator[None]:
    """A fault of the machine without a path of its own (a full disk) is told with this one."""
    try:
        yield
    except OSError as exc:
        if not exc.filename:
            exc.filename = str(path)
        raise


def _published_site(project: Project, cache: BuildCache) -> PublishedSite:
    """The output folder as it is now; refused (at output_dir's line) when it holds what is not ours."""
    output = project.output_dir
    site = inspect(output, cache.published_stats(output))
    problem = output_problem(project.config.output_dir, site)
    if problem:
        raise InputError([Problem(display_path(project.config_path, project.root),
                                  project.config_lines.get("output_dir", 1), "output_dir", *problem)])
    return site


def _intact_keys(site: PublishedSite) -> dict[str, str]:
    """The keys of the published parts whose files nobody changed: only those are linked, not copied."""
    changed = sorted(site.changed)
    return {name: key for name, key in site.keys.items()
            if not any(file.startswith(site_prefix(*name.split("/", 1))) for file in changed)}


def _build(project: Project, cache: BuildCache, only: tuple[str, ...], jobs: int, pdf: bool,
           progress: Callable[[str], None], strict: bool) -> BuildResult:
    output = project.output_dir
    recover(output)   # a swap a killed build left half done
    site = _published_site(project, cache)   # again: another build may have published while this one waited
    cache.sweep()
    plan = make_plan(project, cache, only, pdf, _intact_keys(site))
    # The stamp names the departments (with --only, those alone) and every key: the same stamp as the last
    # publish, with nothing in the output folder changed since, is the same site.
    if plan.nothing_to_make and not site.changed and cache.is_published(output, plan.stamp):
        kept = _kept(project, cache, [])
        return BuildResult((), (), 0, published=False, kept=tuple(d.slug for d in kept))
    pages, failed = _make(project, cache, plan, jobs, progress)
    # Every department this build publishes failed: most likely for what they share (a guide page, a form,
    # the theme); the build stops as a whole, as with --strict.
    if failed and (strict or set(failed) >= set(plan.slugs)):
        raise BuildFailed(_grouped(failed))
    kept = _kept(project, cache, list(failed))
    with _at(output):
        assembly = _assemble_and_publish(project, cache, plan, only, site, kept, set(failed))
    # A failed department's keys are in the plan's stamp, but not its output: the next build is not a no-op.
    cache.mark_published(output, plan.stamp + "".join(f"\nfailed={slug}" for slug in sorted(failed)))
    for slug in plan.slugs:
        if slug not in failed:
            cache.remember_good(project.department(slug))
    restored = sorted(site.changed & assembly.files.keys() - set(assembly.unrepaired))
    return BuildResult(_without(plan.html, failed), _without(plan.pdf, failed), pages, published=True,
                       repaired=plan.repaired, restored=tuple(restored), unrestored=tuple(sorted(assembly.unrepaired)),
                       kept=tuple(d.slug for d in kept), failed=tuple(sorted(failed.items())))


def _without(slugs: tuple[str, ...], failed: dict[str, str]) -> tuple[str, ...]:
    return tuple(slug for slug in slugs if slug not in failed)


def _grouped(failed: dict[str, str]) -> str:
    """Why departments failed, one line a reason, with the departments it stopped."""
    by_reason: dict[str, list[str]] = {}
    for slug, why in failed.items():
        by_reason.setdefault(why.removeprefix(f"{slug}: "), []).append(slug)
    lines = []
    for why, slugs in by_reason.items():
        named = ", ".join(slugs[:5]) + (f" og {len(slugs) - 5} andre" if len(slugs) > 5 else "")
        lines.append(f"{why} ({named})" if len(slugs) > 1 else f"{slugs[0]}: {why}")
    return "\n".join(lines)


def _kept(project: Project, cache: BuildCache, failed: list[str]) -> list[Department]:
    """The broken departments, and those that could not be made (`failed`), that were published before:
    they stay, as they were last built whole."""
    return _last_good(cache, [slug for slug in [*project.broken_slugs, *failed]
                              if (project.output_dir / slug).is_dir()])


def _make(project: Project, cache: BuildCache, plan: Plan, jobs: int, progress: Callable[[str], None]
          ) -> tuple[int, dict[str, str]]:
    """Make every stale output into the cache; return the number of HTML pages made and, by slug, why
    the departments that could not be made were not."""
    # Imported here, not at the top: a build with nothing to make should not pay for them.
    from ..engine import engine_for
    from ..render.handbook import Renderer
    from .context import BuildContext
    from .workers import collecting_less, make_one, run_tasks

    compiled = cache.compiled_templates(plan.tool[:16])
    engine = engine_for(project, work_dir=cache.folder("work"), compiled=compiled,
                        listing=cache.folder("listing") / f"{plan.keys[THEME, THEME_ASSETS]}.json")
    context = BuildContext(project, cache, plan, Renderer(project, engine.style, compiled), engine)
    if plan.theme_stale:
        context.make_theme_assets()
    html = [(HTML, slug) for slug in plan.html]
    pdf = [(PDF, slug) for slug in plan.pdf]
    pages = 0
    failures: dict[str, str] = {}

    def done(task: tuple[str, str], made: int) -> None:
        nonlocal pages
        pages += made
        progress(f"{task[1]} ({task[0]})")

    def failed(task: tuple[str, str], error: BuildFailed) -> None:
        slug, message = task[1], str(error)
        failures.setdefault(slug, message if message.startswith(f"{slug}:") else f"{slug}: {message}")

    def prepare_pdfs() -> None:
        # WeasyPrint with its fonts and style sheets set up and every form laid out once, here, so that
        # the PDF workers forked next inherit them; done while the HTML workers run, on a core they leave.
        # A form that cannot be laid out is told by each department's task, which meets it again.
        if pdf:
            with suppress(BuildFailed):
                context.pdf_maker.lay_out_forms([project.department(slug) for slug in plan.pdf])

    with collecting_less():
        if html:
            # The first runs here, before the fork: the workers inherit its compiled templates.
            make_one(context, html[0], done, failed)
        run_tasks(context, html[1:], jobs, done, failed, meanwhile=prepare_pdfs)
        run_tasks(context, [task for task in pdf if task[1] not in failures], jobs, done, failed)
    return pages, failures


def _assemble_and_publish(project: Project, cache: BuildCache, plan: Plan, only: tuple[str, ...],
                          site: PublishedSite, kept: list[Department], failed: set[str]) -> Assembly:
    output = project.output_dir
    made = [slug for slug in plan.slugs if slug not in failed]
    parts = [_part(plan, THEME, THEME_ASSETS)]
    for slug in made:
        parts.append(_part(plan, HTML, slug))
        if slug in plan.pdf_published:
            parts.append(_part(plan, PDF, slug))
    # Published departments this build does not make: the broken ones kept, and with --only all others.
    carried = [d.slug for d in kept] + (_published_slugs(output, exclude=set(only)) if only else [])
    staging = staging_dir(output)
    try:
        assembly = assemble(output, staging, cache, parts, [(slug, _published_parts(site, slug)) for slug in carried],
                            site)
        listed = [project.department(slug) for slug in made] + kept + _last_good(cache, carried[len(kept):])
        write_portal(project, staging, listed)
        assembly.files[PORTAL] = file_digest(staging / PORTAL)
        write_marker(staging, assembly.keys, assembly.files)
        publish(staging, output)
    except BaseException:
        discard(staging)
        raise
    return assembly


def _part(plan: Plan, kind: str, slug: str) -> Part:
    return Part(kind, slug, plan.keys[kind, slug], site_prefix(kind, slug))


def _published_parts(site: PublishedSite, slug: str) -> list[Part]:
    """A published department's parts, as the marker names them."""
    return [Part(kind, slug, site.keys[f"{kind}/{slug}"], site_prefix(kind, slug))
            for kind in (HTML, PDF) if f"{kind}/{slug}" in site.keys]


def _published_slugs(output: Path, exclude: set[str]) -> list[str]:
    """The departments now published (folders with a front page) that this build does not touch."""
    if not output.is_dir():
        return []
    return sorted(p.name for p in output.iterdir() if p.name not in exclude and (p / "index.html").is_file())


def _last_good(cache: BuildCache, slugs: list[str]) -> list[Department]:
    """The departments as last built whole (those with a record): the portal lists them as published."""
    found = (cache.last_good(slug) for slug in slugs)
    return [department for department in found if department is not None]
