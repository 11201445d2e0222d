"""The generator's own HTML templates (generator/templates/): forms, cards and PDFs share one environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


def _one_line(value: str) -> Markup:
    """Text for a textarea on one line: a page's HTML block must have no blank lines."""
    return Markup(str(escape(value)).replace("\r\n", "\n").replace("\n", "&#10;"))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    result = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    result.filters["one_line"] = _one_line
    return result


def keep_compiled(cache: jinja2.BytecodeCache) -> None:
    """Reuse compiled templates across runs (a build calls this once, before rendering anything)."""
    environment().bytecode_cache = cache
