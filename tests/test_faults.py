"""Nothing lost, whatever the input or the fault (issue 9): output_dir that is not ours, killed builds,
a damaged cache, and faults of the machine (full disk, no access, read-only) all end in one Danish line,
with the published site as it was."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_built, copy_project, handbook
from test_build import EXAMPLES, tree_digest
from test_incremental import change_department

pytestmark = pytest.mark.danish_alone   # conftest.py: the example in Danish alone

OUTPUT_LINE = 7   # the line of output_dir in the example site_config.yml


def set_output_dir(project: Path, value: str) -> None:
    config = project / "site_config.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    assert lines[OUTPUT_LINE - 1].startswith("output_dir:")
    lines[OUTPUT_LINE - 1] = f"output_dir: '{value}'"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def everything(folder: Path) -> dict[str, str]:
    """Every file below folder, by content, and every folder, so a deleted empty folder shows too."""
    digest = tree_digest(folder)
    digest.update({str(p.relative_to(folder)) + "/": "" for p in folder.rglob("*") if p.is_dir()})
    return digest


def one_clean_line(result: subprocess.CompletedProcess, start: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith(start)]
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- 1. output_dir --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [".", "./", "content", "content/departments", "theme", "site_config.yml", "..",
                                   "/", ".cache", "PARENT", "PROJECT", "FOREIGN"])
def test_an_output_dir_that_is_not_ours_is_refused_and_nothing_is_touched(html_built, tmp_path, value):
    project = copy_built(html_built, tmp_path / "scratch" / "project")
    (project / "content" / "extra.txt").write_text("min egen fil", encoding="utf-8")
    if value == "FOREIGN":
        (project / "foreign").mkdir()
        (project / "foreign" / "notes.txt").write_text("andres filer", encoding="utf-8")
    value = {"PARENT": str(project.parent), "PROJECT": str(project), "FOREIGN": "foreign"}.get(value, value)
    set_output_dir(project, value)
    before = everything(tmp_path / "scratch")
    result = handbook("build", "--no-pdf", cwd=project, check=False)
    line = one_clean_line(result, "site_config.yml:")
    assert line.startswith(f"site_config.yml:{OUTPUT_LINE}: output_dir:"), line
    assert everything(tmp_path / "scratch") == before


@pytest.mark.parametrize("value", ["content", ".", "site_config.yml"])
def test_validate_names_an_output_dir_that_would_delete_the_project(fresh_project, value):
    """What output_dir may never be is an input mistake: validate says so, as build does."""
    set_output_dir(fresh_project, value)
    result = handbook("validate", "--no-pdf", cwd=fresh_project, check=False)
    line = one_clean_line(result, "site_config.yml:")
    assert result.returncode == 1 and line.startswith(f"site_config.yml:{OUTPUT_LINE}: output_dir:"), line


def test_an_output_dir_holding_the_hospitals_logo_is_refused(built_project):
    (built_project / "site" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>Logo</title></svg>', encoding="utf-8")
    config = built_project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "branding:\n  logo: site/logo.svg\n", encoding="utf-8")
    result = handbook("build", "--no-pdf", cwd=built_project, check=False)
    line = one_clean_line(result, "site_config.yml:")
    assert line.startswith(f"site_config.yml:{OUTPUT_LINE}: output_dir:") and "site/logo.svg" in line, line
    assert (built_project / "site" / "logo.svg").is_file()


def test_an_empty_missing_or_own_output_dir_is_published_to(fresh_project):
    (fresh_project / "empty").mkdir()
    set_output_dir(fresh_project, "empty")
    handbook("build", "--no-pdf", cwd=fresh_project)
    assert (fresh_project / "empty" / "index.html").is_file()
    set_output_dir(fresh_project, "missing/site")
    handbook("build", "--no-pdf", cwd=fresh_project)
    assert (fresh_project / "missing/site/index.html").is_file()
    change_department(fresh_project, EXAMPLES[0].slug, "Omdøbt")
    handbook("build", "--no-pdf", cwd=fresh_project)
    assert "Omdøbt" in (fresh_project / "missing/site/index.html").read_text(encoding="utf-8")


def test_a_publish_that_changes_nothing_leaves_the_output_byte_identical(built_project):
    before = everything(built_project / "site")
    shutil.rmtree(built_project / ".cache")   # forces a full build and publish of the very same site
    handbook("build", "--no-pdf", cwd=built_project)
    assert everything(built_project / "site") == before


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of its own: another file system than the project's."""
    folder = tmp_path / "mount"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount is not permitted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_output_dir_on_another_file_system(fresh_project, mounted):
    assert os.stat(mounted).st_dev != os.stat(fresh_project).st_dev
    set_output_dir(fresh_project, str(mounted / "www"))
    handbook("build", "--no-pdf", cwd=fresh_project)
    first = everything(mounted / "www")
    change_department(fresh_project, EXAMPLES[0].slug, "Omdøbt")
    handbook("build", "--no-pdf", cwd=fresh_project)
    assert everything(mounted / "www") != first and (mounted / "www" / "index.html").is_file()


# --- 2. a killed build locks no one out -----------------------------------------------------------

def build_processes(project: Path, group: int) -> list[int]:
    """Processes of the build: in the killed one's process group, or with the project in their command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, pgid = stat.rsplit(")", 1)[1].split()[0], int(stat.rsplit(")", 1)[1].split()[3])
        if state != "Z" and (pgid == group or str(project).encode() in cmdline):
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("moment", ["html", "pdf", "publishing"])
def test_a_killed_build_leaves_no_process_and_no_lock(pdf_built_project, moment):
    fresh_project = pdf_built_project
    config = str(fresh_project / "site_config.yml")
    # Every department changed, so that the build is long at the moment it is killed; for the publish, one
    # is enough (the publish stages the whole site however much changed), and the build gets there sooner.
    for department in EXAMPLES[:1] if moment == "publishing" else EXAMPLES:
        change_department(fresh_project, department.slug, f"Ny {department.slug}")
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--jobs", "2", "--config", config],
                               cwd=fresh_project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    seen = {"html": lambda: any((fresh_project / ".cache/handbook/tmp").glob("html-*")),
            "pdf": lambda: any((fresh_project / ".cache/handbook/tmp").glob("pdf-*")),
            "publishing": lambda: any(fresh_project.glob(".site.staging-*"))}[moment]
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if seen():
                break
        except OSError:
            pass
        time.sleep(0.002)
    if process.poll() is not None:
        pytest.skip(f"the build finished before '{moment}' was seen")
    os.kill(process.pid, signal.SIGKILL)   # the parent alone: its workers must follow by themselves
    process.wait()
    deadline = time.monotonic() + 5
    while build_processes(fresh_project, process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert build_processes(fresh_project, process.pid) == []
    started = time.monotonic()
    # Without PDFs: what this asks is only that the next build neither waits nor fails.
    result = handbook("build", "--no-pdf", "--wait", "5", "--config", config, cwd=fresh_project)
    assert time.monotonic() - started < 180
    assert "Venter" not in result.stderr


@pytest.fixture
def lock_held(fresh_project: Path) -> Iterator[int]:
    """The project's build lock, held as a running build holds it."""
    folder = fresh_project / ".cache/handbook"
    folder.mkdir(parents=True)
    descriptor = os.open(folder / "lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    os.write(descriptor, b"12:34:56 (proces 1)\n")
    yield descriptor
    os.close(descriptor)


def test_a_build_that_must_wait_says_so_once_and_gives_up(fresh_project, lock_held):
    result = handbook("build", "--no-pdf", "--wait", "1", cwd=fresh_project, check=False)
    assert result.stderr.count("Venter på en anden bygning, startet kl. 12:34:56") == 1, result.stderr
    line = one_clean_line(result, "Fejl:")
    assert str(fresh_project / ".cache/handbook/lock") in line and "--wait" in line
    assert not (fresh_project / "site").exists()


def test_a_build_that_waits_goes_on_when_the_lock_is_free(fresh_project, lock_held):
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--no-pdf", "--wait", "60"],
                               cwd=fresh_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    first = process.stderr.readline()   # once it waits (however long a loaded machine takes to get there)
    assert first.startswith("Venter på en anden bygning") and process.poll() is None, first
    fcntl.flock(lock_held, fcntl.LOCK_UN)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "Venter på en anden bygning" not in stderr   # said once


# --- 3. the cache cannot hurt the published site --------------------------------------------------

def inodes(folder: Path) -> set[tuple[int, int]]:
    return {(p.stat().st_dev, p.stat().st_ino) for p in folder.rglob("*") if p.is_file()}


def test_the_published_site_shares_no_file_with_the_cache(pdf_built_project):
    change_department(pdf_built_project, EXAMPLES[0].slug, "Omdøbt")
    handbook("build", "--only", EXAMPLES[0].slug, cwd=pdf_built_project)
    assert inodes(pdf_built_project / "site") & inodes(pdf_built_project / ".cache") == set()


def test_a_damaged_cache_entry_is_rebuilt_and_never_reaches_the_site(built_project):
    published = tree_digest(built_project / "site")
    slug = EXAMPLES[0].slug
    cached = built_project / ".cache/handbook/html/da" / slug / "roller.html"
    cached.write_bytes(b"")
    assert tree_digest(built_project / "site") == published
    shutil.rmtree(built_project / "site")
    result = handbook("build", "--no-pdf", cwd=built_project)
    assert f"html/da/{slug}" in result.stderr and "bygget igen" in result.stderr
    assert tree_digest(built_project / "site") == published


@pytest.mark.parametrize("damage", ["key", "published", "jinja", "listing", "wrong types", "cache is a file",
                                    "last good records", "a record is a folder"])
def test_a_garbled_cache_is_no_traceback(built_project, damage):
    cache = built_project / ".cache/handbook"
    if damage == "key":
        for key in cache.glob("*/*/.key"):
            key.write_bytes(b"\xff\xfe garbage")
    elif damage == "last good records":
        for record in cache.glob("good/*.json"):
            record.write_bytes(b"\xff\xfe\x00 garbage")
    elif damage == "a record is a folder":
        record = cache / "good" / f"{EXAMPLES[0].slug}.json"
        record.unlink()
        record.mkdir()
    elif damage == "published":
        (cache / "published").write_bytes(b"\xff\x00\x01")
    elif damage == "jinja":
        for file in cache.glob("jinja/*/*"):
            file.write_bytes(file.read_bytes()[:40] + b"\x00garbage" * 10)
    elif damage == "listing":
        for file in cache.glob("listing/*"):
            file.write_text('{"a": [1, {"b"', encoding="utf-8")
    elif damage == "wrong types":
        for name in ("html", "jinja", "listing", "work"):
            shutil.rmtree(cache / name)
            (cache / name).write_text("ikke en mappe", encoding="utf-8")
        (cache / "published").unlink()
        (cache / "published").mkdir()
        shutil.rmtree(cache / "tmp", ignore_errors=True)
        (cache / "tmp").write_text("x", encoding="utf-8")
    else:
        shutil.rmtree(built_project / ".cache")
        (built_project / ".cache").write_text("x", encoding="utf-8")
    for department in EXAMPLES:
        change_department(built_project, department.slug, f"Ny {department.slug}")
    builds_as_a_clean_build(built_project)


def builds_as_a_clean_build(project: Path) -> None:
    """The next build, over a damaged cache, ends without a traceback and publishes what --clean would."""
    damaged = handbook("build", "--no-pdf", cwd=project)
    assert "Traceback" not in damaged.stderr
    incremental = tree_digest(project / "site")
    handbook("build", "--no-pdf", "--clean", cwd=project)
    assert tree_digest(project / "site") == incremental


def test_garbled_manifests_of_unchanged_departments_are_made_again(built_project):
    """The publish lists an entry's files by its manifest, also for a department published unchanged."""
    for manifest in (built_project / ".cache/handbook").glob("*/*/.manifest"):
        manifest.write_bytes(b"\xff\xfe\x00 garbage")
    change_department(built_project, EXAMPLES[0].slug, "Omdøbt")
    builds_as_a_clean_build(built_project)


def test_garbled_font_subsets_are_made_again_not_replaced_by_another_font(fresh_project):
    """WeasyPrint would set the PDFs in a system font without a word: the subsets are checked by their digest."""
    import pypdf

    slug = EXAMPLES[0].slug
    handbook("build", "--only", slug, "--jobs", "1", cwd=fresh_project)
    subsets = sorted((fresh_project / ".cache/handbook/fonts").glob("*.ttf"))
    assert len(subsets) == 4
    for subset in subsets:
        subset.write_bytes(b"\xff\xfe\x00 garbage")
    change_department(fresh_project, slug, "Omdøbt")
    handbook("build", "--only", slug, "--jobs", "1", cwd=fresh_project)
    for made in (fresh_project / "site" / slug / "pdf").glob("*.pdf"):
        pdf = pypdf.PdfReader(made)
        base_fonts = [str(font.get_object()["/BaseFont"]) for page in pdf.pages
                      for font in (page["/Resources"].get_object().get("/Font") or {}).values()]
        assert base_fonts and all("Handbook-Sans" in font for font in base_fonts), (made.name, base_fonts)


# --- 4. faults of the machine ---------------------------------------------------------------------

def test_a_full_disk_is_one_line_and_the_site_stays(mounted):
    project = mounted / "project"
    copy_project(project)
    handbook("build", "--no-pdf", cwd=project)
    before = tree_digest(project / "site")
    for department in EXAMPLES:
        change_department(project, department.slug, f"Ny {department.slug}")
    free = os.statvfs(mounted).f_bavail * os.statvfs(mounted).f_frsize
    filler = mounted / "filler"
    with open(filler, "wb") as handle:   # leaves about 300 KB: the build runs out of room half way
        handle.write(b"\0" * max(free - 300_000, 0))
    result = handbook("build", "--no-pdf", cwd=project, check=False)
    line = one_clean_line(result, "Fejl:")
    assert "disken er fuld" in line and str(mounted) in line
    assert tree_digest(project / "site") == before
    filler.unlink()
    handbook("build", "--no-pdf", cwd=project)
    assert "Ny " in (project / "site/index.html").read_text(encoding="utf-8")


@pytest.fixture
def nobodys_project() -> Iterator[Path]:
    """A built copy of the project owned by `nobody`, in a folder that user can reach."""
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv to drop privileges")
    base = Path(tempfile.mkdtemp(prefix="handbook-nobody-"))
    base.chmod(0o755)
    project = base / "project"
    copy_project(project)
    subprocess.run(["chown", "-R", "nobody:nogroup", str(project)], check=True)
    assert as_nobody(project, "build", "--no-pdf").returncode == 0
    yield project
    subprocess.run(["chmod", "-R", "u+rwX", str(base)], check=False)
    shutil.rmtree(base, ignore_errors=True)


def as_nobody(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "HOME": str(project)})


@pytest.mark.parametrize("fault", ["unreadable departments", "read-only project", "read-only cache"])
def test_no_access_is_one_line_and_the_site_stays(nobodys_project, fault):
    project = nobodys_project
    before = tree_digest(project / "site")
    for department in EXAMPLES:
        change_department(project, department.slug, f"Ny {department.slug}")
    if fault == "unreadable departments":
        (project / "content/departments").chmod(0o000)
        expected = "content/departments"
    elif fault == "read-only project":
        shutil.rmtree(project / ".cache")
        subprocess.run(["chmod", "-R", "a-w", str(project)], check=True)
        expected = str(project)
    else:
        subprocess.run(["chmod", "-R", "a-w", str(project / ".cache")], check=True)
        expected = ".cache"
    result = as_nobody(project, "build", "--no-pdf")
    if fault == "unreadable departments":
        # Found while reading the input: a problem at site_config.yml's departments_dir line.
        line = one_clean_line(result, "site_config.yml:")
        assert "departments_dir" in line and expected in line and "kan ikke læses" in line, line
    else:
        line = one_clean_line(result, "Fejl:")
        assert expected in line and "adgang" in line, line
    assert tree_digest(project / "site") == before


# --- 5. the last tracebacks (issue 18) --------------------------------------------------------------

def children(pid: int) -> list[int]:
    """The living child processes of `pid` (a build's workers), found in /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def build_killing_workers(project: Path, *args: str, every: bool = False, scratch: str = "html-*"
                          ) -> subprocess.CompletedProcess:
    """`build --jobs 2` with its workers killed by SIGKILL: one busy making a task (a `scratch` folder of
    its own in the cache), or `every` one as soon as it is seen."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--jobs", "2", *args], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    killed: set[int] = set()
    while process.poll() is None and (every or not killed):
        workers = children(process.pid)
        # The first HTML task is made before the fork: a scratch folder seen while there are workers is theirs.
        if workers and (every or any((project / ".cache/handbook/tmp").glob(scratch))):
            for worker in workers[: None if every else 1]:
                with contextlib.suppress(OSError):
                    os.kill(worker, signal.SIGKILL)
                    killed.add(worker)
        time.sleep(0.002)
    stdout, stderr = process.communicate(timeout=300)
    assert killed, "no worker was seen"
    assert build_processes(project, process.pid) == []
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.parametrize("moment", ["html", "pdf"])
def test_a_killed_worker_has_its_task_made_again(fresh_project, moment):
    # The PDFs of two departments: one task for each of the two workers.
    args = ("--no-pdf",) if moment == "html" else ("--only", EXAMPLES[0].slug, "--only", EXAMPLES[1].slug)
    result = build_killing_workers(fresh_project, *args, scratch=f"{moment}-*")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    retried = tree_digest(fresh_project / "site")
    handbook("build", *args, "--clean", cwd=fresh_project)
    assert tree_digest(fresh_project / "site") == retried


def test_a_department_whose_worker_dies_twice_fails_alone(fresh_project):
    """The first department is made before the workers are forked; every other one loses its worker twice
    (unless one is quicker than the killing): each is told in one line, and the rest is published."""
    result = build_killing_workers(fresh_project, "--no-pdf", every=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    failed = [line.split(":")[0] for line in result.stderr.splitlines()
              if line.endswith("mangler hukommelse: byg igen, evt. med færre processer (--jobs)")]
    assert failed and all(f"{slug}: byggeprocessen stoppede uventet (signal 9), også da den blev prøvet igen;" in
                          result.stderr for slug in failed), result.stderr
    published = {d.slug for d in EXAMPLES if (fresh_project / "site" / d.slug / "index.html").is_file()}
    assert published == {d.slug for d in EXAMPLES} - set(failed)
    assert f"Ikke udgivet, fordi håndbogen ikke kunne laves: {', '.join(failed)}" in result.stderr
    handbook("build", "--no-pdf", cwd=fresh_project)
    assert all((fresh_project / "site" / d.slug / "index.html").is_file() for d in EXAMPLES)


def only_line(result: subprocess.CompletedProcess, start: str) -> str:
    """The command refused with one Danish line and nothing else."""
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), result.stderr
    for english in ("Error", "Invalid value", "Usage", "Try "):
        assert english not in lines[0]
    return lines[0]


@pytest.mark.parametrize("args, expected", [
    (("build", "--wait", "nan"), "ugyldig værdi for '--wait': 'nan' er ikke et antal sekunder"),
    (("build", "--wait", "-1"), "ugyldig værdi for '--wait': '-1' er ikke et antal sekunder"),
    (("build", "--wait", "inf"), "ugyldig værdi for '--wait': 'inf' er ikke et antal sekunder"),
    (("build", "--jobs", "0"), "ugyldig værdi for '--jobs': '0' er ikke et helt tal på mindst 1"),
    (("build", "--jobs", "to"), "ugyldig værdi for '--jobs': 'to' er ikke et helt tal på mindst 1"),
    (("serve", EXAMPLES[0].slug, "--host", "127.0.0.1:99999"), "porten '99999' er ikke et tal fra 1 til 65535"),
    (("serve", EXAMPLES[0].slug, "--host", "127.0.0.1:0"), "porten '0' er ikke et tal fra 1 til 65535"),
    (("serve", EXAMPLES[0].slug, "--host", "intra.example.dk:8000"), "værten 'intra.example.dk' er hverken"),
    (("serve", EXAMPLES[0].slug, "--host", "8000"), "'8000' mangler værten foran porten"),
    (("build", "--bogus"), "ukendt tilvalg '--bogus'"),
    (("build", "--jbos", "2"), "ukendt tilvalg '--jbos' (mente du --jobs?)"),
    (("build", "--only"), "tilvalget '--only' skal have en værdi"),
    (("build", "akutafdelingen"), "for mange argumenter: akutafdelingen"),
    (("serve",), "argumentet 'SLUG' mangler"),
    (("new", "ny-afdeling"), "tilvalget '--name' mangler"),
    (("biuld",), "ukendt kommando 'biuld' (forventet en af: build, eject, new, schema, serve, validate)"),
])
def test_a_bad_command_line_is_one_danish_line(fresh_project, lock_held, args, expected):
    """Refused before anything is done: `--wait nan` does not wait for the held lock for ever."""
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=fresh_project, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert expected in only_line(result, "Fejl: ")


@pytest.fixture
def open_project() -> Iterator[Path]:
    """A copy of the project that any user (`nobody` too) may read, in a folder it can reach."""
    base = Path(tempfile.mkdtemp(prefix="handbook-open-"))
    base.chmod(0o755)
    copy_project(base / "project")
    yield base / "project"
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("config", ["missing", "folder", "unreadable"])
def test_a_site_config_that_cannot_be_read_is_a_problem_at_the_file(open_project, config):
    command = [sys.executable, "-m", "generator", "validate"]
    expected = "site_config.yml:1: (fil): "
    if config == "missing":
        command += ["--config", "andet.yml"]
        expected = "andet.yml:1: (fil): filen findes ikke"
    elif config == "folder":
        (open_project / "site_config.yml").unlink()
        (open_project / "site_config.yml").mkdir()
        expected += "er en mappe, ikke en fil"
    else:
        if shutil.which("setpriv") is None or os.geteuid() != 0:
            pytest.skip("needs root and setpriv to drop privileges")
        (open_project / "site_config.yml").chmod(0o000)
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
        expected += "filen kan ikke læses: brugeren har ikke adgang til den"
    result = subprocess.run(command, cwd=open_project, capture_output=True, text=True)
    assert result.returncode == 1 and "Invalid value" not in result.stderr
    assert one_clean_line(result, expected.split(":")[0]).startswith(expected), result.stderr


RECURSIVE_MACRO = "{% macro uendelig(n) %}{{ uendelig(n + 1) }}{% endmacro %}"


@pytest.mark.parametrize("command", [("validate",), ("build", "--no-pdf")])
def test_a_recursive_guide_macro_is_a_problem_at_its_line(fresh_project, command):
    guide = fresh_project / "content/guide/da"
    macros = guide / "_macros.j2"
    text = macros.read_text(encoding="utf-8").rstrip("\n") + "\n"
    macros.write_text(text + RECURSIVE_MACRO + "\n", encoding="utf-8")
    line = text.count("\n") + 1
    page = guide / "roller.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ m.uendelig(1) }}\n", encoding="utf-8")
    result = handbook(*command, cwd=fresh_project, check=False)
    problem = one_clean_line(result, "content/guide/")
    assert problem.startswith(f"content/guide/da/_macros.j2:{line}: (skabelon): fejl i sidens skabelon: den kalder "
                              "sig selv uden ende"), problem
    assert not (fresh_project / "site").exists()
