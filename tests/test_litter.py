"""No litter (issue 18): every temporary file of a run (ours, WeasyPrint's, the workers') lives in the run's
own folder in the cache; nothing is left in the system's temp folder when a build or a preview ends,
normally or by SIGTERM, and what a SIGKILL leaves in the cache is gone once the next run has finished."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import handbook

RUNS = Path(".cache/handbook/run")


@pytest.fixture
def temp_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def start(project: Path, temp_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=project, env={**os.environ, "TMPDIR": str(temp_dir)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the command ended before the moment: {process.communicate()}")
        assert time.monotonic() < deadline
        time.sleep(0.01)


def making_pdfs(project: Path) -> bool:
    return any((project / RUNS).glob("*/weasyprint-*"))


def test_a_build_leaves_nothing_behind(fresh_project, temp_dir):
    # Two departments: two workers for their pages, two for their PDFs, in both editions.
    handbook("build", "--jobs", "2", "--only", "akutafdelingen", "--only", "radiologi", cwd=fresh_project,
             env={"TMPDIR": str(temp_dir)})
    assert list(temp_dir.iterdir()) == []
    assert list((fresh_project / RUNS).iterdir()) == []


def test_a_build_stopped_with_sigterm_leaves_nothing_behind(fresh_project, temp_dir):
    process = start(fresh_project, temp_dir, "build", "--jobs", "2")
    wait_for(lambda: making_pdfs(fresh_project), process)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM and "Stoppet (SIGTERM)" in stderr and "Traceback" not in stderr
    assert list(temp_dir.iterdir()) == []
    assert list((fresh_project / RUNS).iterdir()) == []
    assert not list(fresh_project.glob(".site.*"))


def test_what_a_killed_build_leaves_is_gone_after_the_next_run(fresh_project, temp_dir):
    process = start(fresh_project, temp_dir, "build", "--jobs", "2")
    wait_for(lambda: making_pdfs(fresh_project), process)
    process.kill()
    process.communicate()
    assert list(temp_dir.iterdir()) == []
    assert list((fresh_project / RUNS).iterdir())   # the killed run's folder, with WeasyPrint's in it
    handbook("build", "--no-pdf", cwd=fresh_project, env={"TMPDIR": str(temp_dir)})
    assert list(temp_dir.iterdir()) == []
    assert list((fresh_project / RUNS).iterdir()) == []


def test_a_preview_stopped_with_sigterm_leaves_nothing_behind(fresh_project, temp_dir):
    process = start(fresh_project, temp_dir, "serve", "radiologi", "--host", "127.0.0.1:8769")

    def serving() -> bool:
        try:
            with urllib.request.urlopen("http://127.0.0.1:8769/mentorordning/radiologi/", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    wait_for(serving, process)
    assert list((fresh_project / RUNS).iterdir())   # the preview's folder while it runs
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert list(temp_dir.iterdir()) == []
    assert list((fresh_project / RUNS).iterdir()) == []
