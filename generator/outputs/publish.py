"""Publish: assemble a department's parts from the cache into a staging folder, and swap it in.

Nothing is written into the published folder while building; it is replaced
only when everything succeeded, so a failed or killed build leaves it as it was.
The published files share no inode with the cache: what comes from the cache is
copied, and what is unchanged is hard-linked from the previously published site,
whose files are never written again. A file of the published site that was
changed by hand is never linked: it is copied again from the cache, which puts
it back as built. The folder must be this generator's (published.py):
`output_problem` refuses any other before anything is touched.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs.models import Department
from ..inputs.project import Project
from .cache import MANIFEST, BuildCache
from .plan import HTML, PDF, THEME_OUTPUT, Output, Plan, edition_folders, site_prefix
from .portal import write_portals
from .published import PublishedSite, file_digest, write_marker

StrPath = str | os.PathLike[str]


@dataclass(frozen=True)
class Part:
    """One cache entry (by its name, made from `key`) and where its files go in the site (`prefix`)."""

    name: str
    key: str
    prefix: str


@dataclass
class Assembly:
    """What a staging folder was assembled from: the keys of its parts and the digest of every file."""

    keys: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    unrepaired: list[str] = field(default_factory=list)   # changed by hand, and no cache entry to restore from


def staging_dir(output_dir: Path) -> Path:
    """A fresh folder beside the output (same file system, so the swap is a rename)."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = output_dir.parent / f".{output_dir.name}.staging-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


def recover(output_dir: Path) -> None:
    """Finish or undo a swap that a killed build left half done, and sweep its leftovers."""
    parent = output_dir.parent
    old = sorted(parent.glob(f".{output_dir.name}.old-*"))
    if not os.path.lexists(output_dir) and old:
        os.rename(old[-1], output_dir)
        old = old[:-1]
    for leftover in old + sorted(parent.glob(f".{output_dir.name}.staging-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def publish(staging: Path, output_dir: Path) -> None:
    """Make the staging folder the output folder, in one step where the system allows it."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
    elif _exchange(staging, output_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
    else:
        # Two renames; a kill between them is finished by recover() on the next build.
        old = output_dir.parent / f".{output_dir.name}.old-{uuid.uuid4().hex[:8]}"
        os.rename(output_dir, old)
        os.rename(staging, output_dir)
        shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 with RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_current_dir, rename_exchange = -100, 2
    return renameat2(at_current_dir, os.fsencode(first), at_current_dir, os.fsencode(second), rename_exchange) == 0


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def assemble(output_dir: Path, staging: Path, cache: BuildCache, parts: Iterable[Part],
             carried: Iterable[tuple[str, list[Part]]], site: PublishedSite) -> Assembly:
    """The site's parts from the cache into `staging`. `carried`: what this build keeps as it was published
    (a folder of the site, SLUG/ or SLUG/en/, and its parts as they were published); where the cache no
    longer holds a part, its published files are kept."""
    assembly = Assembly()
    for part in parts:
        _place(part, output_dir, staging, cache, site, assembly)
    for folder, published_parts in carried:
        for part in published_parts:
            assembly.keys[part.name] = part.key
            if cache.is_fresh(part.name, part.key):
                _place(part, output_dir, staging, cache, site, assembly)
        _keep_the_rest(folder, output_dir, staging, site, assembly)
    return assembly


def _place(part: Part, output_dir: Path, staging: Path, cache: BuildCache, site: PublishedSite,
           assembly: Assembly) -> None:
    """A cache entry's files into the staging folder: hard links to the same files of the published site
    where it was published from the very same entry and nobody changed them since, else copies, never links,
    of the entry, so no later build or reader of the cache can change a published file."""
    entry = cache.entry(part.name)
    manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    unchanged = site.keys.get(part.name) == part.key
    assembly.keys[part.name] = part.key
    for relative in sorted(manifest):
        name = part.prefix + relative
        destination = staging / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        link = output_dir / name if unchanged and name not in site.changed else None
        _link_or_copy(destination, entry / relative, link)
        assembly.files[name] = manifest[relative]


def _keep_the_rest(prefix: str, output_dir: Path, staging: Path, site: PublishedSite, assembly: Assembly) -> None:
    """The published files under `prefix` that no part placed: linked as they are."""
    for name in sorted(site.files):
        if not name.startswith(prefix) or name in assembly.files or not (output_dir / name).is_file():
            continue
        destination = staging / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(destination, output_dir / name, output_dir / name)
        if name in site.changed:
            assembly.unrepaired.append(name)
            assembly.files[name] = file_digest(destination)
        else:
            assembly.files[name] = site.files[name]


def _link_or_copy(destination: StrPath, copy_from: StrPath, link_to: StrPath | None) -> None:
    """A hard link to `link_to` where there is one and the file system makes the link, else a copy of `copy_from`."""
    if link_to is not None:
        try:
            os.link(link_to, destination)
            return
        except OSError:
            pass
    shutil.copyfile(copy_from, destination)


def output_problem(name: str, site: PublishedSite) -> tuple[str, str] | None:
    """Why the output folder `name` must not be replaced (the message and what to do instead), or None.

    The publish replaces the folder as a whole, so it must be empty or missing, or carry this generator's
    marker and hold nothing else. What output_dir may never be, whatever is on the disk (the project, its
    inputs, a file, a link), inputs/project.py refuses when it loads.
    """
    if not site.foreign:
        return None
    first = site.foreign[0]
    more = f" og {len(site.foreign) - 1} andre" if len(site.foreign) > 1 else ""
    held = (f"rummer '{first}'{more}, som handbook ikke har lavet" if site.marked
            else f"er ikke lavet af handbook og rummer '{first}'{more}")
    return (f"mappen '{name}' {held}; det ville blive slettet ved udgivelsen",
            f"flyt '{first}' ud af mappen (en webservers egne filer hører til uden for den udgivne mappe), "
            "eller vælg en ny eller tom mappe")


def intact_keys(project: Project, site: PublishedSite) -> dict[str, str]:
    """The keys of the published parts whose files nobody changed: only those are linked, not copied."""
    changed, folders = sorted(site.changed), edition_folders(project)
    return {name: key for name, key in site.keys.items()
            if _current(Output.named(name), folders)
            and not any(file.startswith(site_prefix(Output.named(name), folders)) for file in changed)}


def _current(output: Output, folders: dict[str, str]) -> bool:
    """Whether a published output is of an edition the site still has."""
    return not output.edition or output.edition in folders


def publish_site(project: Project, cache: BuildCache, plan: Plan, site: PublishedSite, made: list[str],
                 kept: list[Department], last_good: list[Department], unmade: set[tuple[str, str]]) -> Assembly:
    """The site assembled and published in one step: the departments `made` by this build from their cache
    entries, those it keeps (`kept`: broken or failed, as they were last published; with --only, every other
    published department, as last built `last_good`) from the published site, the theme's files and a portal
    in each edition. `unmade`: (slug, edition) whose other edition could not be made, kept as published."""
    output = project.output_dir
    parts = [Part(THEME_OUTPUT.name, plan.keys[THEME_OUTPUT], "")]
    for slug in made:
        for part in plan.outputs(slug):
            if (slug, part.edition) not in unmade and (part.kind == HTML or part in plan.pdf_published):
                parts.append(Part(part.name, plan.keys[part], plan.prefix(part)))
    carried = [(f"{d.slug}/", _published_parts(site, d.slug, plan)) for d in [*kept, *last_good]]
    carried += [(f"{slug}/{plan.editions[code]}", [part for part in _published_parts(site, slug, plan)
                                                   if Output.named(part.name).edition == code])
                for slug, code in sorted(unmade)]
    staging = staging_dir(output)
    try:
        assembly = assemble(output, staging, cache, parts, carried, site)
        listed = [project.department(slug) for slug in made] + kept + last_good
        for name in write_portals(project, staging, listed):
            assembly.files[name] = file_digest(staging / name)
        write_marker(staging, assembly.keys, assembly.files)
        publish(staging, output)
    except BaseException:
        discard(staging)
        raise
    return assembly


def _published_parts(site: PublishedSite, slug: str, plan: Plan) -> list[Part]:
    """A published department's parts, as the marker names them, in the editions the site still has."""
    published = [Output.named(name) for name in site.keys]
    return [Part(output.name, site.keys[output.name], plan.prefix(output)) for output in published
            if output.slug == slug and output.kind in (HTML, PDF) and _current(output, plan.editions)]


def published_slugs(project: Project, exclude: set[str]) -> list[str]:
    """The departments now published (folders with a front page) that this build does not touch: not the
    site's own folders (the theme's assets, each edition's portal)."""
    output = project.output_dir
    if not output.is_dir():
        return []
    own = exclude | {edition.code for edition in project.editions}
    return sorted(p.name for p in output.iterdir() if p.name not in own and (p / "index.html").is_file())
