"""Synthetic departments for the benchmark: the examples, copied under new names and slugs."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make_project(folder: Path, count: int) -> Path:
    """A project in `folder` with `count` departments made from the examples; returns its site_config.yml."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "site_config.yml", folder / "site_config.yml")
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("departments"))
    shutil.copytree(ROOT / "theme", folder / "theme")
    departments = folder / "content" / "departments"
    departments.mkdir()
    examples = sorted((ROOT / "content" / "departments").glob("*.yml"))
    for number in range(count):
        source = examples[number % len(examples)]
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["name"] = f"{data['name']} {number + 1}"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (departments / f"{source.stem}-{number + 1:03d}.yml").write_text(text, encoding="utf-8")
    return folder / "site_config.yml"
