"""Strict YAML reading: plain data plus the line of every key, nothing executed.

PyYAML's safe loader silently keeps the last of two equal keys and forgets
where each value came from. We compose the node tree ourselves so that
duplicate keys become errors and every value keeps its line for messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, display_path

Location = tuple[str | int, ...]

# Only the tags plain YAML data uses; anything else (e.g. !!python/object)
# would ask a loader to construct objects, which input must never do.
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

# libyaml's parser, where PyYAML has it, reads a file several times faster; both give line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A guard against alias bombs ("billion laughs"): real department files hold
# a few hundred values at most.
_MAX_VALUES = 50_000


@dataclass
class YamlDocument:
    """The data of one YAML file and the line on which each location starts."""

    file: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of the location, or of its nearest ancestor that has one."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.lines: dict[Location, int] = {}
        self.count = 0
        self._scalar_loader = yaml.SafeLoader("")

    def value(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > _MAX_VALUES:
            raise _TooLarge(node.start_mark.line + 1)
        self.lines.setdefault(location, node.start_mark.line + 1)
        if node.tag not in _ALLOWED_TAGS:
            self._problem(node, location, f"YAML-mærket {node.tag!r} er ikke tilladt",
                          "almindelig tekst, tal, lister og nøgler")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, location + (i,)) for i, item in enumerate(node.value)]
        return self._scalar_loader.construct_object(node)

    def mapping(self, node: yaml.MappingNode, location: Location) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, location)
            if key is None:
                continue
            key_location = location + (key,)
            if key in result:
                first = self.lines[key_location]
                self._problem(key_node, key_location, f"nøglen '{key}' står her for anden gang (første gang på linje {first})",
                              "hver nøgle én gang")
                continue
            self.lines[key_location] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, key_location)
        return result

    def _key(self, node: yaml.Node, location: Location) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            return node.value
        if isinstance(node, yaml.ScalarNode) and node.value == "<<":
            self._problem(node, location, "YAML-fletning ('<<') understøttes ikke", "skriv værdierne ud")
        else:
            self._problem(node, location, "en nøgle skal være et ord", "fx name:")
        return None

    def _problem(self, node: yaml.Node, location: Location, message: str, expected: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, dotted(location), message, expected))


class _TooLarge(Exception):
    def __init__(self, line: int):
        self.line = line


def dotted(location: Location) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_yaml(path: Path, file: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file; return its document, or None and the problems that stop it."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, "", "filen er ikke gemt som UTF-8",
                              "gem filen som UTF-8 (Unicode) i din editor")]
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        return None, [Problem(file, line, "", f"YAML-fejl: {what}",
                              "gyldig YAML; tjek indrykning, kolon og anførselstegn")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, "", f"YAML-fejl: {exc}", "gyldig YAML")]
    if node is None:
        return YamlDocument(file, {}, {(): 1}), []
    reader = _Reader(file)
    try:
        data = reader.value(node, ())
    except _TooLarge as exc:
        return None, [Problem(file, exc.line, "", "filen udfolder sig til alt for mange værdier",
                              f"højst {_MAX_VALUES} værdier; brug ikke YAML-aliaser (*navn)")]
    return YamlDocument(file, data, reader.lines), reader.problems


YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class SourceFile:
    """One YAML file of a folder: where it is, how it is named in messages, and what it holds."""

    path: Path
    file: str
    document: YamlDocument | None
    problems: list[Problem]


def read_folder(folder: Path, root: Path, example: str) -> list[SourceFile]:
    """Every YAML file in a folder, in name order, each read strictly and required to be a mapping.

    `example` shows a first key of such a file, for the message when a file is something else.
    """
    found = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file()):
        file = display_path(path, root)
        document, problems = read_yaml(path, file)
        if document is not None and not isinstance(document.data, dict):
            document, problems = None, [Problem(file, 1, "", "filen skal bestå af nøgler", f"fx {example}")]
        found.append(SourceFile(path, file, document, problems))
    return found
