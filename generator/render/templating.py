"""The two Jinja environments of render: the generator's own templates, and the guide's pages.

Both are made by the build's `Renderer` and owned by it, so a build's
bytecode cache is given to them when they are made, never set afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .textsafety import plain

TEMPLATES = Path(__file__).parent / "templates"


def _one_line(value: str) -> Markup:
    """Text for a textarea on one line: a page's HTML block must have no blank lines."""
    return Markup(str(escape(value)).replace("\r\n", "\n").replace("\n", "&#10;"))


def sentence(text: str) -> str:
    """A department's short text as a sentence: a capital first letter and a full stop at the end.

    The words are the department's (data, never rewritten); only the first letter and the end
    change: "planlægger introduktionen" -> "Planlægger introduktionen.", "Spørg på kontoret!" stays.
    """
    words = " ".join(str(text).split())
    if not words:
        return ""
    words = words[0].upper() + words[1:]
    if words[-1] in ",;:":
        words = words[:-1].rstrip()
    return words if words[-1] in ".!?…" else words + "."


def sentences(items: Iterable[str]) -> str:
    """A list of short texts (a role's duties) as running sentences, not a comma list."""
    return " ".join(s for s in (sentence(item) for item in items) if s)


# Danish style writes the numbers one to twelve in words in running text ("seks mentormøder", "hver fjerde
# uge"); one is "én" or "ét" by the noun's gender, accented so it is not read as the article.
_NUMBERS = ("nul", "én", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv")
_EVERY = {1: "hver", 2: "hver anden", 3: "hver tredje", 4: "hver fjerde", 5: "hver femte", 6: "hver sjette",
          7: "hver syvende", 8: "hver ottende", 9: "hver niende", 10: "hver tiende", 11: "hver ellevte",
          12: "hver tolvte"}


def number(n: int, neuter: bool = False) -> str:
    """A number as running text writes it: one to twelve in words, larger ones in digits."""
    if n == 1 and neuter:
        return "ét"
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def count(n: int, one: str, many: str, neuter: bool = False) -> str:
    """A number with its noun: "ét møde", "seks mentormøder", "30 dage"."""
    return f"{number(n, neuter)} {one if n == 1 else many}"


def every(n: int, unit: str) -> str:
    """How often: "hver uge", "hver fjerde uge", "hver 14. uge"."""
    return f"{_EVERY.get(n, f'hver {n}.')} {unit}"


def _install_words(environment: jinja2.Environment) -> None:
    environment.globals.update(number=number, count=count, every=every)


def own_environment(compiled: jinja2.BytecodeCache | None) -> jinja2.Environment:
    """The forms', cards' and print documents' templates (render/templates/)."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                     bytecode_cache=compiled)
    environment.filters["one_line"] = _one_line
    environment.filters["sentences"] = sentences
    _install_words(environment)
    return environment


@jinja2.pass_context
def _markdown(context: jinja2.runtime.Context, text: str | None) -> Markup:
    """`{{ dept.welcome | markdown }}`: a department's Markdown field, as the page's medium (screen or paper)
    renders it: the render context's `department_markdown`."""
    render: Callable[[str | None], Markup] = context["department_markdown"]
    return render(text)


def guide_environment(folder: Path, compiled: jinja2.BytecodeCache | None) -> jinja2.Environment:
    """The guide's pages: Markdown templates in which every department value is plain text."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        finalize=plain,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=compiled,
    )
    environment.filters["markdown"] = _markdown
    environment.filters["sentences"] = sentences
    _install_words(environment)
    return environment
