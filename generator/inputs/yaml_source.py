"""Strict YAML reading: plain data plus the line of every key, nothing executed.

PyYAML's safe loader silently keeps the last of two equal keys and forgets
where each value came from. We compose the node tree ourselves so that
duplicate keys become errors and every value keeps its line for messages.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
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

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TAG_WORDS = {_INT: "et helt tal (!!int)", "tag:yaml.org,2002:float": "et decimaltal (!!float)",
              "tag:yaml.org,2002:bool": "true eller false (!!bool)", _SEQ: "en liste (!!seq)", _MAP: "nøgler (!!map)"}

# libyaml's parser, where PyYAML has it, reads a file several times faster; both give line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A guard against alias bombs ("billion laughs") of empty values, which MAX_TEXT lets through: real
# department files hold a few hundred values at most.
_MAX_VALUES = 50_000
# Real files nest four or five levels; this is far beyond that, and far below Python's recursion limit.
_MAX_DEPTH = 40
# The most text a file may hold, each alias (*name) counted as the text it stands for. The largest example
# department holds about 5,000 characters: fifty times that is room for any real handbook. 5,000 aliases of one
# long item (a 55 KB file, 99 MB of text) took minutes and 1.4 GB to build, and published 301 MB.
MAX_TEXT = 250_000
# Python will not turn an integer of more than 4300 digits into text, which a message about it must do: a number is
# refused well before, however it is written (0x…, 0b…, 1:59:59…, with a minus).
_MAX_DIGITS = 4000
_TOO_BIG = 10 ** _MAX_DIGITS

# What no text may hold, written in the file or as an escape ("\0", "\x85", "\uFFFE"): C0 controls but tab
# and line breaks, DEL, C1 controls, the Unicode line and paragraph separators, noncharacters and surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ud800-\udfff"
                        + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
                        + "]")
# How such a character is refused, whether typed into the file or written as an escape.
CONTROL_CHARACTER = "er et kontroltegn, som ikke må stå i filen"
CONTROL_CHARACTER_ADVICE = "slet tegnet; det er ofte kopieret med fra et andet program"
# An escape in double quotes as written; an incomplete one (\x4) too, for the message about it.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{0,2}|u[0-9A-Fa-f]{0,4}|U[0-9A-Fa-f]{0,8}|.)", re.DOTALL)
# The line breaks YAML 1.1 counts when it numbers lines.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass
class YamlDocument:
    """The data of one YAML file and the line on which each location starts."""

    file: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    # The text as written of every plain value YAML read as something else (07777777, 78:42:50:00, yes):
    # where a model expects text, that text is what the secretary wrote (inputs/validation.py).
    written: dict[Location, str] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of the location, or of its nearest ancestor that has one."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)

    def where(self, location: Location) -> tuple[str, int, Location]:
        """File, line and location of a problem found in this document (validation's Locator)."""
        return self.file, self.line_of(location), location

    def as_written(self, location: Location) -> str | None:
        """The text as written of a value YAML read as something else (validation's Written)."""
        return self.written.get(location)


class _Reader:
    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self.problems: list[Problem] = []
        self.lines: dict[Location, int] = {}
        self.written: dict[Location, str] = {}
        self.count = 0
        self._scalar_loader = yaml.SafeLoader("")

    @cached_property
    def text_lines(self) -> list[str]:
        # Only a key with an empty value needs its line as written (_comment_for_value).
        return self.text.splitlines()

    def value(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > _MAX_VALUES:
            raise _TooLarge(node.start_mark.line + 1)
        if len(location) > _MAX_DEPTH:
            # Also where an alias refers to itself (a: &a [*a]): the nesting never ends.
            raise _TooDeep(node.start_mark.line + 1)
        self.lines.setdefault(location, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode) and self._forbidden(node, location):
            return None
        if node.tag == _TIMESTAMP and isinstance(node, yaml.ScalarNode):
            return node.value   # a date is text here, as written (2024-01-01)
        if node.tag not in _ALLOWED_TAGS:
            self._problem(node, location, f"YAML-mærket {node.tag!r} er ikke tilladt",
                          "almindelig tekst, tal, lister og nøgler")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, location + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, location)

    def scalar(self, node: yaml.Node, location: Location) -> Any:
        if node.tag == _INT and len(node.value) > _MAX_DIGITS:   # also spares building it (1:59:59… is slow)
            return self._too_long(node, location)
        if node.tag in (_SEQ, _MAP):
            return self._unfit(node, location)
        try:
            value = self._scalar_loader.construct_object(node)
        except (ValueError, KeyError):
            return self._unfit(node, location)
        if isinstance(value, int) and abs(value) >= _TOO_BIG:
            return self._too_long(node, location)
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
        if node.tag != "tag:yaml.org,2002:str" and isinstance(node, yaml.ScalarNode) and not node.style:
            self.written[location] = unicodedata.normalize("NFC", node.value)
        return value

    def _unfit(self, node: yaml.Node, location: Location) -> None:
        """A tag the text does not fit: !!int "abc", !!bool "abc", !!seq abc."""
        kind = _TAG_WORDS.get(node.tag, node.tag)
        self._problem(node, location, f"{_shown(node.value)} kan ikke læses som {kind}", "værdien uden YAML-mærket (!!...)")

    def _too_long(self, node: yaml.Node, location: Location) -> None:
        self._problem(node, location, "tallet er alt for langt",
                      f"et tal med højst {_MAX_DIGITS} cifre, eller tekst i anførselstegn")

    def _forbidden(self, node: yaml.Node, location: Location) -> bool:
        """Whether the scalar holds a character no text may hold (told at its line); raw ones that YAML lets
        through and ones written as an escape get the words the reader's own refusal gets."""
        character = forbidden_character(node.value)
        if character is None:
            return False
        source = self.text[node.start_mark.index:node.end_mark.index]
        escape = _escape_of(source, character) if getattr(node, "style", None) == '"' else None
        at = source.find(character) if escape is None else escape.start()
        line = node.start_mark.line + 1 + len(_LINE_BREAK.findall(source, 0, max(at, 0)))
        code = f"U+{ord(character):04X}"
        if escape is None:
            message, expected = f"tegnet {code} {CONTROL_CHARACTER}", CONTROL_CHARACTER_ADVICE
        else:
            message = f"tegnet {code}, skrevet som {escape.group()}, {CONTROL_CHARACTER}"
            expected = f"slet {escape.group()} fra teksten"
        self.problems.append(Problem(self.file, line, dotted(location), message, expected))
        return True

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
            comment = self._comment_for_value(key_node, value_node)
            if comment:
                self._problem(key_node, key_location, "er tom; et # uden anførselstegn gør resten af linjen til en kommentar",
                              f'værdien i anførselstegn, fx "{comment}"')
                continue
            result[key] = self.value(value_node, key_location)
        return result

    def _comment_for_value(self, key_node: yaml.Node, value_node: yaml.Node) -> str | None:
        """`unit: #A2` without quotes: YAML reads an empty value and a comment; the comment, or None."""
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.tag == _NULL and value_node.value == ""):
            return None
        line = self.text_lines[key_node.end_mark.line]
        rest = line[key_node.end_mark.column:].lstrip().removeprefix(":").strip()
        return rest if rest.startswith("#") and len(rest) > 1 else None

    def _key(self, node: yaml.Node, location: Location) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            return None if self._forbidden(node, location) else unicodedata.normalize("NFC", node.value)
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


class _TooDeep(_TooLarge):
    pass


def forbidden_character(text: str) -> str | None:
    """The first character in `text` that no text of the project may hold, or None."""
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def _escape_of(source: str, character: str) -> re.Match[str] | None:
    """The escape in a double-quoted scalar as written ("\\0", "\\x85") that stands for `character`."""
    for escape in _ESCAPE.finditer(source):
        code = escape.group(1)
        meant = chr(int(code[1:], 16)) if code[0] in "xuU" and len(code) > 1 else \
            yaml.scanner.Scanner.ESCAPE_REPLACEMENTS.get(code)
        if meant == character:
            return escape
    return None


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "..."


def dotted(location: Location) -> str:
    """A location as the messages name a field: dotted, list positions counted from one as people count, in the
    form the editor page uses (mentors.2.name for the second mentor's name), so that it stays one word."""
    return ".".join(str(part + 1) if isinstance(part, int) else part for part in location)


def read_yaml(path: Path, file: str, max_text: int = MAX_TEXT) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file; return its document, or None and the problems that stop it.

    `max_text`: the most characters of text the file may hold, each alias counted as what it stands for.
    """
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
        # A tab in a text block (welcome: |) is fine; only a file that does not read is told about its tabs,
        # which YAML's own message would not name.
        tab = _tab_in_indentation(text)
        if tab:
            return None, [Problem(file, tab, "", "linjen er rykket ind med tabulator (tab-tasten)",
                                  "indrykning med mellemrum, fx to mellemrum pr. niveau")]
        return None, [Problem(file, *_syntax_problem(exc, text))]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else 1
        return None, [Problem(file, line, "", f"tegnet U+{exc.character:04X} {CONTROL_CHARACTER}", CONTROL_CHARACTER_ADVICE)]
    except yaml.YAMLError:
        return None, [Problem(file, 1, "", "filen kan ikke læses som YAML", "gyldig YAML; sammenlign med en anden afdelingsfil")]
    if node is None:
        return YamlDocument(file, {}, {(): 1}), []
    too_much = _too_much_text(text, max_text)
    if too_much:
        line, alias = too_much
        amount = f"højst {max_text:,} tegn tekst i alt".replace(",", ".")
        if alias:
            return None, [Problem(file, line, "", "filen rummer her alt for meget tekst, når hvert YAML-alias (*navn) "
                                  "tæller som den tekst, det står for", f"{amount}; skriv teksten én gang, uden aliaser")]
        return None, [Problem(file, line, "", "filen rummer her alt for meget tekst", f"{amount}; forkort teksterne")]
    reader = _Reader(file, text)
    try:
        data = reader.value(node, ())
    except _TooDeep as exc:
        return None, [Problem(file, exc.line, "", "værdierne er indlejret alt for dybt (eller et YAML-alias peger på sig selv)",
                              f"højst {_MAX_DEPTH} niveauer; brug ikke YAML-aliaser (*navn)")]
    except _TooLarge as exc:
        return None, [Problem(file, exc.line, "", "filen udfolder sig til alt for mange værdier",
                              f"højst {_MAX_VALUES} værdier; brug ikke YAML-aliaser (*navn)")]
    return YamlDocument(file, data, reader.lines, reader.written), reader.problems


def _too_much_text(text: str, limit: int) -> tuple[int, bool] | None:
    """Where the text of the file's keys and values, each alias counted as the text it stands for, first
    passes `limit` characters: the line, and whether an alias passed it; None when it stays within.

    PyYAML's composer puts the anchored node itself where an alias was, losing the alias's line, and would
    build the whole expansion first: a pass over the parser's events keeps each anchor's size instead.
    """
    if ("&" not in text or "*" not in text) and len(text) <= limit:
        return None   # without aliases, a value is never longer than what is written for it
    total = 0
    anchors: dict[str, int] = {}
    collections: list[tuple[str | None, int]] = []   # each open collection: its anchor, and its text so far
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            collections.append((event.anchor, 0))
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = collections.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, len(event.value)
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, anchors.get(event.anchor or "", 0)
        else:
            continue
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            total += size
            if total > limit:
                return (event.start_mark.line + 1 if event.start_mark else 1), isinstance(event, yaml.AliasEvent)
        if anchor:
            anchors[anchor] = size
        if collections:
            parent, so_far = collections[-1]
            collections[-1] = (parent, so_far + size)
    return None


def _tab_in_indentation(text: str) -> int | None:
    """The first line indented with a tab, which YAML does not allow (and editors hide)."""
    for number, line in enumerate(text.splitlines(), start=1):
        indentation = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indentation and line.strip():
            return number
    return None


_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:[^\s/]")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str, str]:
    """(line, field, message, expected) for a YAML syntax error, in words a secretary knows."""
    problem, context = exc.problem or "", exc.context or ""
    at = (exc.problem_mark.line + 1) if exc.problem_mark else 1
    opened = (exc.context_mark.line + 1) if exc.context_mark else at
    lines = text.splitlines()
    if "escape" in problem or "hexdecimal" in problem:
        return _escape_problem(exc, text, at)
    if "quoted scalar" in context:
        return (opened, "", "et anførselstegn åbnes på linjen, men lukkes aldrig",
                "det samme anførselstegn (\" eller ') i begge ender af teksten")
    if "could not find expected ':'" in problem:
        return (opened, "", "der mangler et kolon efter nøglen", "nøgle, kolon, mellemrum og værdi, fx name: Akutafdelingen")
    if "mapping values are not allowed" in problem:
        for number in range(at, 0, -1):
            if number <= len(lines) and _NO_SPACE_AFTER_COLON.match(lines[number - 1]):
                return (number, "", "der mangler et mellemrum efter kolon", "fx name: Akutafdelingen, ikke name:Akutafdelingen")
        return (at, "", "et kolon står et sted, hvor der ikke kan begynde en ny nøgle; indrykningen passer nok ikke",
                "samme indrykning som nøglerne over, eller teksten i anførselstegn")
    if "expected '-' indicator" in problem:
        return (at, "", "indrykningen passer ikke med listen over linjen",
                "hvert punkt i listen starter med '- ' og samme indrykning")
    if "expected key" in problem or "expected <block end>" in problem:
        return (at, "", "indrykningen passer ikke med linjerne over", "samme antal mellemrum som nøglerne på samme niveau")
    return (at, "", "filen kan ikke læses som YAML her", "gyldig YAML; tjek indrykning, kolon og anførselstegn")


def _escape_problem(exc: yaml.MarkedYAMLError, text: str, at: int) -> tuple[int, str, str, str]:
    """An escape in double quotes that YAML cannot read ("\\uD800", "\\q", "\\x4"), named as written."""
    mark = exc.problem_mark
    # libyaml marks the character after the backslash, or the digits after \u, \U or \x.
    start = text.rfind("\\", 0, mark.index + 1) if mark is not None else -1
    found = _ESCAPE.match(text, start) if start >= 0 else None
    written = found.group() if found else "\\"
    problem = exc.problem or ""
    if "invalid Unicode" in problem:
        message = f"escape-koden {written} står ikke for et gyldigt tegn"
    elif "hexdecimal" in problem:
        message = f"escape-koden {written} er ufuldstændig; \\x skal følges af 2 hexcifre, \\u af 4 og \\U af 8"
    else:
        message = f"{written} er ikke en escape-kode, YAML kender"
    return (at, "", message, "tegnet selv i stedet for koden, og \\\\ for en omvendt skråstreg; "
            "eller teksten i enkelte anførselstegn, hvor \\ er en almindelig skråstreg")


YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class SourceFile:
    """One YAML file of a folder: where it is, how it is named in messages, and what it holds."""

    path: Path
    file: str
    document: YamlDocument | None
    problems: list[Problem]


def read_folder(folder: Path, root: Path, example: str, only: tuple[str, ...] = ()) -> list[SourceFile]:
    """Every YAML file in a folder (with `only`, those named so), in name order, each read strictly and
    required to be a mapping. `example` shows a first key of such a file, for when a file is something else.

    A name that cannot be read as a file (a dangling link, a link loop, a folder called x.yml, no
    permission) is a problem of its own: a department must never vanish without a word.
    """
    found = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and (not only or p.stem in only)):
        file = display_path(path, root)
        try:
            document, problems = read_yaml(path, file)
        except OSError as exc:
            found.append(SourceFile(path, file, None, [Problem(file, 1, "", _unreadable(path, exc),
                                                               "en almindelig fil, som den, der bygger, kan læse")]))
            continue
        if document is not None and not isinstance(document.data, dict):
            document, problems = None, [Problem(file, 1, "", "filen skal bestå af nøgler", f"fx {example}")]
        found.append(SourceFile(path, file, document, problems))
    return found


def _unreadable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "filen er en genvej (symlink), der peger på sig selv i ring"
    if path.is_symlink() and not path.exists():
        return "filen er en genvej (symlink), der peger på noget, som ikke findes"
    if path.is_dir():
        return "navnet er en mappe, ikke en fil"
    return f"filen kan ikke læses ({exc.strerror or exc})"
