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
from dataclasses import dataclass, replace
from pathlib import Path

from babel import Locale

from ..inputs.models import Department
from ..inputs.problems import BuildFailed, InputError, Problem, display_path
from ..inputs.project import Project
from ..outputs.cache import BuildCache
from ..outputs.plan import HTML, THEME_OUTPUT, Output, Plan, make_plan
from ..outputs.publish import intact_keys, output_problem, publish_site, published_slugs, recover
from ..outputs.published import PublishedSite, inspect
from ..pdf.fonts import FONT_DIR, missing_faces


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
    failed_editions: tuple[str, ...] = ()   # why a department's other edition could not be made (its main one was)
    missing_fonts: str = ""          # what to do about the PDFs' font, missing on this machine; '' when it is not


def run_build(project: Project, only: tuple[str, ...] = (), jobs: int | None = None, pdf: bool = True,
              clean: bool = False, progress: Callable[[str], None] = lambda slug: None,
              wait: float = 300, waiting: Callable[[str], None] = lambda since: None,
              strict: bool = False) -> BuildResult:
    """`wait`: seconds to wait for another build of the project to finish; `waiting(since)` is told once.
    A department that cannot be made (BuildFailed: its agenda does not fit, its pre-arrival pack is
    too long) is left out like a broken one, and the others are published; `strict`: nothing is, nor when
    a department file has an error or a warning, nor without the PDFs' font."""
    if strict:
        blocking = [*project.broken, *(problem for problem in project.warnings if problem.level == "warning")]
        if blocking:
            raise InputError(blocking)
    # The machine's fault, not the project's: the build goes on (but not under --strict), and the PDFs are
    # remade once the font is installed (plan.py keys them by the font files).
    fonts = missing_fonts() if pdf else ""
    if strict and fonts:
        raise BuildFailed(fonts)
    cache = BuildCache.of(project.root)
    _published_site(project, cache)   # refused before anything is written, the lock included
    with _at(cache.root), cache.temporary(), cache.locked(wait, waiting):
        try:
            if clean:
                cache.clear()
            result = _build(project, cache, only, jobs or os.cpu_count() or 1, pdf, progress, strict)
            return replace(result, missing_fonts=fonts)
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


def _build(project: Project, cache: BuildCache, only: tuple[str, ...], jobs: int, pdf: bool,
           progress: Callable[[str], None], strict: bool) -> BuildResult:
    output = project.output_dir
    recover(output)   # a swap a killed build left half done
    site = _published_site(project, cache)   # again: another build may have published while this one waited
    cache.sweep()
    plan = make_plan(project, cache, only, pdf, intact_keys(project, site))
    # The stamp names the departments (with --only, those alone) and every key: the same stamp as the last
    # publish, with nothing in the output folder changed since, is the same site.
    if plan.nothing_to_make and not site.changed and cache.is_published(output, plan.stamp):
        kept = _kept(project, cache, [])
        return BuildResult((), (), 0, published=False, kept=tuple(d.slug for d in kept))
    pages, failures = _make(project, cache, plan, jobs, progress)
    # A department whose main edition failed is left out like a broken one; one whose other edition failed
    # is published in its main edition, which never waits for another.
    failed = {task.slug: why for task, why in failures.items() if task.edition == project.main.code}
    other_editions = {task: why for task, why in failures.items() if task.slug not in failed}
    # Every department this build publishes failed: most likely for what they share (a guide page, a form,
    # the theme); the build stops as a whole, as with --strict.
    if failures and (strict or set(failed) >= set(plan.slugs)):
        raise BuildFailed(_grouped({**failed, **{task.slug: why for task, why in other_editions.items()}}))
    kept = _kept(project, cache, list(failed))
    # Published departments this build does not make, besides the broken ones kept: with --only, all others.
    others = _last_good(cache, published_slugs(project, exclude=set(only))) if only else []
    made = [slug for slug in plan.slugs if slug not in failed]
    with _at(output):
        assembly = publish_site(project, cache, plan, site, made, kept, others,
                                {(task.slug, task.edition) for task in other_editions})
    # A failed department's keys are in the plan's stamp, but not its output: the next build is not a no-op.
    cache.mark_published(output, plan.stamp + "".join(f"\nfailed={slug}" for slug in sorted(failed)))
    for slug in plan.slugs:
        if slug not in failed:
            cache.remember_good(project.department(slug), project.main.code)
    restored = sorted(site.changed & assembly.files.keys() - set(assembly.unrepaired))
    return BuildResult(_without(plan.html, failed), _without(plan.pdf, failed), pages, published=True,
                       repaired=plan.repaired, restored=tuple(restored), unrestored=tuple(sorted(assembly.unrepaired)),
                       kept=tuple(d.slug for d in kept), failed=tuple(sorted(failed.items())),
                       failed_editions=tuple(sorted(dict.fromkeys(other_editions.values()))))


def _without(outputs: tuple[Output, ...], failed: dict[str, str]) -> tuple[str, ...]:
    """The departments of `outputs` that were made (each once, in the plan's order)."""
    return tuple(dict.fromkeys(output.slug for output in outputs if output.slug not in failed))


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
          ) -> tuple[int, dict[Output, str]]:
    """Make every stale output into the cache; return the number of HTML pages made and, by output, why
    those that could not be made were not."""
    # Imported here, not at the top: a build with nothing to make should not pay for them.
    from ..engine import engine_for
    from .context import BuildContext
    from .workers import collecting_less, make_one, run_tasks

    compiled = cache.compiled_templates(plan.tool[:16])
    engine = engine_for(project, work_dir=cache.folder("work"), compiled=compiled,
                        listing=cache.folder("listing") / f"{plan.keys[THEME_OUTPUT]}.json")
    context = BuildContext(project, cache, plan, engine, compiled)
    if plan.theme_stale:
        context.make_theme_assets()
    pages = 0
    failures: dict[Output, str] = {}

    def done(task: Output, made: int) -> None:
        nonlocal pages
        pages += made
        progress(f"{task.slug} ({task.kind}, {task.edition})")

    def failed(task: Output, error: BuildFailed) -> None:
        message = str(error).removeprefix(f"{task.slug}: ")
        if task.edition != project.main.code:
            message = f"{edition_name(task.edition)}: {message}"
        failures.setdefault(task, f"{task.slug}: {message}")

    def prepare_pdfs() -> None:
        # WeasyPrint with its fonts and style sheets set up and every form laid out once, here, so that
        # the PDF workers forked next inherit them; done while the HTML workers run, on a core they leave.
        # A form that cannot be laid out is told by each department's task, which meets it again.
        for edition in project.editions:
            todo = [project.department(task.slug) for task in plan.pdf if task.edition == edition.code]
            if todo:
                with suppress(BuildFailed):
                    context.pdf_maker(edition.code).lay_out_forms(todo)

    html = list(plan.html)
    with collecting_less():
        if html:
            # The first runs here, before the fork: the workers inherit its compiled templates.
            make_one(context, html[0], done, failed)
        run_tasks(context, html[1:], jobs, done, failed, meanwhile=prepare_pdfs)
        pdf = [task for task in plan.pdf if Output(HTML, task.slug, task.edition) not in failures]
        run_tasks(context, pdf, jobs, done, failed)
    return pages, failures


def missing_fonts() -> str:
    """What to tell when the PDFs' font files are not on this machine; '' when they are."""
    missing = missing_faces()
    if not missing:
        return ""
    return (f"PDF'ernes skrift DejaVu Sans mangler på maskinen ({', '.join(map(str, missing))}), så PDF'erne "
            "er sat med en anden skrift; installer Debian-pakken fonts-dejavu-core, eller peg HANDBOOK_FONT_DIR "
            f"på en mappe med filerne (nu {FONT_DIR}), og byg igen")


def edition_name(code: str) -> str:
    """An edition as the build's Danish messages name it: "den engelske udgave"."""
    language = Locale("da").languages.get(code, code)
    return f"den {language}e udgave" if language.endswith("sk") else f"udgaven på {language}"


def _last_good(cache: BuildCache, slugs: list[str]) -> list[Department]:
    """The departments as last built whole (those with a record): the portal lists them as published."""
    found = (cache.last_good(slug) for slug in slugs)
    return [department for department in found if department is not None]
