"""The two Jinja environments of render: the generator's own templates, and the guide's pages.

Both are made by the factory every environment comes from (generator/templating.py), in the edition's
language, by the `Renderer` of that edition, which owns them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..inputs.catalog import Catalog
from ..templating import environment
from .textsafety import plain

TEMPLATES = Path(__file__).parent / "templates"


def own_environment(words: Catalog, compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The forms', cards', plan's and print documents' templates (render/templates/)."""
    return environment(TEMPLATES, words, compiled)


@jinja2.pass_context
def _markdown(context: jinja2.runtime.Context, text: str | None) -> Markup:
    """`{{ dept.welcome | markdown }}`: a department's Markdown field, as the page's medium (screen or paper)
    renders it: the render context's `department_markdown`."""
    render: Callable[[str | None], Markup] = context["department_markdown"]
    return render(text)


def guide_environment(folder: Path, words: Catalog, compiled: jinja2.BytecodeCache | None = None
                      ) -> jinja2.Environment:
    """The guide's pages: Markdown templates in which every department value is plain text."""
    made = environment(folder, words, compiled, finalize=plain, keep_trailing_newline=True)
    made.filters["markdown"] = _markdown
    return made
