"""handbook serve: a live preview on this machine that picks up edits to the department file."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from generator.inputs.project import load_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, text: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=2).read().decode("utf-8"):
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("suffix", [".yml", ".yaml"])   # a .yaml file is read, and watched, too
def test_serve_rerenders_when_the_department_file_changes(fresh_project, suffix):
    project = load_project(fresh_project / "site_config.yml")
    department = project.departments[0]
    path = fresh_project / "content/departments" / f"{department.slug}{suffix}"
    (fresh_project / "content/departments" / f"{department.slug}.yml").rename(path)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", department.slug,
                               "--host", f"127.0.0.1:{port}"], cwd=fresh_project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = urlsplit(project.config.site_url).path if project.config.site_url else "/"
        url = f"http://127.0.0.1:{port}{base}{department.slug}/roller.html"
        assert wait_for(url, department.leader.name)
        path.write_text(path.read_text(encoding="utf-8").replace(department.leader.name, "Live Forhåndsvisning"),
                        encoding="utf-8")
        assert wait_for(url, "Live Forhåndsvisning")
    finally:
        server.terminate()
        server.wait(timeout=10)
