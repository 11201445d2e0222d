"""Shared fixtures: a copy of the project in a temp folder, built the way a user builds it."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from synthetic import danish_only

ROOT = Path(__file__).resolve().parent.parent

# The modules with the longest tests first: xdist hands tests to its workers in this order, so the long ones
# start early and a run does not end with one worker finishing a long test alone (within a module the order
# is kept).
_FIRST = ("test_secretary", "test_pdf", "test_faults", "test_editions", "test_cards", "test_incremental",
          "test_forms_browser", "test_plan_browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        return _FIRST.index(module) if module in _FIRST else len(_FIRST)

    items.sort(key=rank)


def copy_project(target: Path) -> Path:
    """The project's inputs (config, content, theme) in a fresh folder; returns its site_config.yml."""
    target.mkdir(parents=True, exist_ok=True)
    # Copied as files just saved, not with the checkout's times: a department's "last updated" is the file's
    # date outside git, and copies made at different times must say the same.
    shutil.copy(ROOT / "site_config.yml", target / "site_config.yml")
    shutil.copytree(ROOT / "content", target / "content", copy_function=shutil.copy)
    shutil.copytree(ROOT / "theme", target / "theme", copy_function=shutil.copy)
    return target / "site_config.yml"


def handbook(*args: str, cwd: Path, check: bool = True, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess:
    """Run the real command line, as a user does (`env`: variables set on top of this process's)."""
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **env} if env else None)
    if check and result.returncode != 0:
        raise AssertionError(f"handbook {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


# Debian's Chromium, started as root without a sandbox and without its calls home (no network here).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (Playwright drives /usr/bin/chromium; it downloads none)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def serious_axe_violations(page) -> list:
    """axe-core's serious and critical WCAG findings on the page (id, impact, first targets)."""
    from axe_playwright_python.sync_playwright import Axe

    # preload off: axe would fetch the style sheets again by XHR, which file:// refuses (a console error).
    results = Axe().run(page, options={"preload": False, "resultTypes": ["violations"]})
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def built_once(tmp_path_factory, worker_id: str, name: str, *build_args: str, danish: bool = False) -> Path:
    """The example project built with `build_args`, once a test run however many xdist workers share it: the
    first to ask builds it (with both cores) while the others wait on its lock, then all read the same copy.
    `danish`: the project in Danish alone (see danish_project)."""
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if worker_id != "master" else root   # the run's folder, above each worker's own
    folder, done = shared / f"shared-{name}", shared / f"shared-{name}.done"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)   # a worker that failed half-way
            config = copy_project(folder)
            if danish:
                danish_only(config)
            handbook("build", "--jobs", "2", *build_args, cwd=folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def project_dir(tmp_path_factory, worker_id) -> Path:
    """A built copy of the example project, HTML and PDFs, shared by every test that only reads it."""
    return built_once(tmp_path_factory, worker_id, "project")


@pytest.fixture(scope="session")
def site(project_dir: Path) -> Path:
    return project_dir / "site"


@pytest.fixture(scope="session")
def html_built(tmp_path_factory, worker_id) -> Path:
    """The example project as `handbook build --no-pdf` leaves it (site and cache), built once a test run;
    `built_project` gives each test a copy to change."""
    return built_once(tmp_path_factory, worker_id, "html-built", "--no-pdf")


def copy_built(source: Path, target: Path) -> Path:
    """A built project copied with its site and cache, times kept: the copy is what a build there would
    have left (the cache's record names the output folder from the project's folder)."""
    shutil.copytree(source, target, symlinks=True)
    return target


# `pytestmark = pytest.mark.danish_alone` in a module: its projects (fresh_project, built_project,
# pdf_built_project) are the example in Danish alone (`editions: [da]`, no English guide, each department's
# texts in Danish: bench/synthetic.danish_only). For the modules that try the machinery every edition shares
# (faults, the cache, the secretary's messages, links, fonts), not the editions (tests/test_editions.py):
# each of their builds makes half as much.
def danish_alone(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("danish_alone") is not None


@pytest.fixture(scope="session")
def html_built_danish(tmp_path_factory, worker_id) -> Path:
    return built_once(tmp_path_factory, worker_id, "html-built-da", "--no-pdf", danish=True)


@pytest.fixture(scope="session")
def project_dir_danish(tmp_path_factory, worker_id) -> Path:
    return built_once(tmp_path_factory, worker_id, "project-da", danish=True)


@pytest.fixture
def built_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of the example project built without PDFs, to change."""
    built = request.getfixturevalue("html_built_danish" if danish_alone(request) else "html_built")
    return copy_built(built, tmp_path / "project")


@pytest.fixture
def pdf_built_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of the example project built with its PDFs, to change."""
    built = request.getfixturevalue("project_dir_danish" if danish_alone(request) else "project_dir")
    return copy_built(built, tmp_path / "built-project")   # beside a test's fresh_project


@pytest.fixture
def fresh_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """An unbuilt copy of the example project that a test may change."""
    config = copy_project(tmp_path / "project")
    if danish_alone(request):
        danish_only(config)
    return tmp_path / "project"


# A pseudo-language edition: every word of the catalogs and of the forms' texts between these marks, so that a
# page or PDF shows at a glance which words did not come through them. German is its language: one that
# Material and the search know, and that no other test uses.
PSEUDO = "de"
OPEN, CLOSE = "⟦", "⟧"


def pseudo_words(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def add_pseudo_edition(project: Path, code: str = PSEUDO) -> None:
    """Give the project at `project` an edition `code` whose catalog and form texts are the Danish ones marked
    (pseudo_words), and whose guide pages are the Danish ones; site_config.yml lists it after the others."""
    from babel.messages.pofile import read_po, write_po

    guide, forms = project / "content" / "guide", project / "content" / "forms"
    shutil.copytree(guide / "da", guide / code, ignore=shutil.ignore_patterns("messages.po"))
    with open(ROOT / "generator" / "locale" / "messages.pot", "rb") as handle:
        catalog = read_po(handle, locale=code)
    for message in catalog:
        if message.id:
            message.string = (tuple(pseudo_words(form) for form in message.id) if isinstance(message.id, tuple)
                              else pseudo_words(message.id))
    with open(guide / code / "messages.po", "wb") as handle:
        write_po(handle, catalog)
    (forms / code).mkdir()
    for definition in sorted(forms.glob("*.yml")):
        texts = _form_texts(yaml.safe_load(definition.read_text(encoding="utf-8")))
        (forms / code / definition.name).write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    config = project / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    editions = re.search(r"^editions: \[(.*?)\]", text, flags=re.M)
    listed = editions.group(1) if editions else "da"
    text = re.sub(r"^(language: da|editions: \[.*?\])", f"editions: [{listed}, {code}]", text, flags=re.M)
    config.write_text(text, encoding="utf-8")


_FORM_TEXTS = {"form": ("title", "short_title", "intro", "pdf_label"), "section": ("title", "hint", "examples"),
               "field": ("label", "hint", "unit")}


def _form_texts(definition: dict) -> dict:
    """A form definition's texts, marked, in the shape of forms_dir/CODE/NAME.yml."""
    def marked(item: dict, keys: tuple[str, ...]) -> dict:
        return {key: [pseudo_words(e) for e in item[key]] if isinstance(item[key], list) else pseudo_words(item[key])
                for key in keys if key in item}

    texts = marked({"pdf_label": "Hent som PDF", **definition}, _FORM_TEXTS["form"])
    texts["sections"] = {section["id"]: {**marked(section, _FORM_TEXTS["section"]), "fields": {
        field["id"]: marked(field, _FORM_TEXTS["field"]) for field in section["fields"]}}
        for section in definition["sections"]}
    return texts


def console_errors(into: list) -> Callable:
    """A page's console handler that keeps its errors in `into`, but for one harmless refusal: Chrome does not
    let a page opened from disk (file://) fetch a file, and Material fetches sitemap.xml beside each
    <link rel="alternate"> (the same page in the other editions) to map pages to their translations. Over http
    the file is there; from disk Material does without it, and the links lead to the right page anyway."""
    def record(message) -> None:
        resource = (message.location or {}).get("url", "")
        if message.type == "error" and not (resource.endswith("/sitemap.xml")
                                            or re.search(r"sitemap\.xml' from origin 'null'", message.text)):
            into.append(message.text)
    return record
