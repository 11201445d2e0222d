"""Whose folder the published site is (issue 18): only a folder carrying the publish's marker and holding
nothing else is replaced; a link is never published through; a file changed by hand is put back."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import handbook
from test_build import EXAMPLES, tree_digest
from test_faults import OUTPUT_LINE, everything, one_clean_line, set_output_dir

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

MARKER = ".handbook-site.json"


def refused(project: Path) -> str:
    result = handbook("build", "--no-pdf", cwd=project, check=False)
    assert result.returncode == 1
    return one_clean_line(result, "site_config.yml:")


def test_a_folder_without_the_marker_holding_a_file_is_refused_and_kept(built_project):
    """The reproducer: build, rm -rf site, mkdir site, a note in it, build: the note was deleted."""
    shutil.rmtree(built_project / "site")
    (built_project / "site").mkdir()
    (built_project / "site/notes.txt").write_text("x\n", encoding="utf-8")
    line = refused(built_project)
    assert line.startswith(f"site_config.yml:{OUTPUT_LINE}: output_dir: mappen 'site' er ikke lavet af handbook")
    assert "'notes.txt'" in line and "flyt 'notes.txt' ud af mappen" in line, line
    assert (built_project / "site/notes.txt").read_text(encoding="utf-8") == "x\n"
    assert sorted(os.listdir(built_project / "site")) == ["notes.txt"]


def test_a_published_folder_holding_a_file_we_did_not_write_is_refused(built_project):
    slug = EXAMPLES[0].slug
    (built_project / "site" / slug / "webserver.conf").write_text("Options -Indexes\n", encoding="utf-8")
    before = everything(built_project / "site")
    line = refused(built_project)
    assert f"rummer '{slug}/webserver.conf', som handbook ikke har lavet" in line, line
    assert everything(built_project / "site") == before
    # A folder, or a link, of someone else's is just as much theirs.
    (built_project / "site" / slug / "webserver.conf").unlink()
    (built_project / "site/uploads").mkdir()
    assert "'uploads'" in refused(built_project)
    (built_project / "site/uploads").rmdir()
    (built_project / "site/www").symlink_to("/tmp")
    assert "'www'" in refused(built_project)


def test_a_published_site_moved_into_place_with_a_file_of_its_own_is_refused(built_project, tmp_path):
    shutil.copytree(built_project / "site", tmp_path / "copy")
    (tmp_path / "copy/robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    shutil.rmtree(built_project / "site")
    shutil.move(tmp_path / "copy", built_project / "site")
    assert "'robots.txt'" in refused(built_project)
    assert (built_project / "site/robots.txt").is_file()


def test_a_site_published_before_the_marker_listed_its_files_is_taken_as_ours(built_project):
    """The marker of the first format held the keys alone: a site published then is ours, as it was."""
    marker = built_project / "site" / MARKER
    marker.write_text(json.dumps(json.loads(marker.read_text(encoding="utf-8"))["keys"]), encoding="utf-8")
    shutil.rmtree(built_project / ".cache")
    handbook("build", "--no-pdf", cwd=built_project)
    assert json.loads(marker.read_text(encoding="utf-8"))["format"] == 2


def test_an_output_dir_that_is_a_link_is_refused_before_anything_is_written(fresh_project, tmp_path):
    web = tmp_path / "srv/web"
    web.mkdir(parents=True)
    (fresh_project / "site").symlink_to(web)
    before = everything(fresh_project)
    for _ in range(2):
        line = refused(fresh_project)
        assert line.startswith(f"site_config.yml:{OUTPUT_LINE}: output_dir: 'site' er en genvej (symlink) til {web}")
        assert f"output_dir: {web}" in line, line
        assert everything(fresh_project) == before
    assert (fresh_project / "site").is_symlink() and list(web.iterdir()) == []
    assert not list(fresh_project.glob(".site.*"))
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    assert "er en genvej (symlink)" in one_clean_line(result, "site_config.yml:")
    set_output_dir(fresh_project, str(web))   # the real folder, as the message says
    handbook("build", "--no-pdf", cwd=fresh_project)
    assert (web / "index.html").is_file()


def test_a_file_changed_or_removed_by_hand_is_put_back_and_said_in_one_line(pdf_built_project):
    built = tree_digest(pdf_built_project / "site")
    slug = EXAMPLES[0].slug
    page, pdf, gone = (pdf_built_project / "site" / slug / name for name in ("roller.html", "pdf/dagsorden.pdf", "faser.html"))
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (rettet)</h1>", 1), encoding="utf-8")
    pdf.write_bytes(b"%PDF-1.7\n")
    gone.unlink()
    result = handbook("build", cwd=pdf_built_project)
    lines = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if "i hånden" in line]
    assert len(lines) == 1 and lines[0].startswith("3 fil(er) i "), lines
    for name in ("roller.html", "pdf/dagsorden.pdf", "faser.html"):
        assert f"{slug}/{name}" in lines[0]
    assert tree_digest(pdf_built_project / "site") == built
    assert "Intet er ændret" in handbook("build", cwd=pdf_built_project).stderr


def test_a_hand_edit_with_the_same_size_and_time_is_cheaply_missed_but_a_new_time_is_found(built_project):
    """The check compares size and modification time first, and hashes only where they differ."""
    page = built_project / "site" / EXAMPLES[0].slug / "index.html"
    status = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<title>", "<TITLE>", 1), encoding="utf-8")   # the same size
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert "Intet er ændret" in handbook("build", "--no-pdf", cwd=built_project).stderr
    os.utime(page)
    assert "i hånden" in handbook("build", "--no-pdf", cwd=built_project).stderr
    assert page.read_text(encoding="utf-8") == text


def test_a_department_with_the_longest_slug_builds(fresh_project):
    """The cache's own paths do not grow with a slug's length: a slug of 60 characters (the most) builds."""
    slug = "a" * 60
    departments = fresh_project / "content/departments"
    shutil.copy(departments / f"{EXAMPLES[0].slug}.yml", departments / f"{slug}.yml")
    handbook("build", "--only", slug, cwd=fresh_project)
    assert (fresh_project / "site" / slug / "pdf/dagsorden.pdf").is_file()
