"""Kept current (issue 21): each handbook's footer and its portal card say when the department file last
changed, from git where the file is committed and unchanged, else from the file; twelve months unchanged is
marked on the portal and noted by the build; a no-op stays a no-op."""

from __future__ import annotations

import os
import re
import subprocess
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import handbook

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

OLD = date.today() - timedelta(days=400)


def footer_date(page: Path) -> tuple[str, str]:
    found = re.search(r'<span class="hb-updated" data-updated="([0-9-]+)">([^<]*)</span>', page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(1), found.group(2)


def card(portal: Path, slug: str) -> str:
    found = re.search(r'<li([^>]*)>\s*<a href="' + re.escape(slug) + r'/index\.html">', portal.read_text(encoding="utf-8"))
    assert found, slug
    return found.group(1)


def test_the_footer_and_the_portal_say_when_the_file_last_changed(fresh_project):
    old = fresh_project / "content/departments/radiologi.yml"
    stamp = time.mktime(datetime(OLD.year, OLD.month, OLD.day, 12).timetuple())
    os.utime(old, (stamp, stamp))
    result = handbook("build", "--no-pdf", cwd=fresh_project)
    site = fresh_project / "site"
    assert footer_date(site / "radiologi" / "index.html")[0] == OLD.isoformat()
    assert footer_date(site / "radiologi" / "roller.html")[1].startswith("Sidst opdateret ")
    assert footer_date(site / "akutafdelingen" / "index.html")[0] == date.today().isoformat()
    assert 'data-stale' in card(site / "index.html", "radiologi")
    assert 'data-stale' not in card(site / "index.html", "akutafdelingen")
    assert f'data-updated="{OLD.isoformat()}"' in card(site / "index.html", "radiologi")
    noted = [line for line in result.stderr.splitlines() if "er ikke ændret siden" in line]
    assert noted == [f"content/departments/radiologi.yml:1: (fil): bemærk: filen er ikke ændret siden {OLD.isoformat()} "
                     "(over 12 måneder); portalen markerer afdelingen (forventet: se efter, om navne, tal og tekster "
                     "stadig passer, og ret eller gem filen igen)"]
    assert "Intet er ændret" in handbook("build", "--no-pdf", cwd=fresh_project).stderr   # a no-op stays one


def test_the_english_edition_writes_the_date_in_english(tmp_path):
    from conftest import copy_project

    copy_project(tmp_path / "project")
    handbook("build", "--no-pdf", "--only", "akutafdelingen", cwd=tmp_path / "project")
    iso, text = footer_date(tmp_path / "project" / "site" / "akutafdelingen" / "en" / "index.html")
    day = date.fromisoformat(iso)
    assert text == f"Last updated {day.day} {day.strftime('%B')} {day.year}"


def git(project: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, **({"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {})}
    subprocess.run(["git", "-c", "user.name=Web", "-c", "user.email=web@example.dk", *args], cwd=project, env=env,
                   check=True, capture_output=True)


@pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="no git")
def test_in_a_git_checkout_a_committed_file_has_its_last_commits_date(fresh_project):
    git(fresh_project, "init", "-q")
    git(fresh_project, "add", ".")
    git(fresh_project, "commit", "-q", "-m", "Afdelingerne", when="2026-03-02T12:00:00")
    changed = fresh_project / "content/departments/akutafdelingen.yml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# ændret, ikke lagt i git\n", encoding="utf-8")
    handbook("build", "--no-pdf", cwd=fresh_project)
    site = fresh_project / "site"
    assert footer_date(site / "radiologi" / "index.html")[0] == "2026-03-02"   # committed, unchanged
    assert footer_date(site / "akutafdelingen" / "index.html")[0] == date.today().isoformat()   # changed since
