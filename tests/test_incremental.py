"""Incremental builds: only what changed is rebuilt, the result equals a clean build, a killed build harms nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import handbook
from test_build import EXAMPLES, tree_digest

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone


def build(project: Path, *args: str) -> str:
    return handbook("build", "--no-pdf", *args, cwd=project).stderr


def change_department(project: Path, slug: str, new_name: str) -> None:
    path = project / "content/departments" / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("name:"))
    path.write_text(text.replace(old, f"name: {new_name}", 1), encoding="utf-8")


def test_nothing_changed_means_nothing_rebuilt(built_project):
    before = tree_digest(built_project / "site")
    assert "Intet er ændret" in build(built_project)
    assert tree_digest(built_project / "site") == before


def test_one_changed_department_is_the_only_one_rebuilt_and_equals_a_clean_build(built_project):
    slug = EXAMPLES[1].slug
    untouched = {d.slug: (built_project / "site" / d.slug / "roller.html").stat().st_ino for d in EXAMPLES}
    change_department(built_project, slug, "Omdøbt Afdeling")
    assert build(built_project).splitlines()[-1].startswith("1 håndbog(er) bygget")   # the summary, last
    incremental = tree_digest(built_project / "site")
    for department in EXAMPLES:
        same_file = (built_project / "site" / department.slug / "roller.html").stat().st_ino == untouched[department.slug]
        assert same_file == (department.slug != slug), department.slug
    assert "Omdøbt Afdeling" in (built_project / "site" / "index.html").read_text(encoding="utf-8")
    build(built_project, "--clean")
    assert tree_digest(built_project / "site") == incremental


@pytest.mark.parametrize("changed", ["content/guide/da/mentorordning.md", "theme/assets/stylesheets/handbook.css",
                                     "site_config.yml"])
def test_a_shared_input_rebuilds_every_department(built_project, changed):
    path = built_project / changed
    text = path.read_text(encoding="utf-8")
    if changed.endswith(".yml"):
        text = text.replace("site_name: Mentorordning", "site_name: Mentorordningen")
    else:
        text += "\n/* ændret */\n" if changed.endswith(".css") else "\nEn ny sætning til alle.\n"
    path.write_text(text, encoding="utf-8")
    assert build(built_project).splitlines()[-1].startswith(f"{len(EXAMPLES)} håndbog(er) bygget")


def test_a_comment_in_a_department_file_rebuilds_nothing(built_project):
    path = built_project / "content/departments" / f"{EXAMPLES[0].slug}.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# bare en kommentar\n", encoding="utf-8")
    assert "Intet er ændret" in build(built_project)


def test_the_cache_is_safe_to_delete(built_project):
    before = tree_digest(built_project / "site")
    shutil.rmtree(built_project / ".cache")
    build(built_project)
    assert tree_digest(built_project / "site") == before


def test_clean_keeps_the_font_subsets_and_forgets_the_rest(fresh_project):
    """The PDFs' font subsets are made from the machine's fonts, not from the project: --clean keeps them."""
    handbook("build", "--only", EXAMPLES[0].slug, cwd=fresh_project)
    cache = fresh_project / ".cache" / "handbook"
    fonts = {path: path.stat().st_mtime_ns for path in (cache / "fonts").glob("*.ttf")}
    assert len(fonts) == 4
    build(fresh_project, "--clean")
    assert {path: path.stat().st_mtime_ns for path in (cache / "fonts").glob("*.ttf")} == fonts
    assert not list(cache.glob("pdf/*")), "the PDFs built before are forgotten"


def test_theme_assets_are_stored_once(built_project):
    site = built_project / "site"
    assert (site / "assets/javascripts/handbook.js").is_file()
    assert (site / "assets/javascripts/lunr/min/lunr.da.min.js").is_file()
    assert not list(site.glob("assets/**/*.map")) and not (site / "assets/javascripts/lunr/wordcut.js").exists()
    for department in EXAMPLES:
        assert not (site / department.slug / "assets").exists()
        assert '"../assets/stylesheets/handbook.css"' in (site / department.slug / "faser.html").read_text("utf-8")


def _seen(folder: Path, pattern: str) -> bool:
    try:
        return any(folder.glob(pattern))
    except OSError:   # a folder removed while listing it
        return False


# The moments a build can be killed at, each told by what the build has written so far: making a
# department's pages in the cache, publishing (a staging folder beside site/), and just after the swap.
MOMENTS = {
    "making": lambda project: _seen(project / ".cache/handbook/tmp", "html-*"),
    "publishing": lambda project: _seen(project, ".site.staging-*"),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_killed_build_leaves_the_site_as_it_was_and_the_next_build_correct(built_project, moment):
    before = tree_digest(built_project / "site")
    for department in EXAMPLES[:3]:
        change_department(built_project, department.slug, f"Ny {department.slug}")
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--no-pdf", "--jobs", "2"],
                               cwd=built_project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    reached = MOMENTS[moment]
    deadline = time.monotonic() + 60
    while not reached(built_project) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    # The kill must land mid-build: the build is still running when it is killed.
    assert process.poll() is None, f"the build finished before the moment '{moment}' was seen"
    os.killpg(process.pid, signal.SIGKILL)   # the whole group, workers included, as a killed terminal would
    assert process.wait() == -signal.SIGKILL
    after_kill = tree_digest(built_project / "site") if (built_project / "site").exists() else None
    build(built_project)
    resumed = tree_digest(built_project / "site")
    # Killed before the swap: the old site; killed after it: the new one. Never a mix, never none.
    assert after_kill in (before, resumed), "a killed build left a site that is neither the old nor the new"
    build(built_project, "--clean")
    assert tree_digest(built_project / "site") == resumed


def test_a_publish_killed_between_its_two_renames_is_finished_by_the_next_build(built_project):
    """Where the system cannot swap two folders in one step, publish renames twice; a kill between the
    renames leaves no site/ but the old one beside it, and the next build puts a correct site back."""
    published = tree_digest(built_project / "site")
    (built_project / "site").rename(built_project / ".site.old-12345678")
    (built_project / ".site.staging-87654321").mkdir()
    (built_project / ".site.staging-87654321" / "half.html").write_text("halv", encoding="utf-8")
    build(built_project)
    assert tree_digest(built_project / "site") == published
    assert sorted(p.name for p in built_project.iterdir() if p.name.startswith(".site")) == []


def test_two_builds_at_once_take_turns(fresh_project):
    command = [sys.executable, "-m", "generator", "build", "--no-pdf"]
    first = subprocess.Popen(command, cwd=fresh_project, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, cwd=fresh_project, stderr=subprocess.PIPE, text=True)
    outputs = [first.communicate()[1], second.communicate()[1]]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert sum("Intet er ændret" in output for output in outputs) == 1
    together = tree_digest(fresh_project / "site")
    build(fresh_project, "--clean")
    assert tree_digest(fresh_project / "site") == together
