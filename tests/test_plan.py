"""The planner: which outputs a build must make, decided from the cache before any work starts."""

from __future__ import annotations

from pathlib import Path

from conftest import handbook
from generator.inputs.project import load_project
from generator.outputs.cache import BuildCache
from generator.outputs.plan import HTML, PDF, THEME_OUTPUT, Output, Plan, make_plan


def plan(project_dir: Path, only: tuple[str, ...] = (), pdf: bool = True) -> Plan:
    project = load_project(project_dir / "site_config.yml")
    return make_plan(project, BuildCache.of(project.root), only, pdf)


def slugs(project_dir: Path) -> tuple[str, ...]:
    return tuple(d.slug for d in load_project(project_dir / "site_config.yml").departments)


EDITIONS = ("da", "en")   # the example's editions


def of(outputs) -> tuple[str, ...]:
    """The departments of some outputs, each once, in order."""
    return tuple(dict.fromkeys(output.slug for output in outputs))


def every_edition(kind: str, slugs) -> frozenset:
    return frozenset(Output(kind, slug, code) for slug in slugs for code in EDITIONS)


def test_without_a_cache_everything_is_stale(fresh_project):
    made = plan(fresh_project)
    assert of(made.html) == of(made.pdf) == made.slugs == slugs(fresh_project)
    assert set(made.html) == every_edition(HTML, made.slugs) and set(made.pdf) == every_edition(PDF, made.slugs)
    assert made.theme_stale and not made.nothing_to_make


def test_after_a_build_nothing_is_stale_and_a_second_plan_has_the_same_keys(fresh_project, pdf_built_project):
    first = plan(fresh_project)   # the same project, unbuilt: its keys are made of the inputs alone
    again = plan(pdf_built_project)
    assert again.nothing_to_make and again.pdf_published == every_edition(PDF, again.slugs)
    assert again.keys == first.keys and again.stamp == first.stamp


def test_a_changed_department_makes_only_its_own_outputs_stale(pdf_built_project):
    before = plan(pdf_built_project)
    slug = before.slugs[1]
    path = pdf_built_project / "content/departments" / f"{slug}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Ny ", 1), encoding="utf-8")
    after = plan(pdf_built_project)
    assert of(after.html) == of(after.pdf) == (slug,)
    assert not after.theme_stale
    changed = {key for key in after.keys if after.keys[key] != before.keys[key]}
    assert changed == every_edition(HTML, [slug]) | every_edition(PDF, [slug])   # the name shows in both


def test_a_changed_guide_page_makes_every_department_stale(fresh_project):
    handbook("build", "--no-pdf", "--jobs", "1", cwd=fresh_project)
    page = fresh_project / "content/guide/da/faser.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    after = plan(fresh_project)
    assert of(after.html) == slugs(fresh_project)
    assert {output.edition for output in after.html} == {"da"}   # the Danish guide's page: the English stay
    assert not after.theme_stale   # the theme's files are not made of the guide


def test_no_pdf_plans_no_pdfs_and_publishes_only_fresh_ones(fresh_project):
    made = plan(fresh_project, pdf=False)
    assert made.pdf == () and made.pdf_published == frozenset()
    handbook("build", "--only", made.slugs[0], "--jobs", "1", cwd=fresh_project)
    assert plan(fresh_project, pdf=False).pdf_published == every_edition(PDF, made.slugs[:1])


def test_only_plans_the_named_departments_and_says_so_in_the_stamp(fresh_project):
    everything = plan(fresh_project)
    one = plan(fresh_project, only=(everything.slugs[0],))
    assert one.slugs == of(one.html) == (everything.slugs[0],)
    assert {output.slug for output in one.keys} == {everything.slugs[0], THEME_OUTPUT.slug}
    assert THEME_OUTPUT in one.keys and one.stamp != everything.stamp
