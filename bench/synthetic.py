"""Synthetic departments for the benchmark: the examples, copied under new names and slugs."""

from __future__ import annotations

import re
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


def danish_only(config: Path, line: str = "editions: [da]") -> None:
    """The project of `config` in Danish alone: the site's editions (`line`), the English guide removed, and each
    department file's texts written in Danish only, as a site without an English edition would have them."""
    config.write_text(re.sub(r"^editions: .*$", line, config.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")
    shutil.rmtree(config.parent / "content" / "guide" / "en")
    for path in (config.parent / "content" / "departments").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_in_danish(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


def _in_danish(value: object) -> object:
    if isinstance(value, dict) and value and set(value) <= {"da", "en"}:
        return value["da"]
    if isinstance(value, dict):
        return {key: _in_danish(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_danish(item) for item in value]
    return value
