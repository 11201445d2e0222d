"""Problems found in the input, reported one per line as FILE:LINE: FIELD: message (expected ...),
and the two other ways a command ends without a traceback (BuildFailed, CommandRefused)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    expected: str = ""
    level: str = "error"   # "error", "warning" (an error under --strict) or "note" (never an error)

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field or '(fil)'}: {self.message}"
        return f"{text} (forventet: {self.expected})" if self.expected else text


class InputError(Exception):
    """Raised with every problem found, so the user can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    # Builds run in worker processes; the problems must survive the trip back.
    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        return (InputError, (self.problems,))


class BuildFailed(Exception):
    """A department could not be built although its input was valid; the message says which and why."""


class CommandRefused(Exception):
    """A command cannot do what was asked (an unknown slug, a folder in use); nothing was changed."""


def display_path(path: Path, root: Path) -> str:
    """The path as the user sees it in the project: relative to the folder of site_config.yml."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        pass
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def block_text_hint(field: object, value: object) -> str:
    """What to write instead, when a text was read as keys or as a list (`value`): a colon after a word, or a
    line starting with "- ", makes YAML read it so, unless the text is a block (`|`). The example is the
    text's own first line."""
    if isinstance(value, dict) and value:
        key, item = next(iter(value.items()))
        first = f"{key}: {item if item is not None else ''}".rstrip()
    elif isinstance(value, list) and value:
        first = f"- {value[0]}"
    else:
        first = "..."
    return (f"'{field}: |' og teksten på linjerne under, rykket to mellemrum ind (så må den rumme kolon og "
            f"linjer med '- '), her '{field}: |' og på næste linje '  {first[:40]}'")
