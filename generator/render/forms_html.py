"""A fillable form as the page's HTML block: `{{ form("NAME") }}` in a guide page.

templates/form.html turns the form's layout for a department (generator/layout.py)
into one HTML block; the link to the form's PDF, labelled by the definition's
`pdf_label`, stands just above it.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from ..inputs.forms import FormLibrary
from ..inputs.models import Department, SiteConfig
from ..layout import copies
from .links import PageStyle, download_link, pdf_href


def pdf_link(forms: FormLibrary, name: str, style: PageStyle) -> Markup:
    """The download link for a form's PDF, labelled by its definition."""
    return download_link(name, forms.form(name).pdf_label, style)


def form_html(environment: jinja2.Environment, forms: FormLibrary, name: str, department: Department,
              config: SiteConfig, style: PageStyle) -> Markup:
    """The form's HTML: one raw block, no blank lines, every line starting at column 0. Each copy of the form
    leads with the link to its PDF and its print button."""
    html = environment.get_template("form.html").render(
        form=forms.form(name), copies=copies(forms.form(name), department), department=department, config=config,
        style=style, pdf_href=pdf_href(name))
    lines = (line.strip() for line in html.splitlines())
    return Markup("\n".join(line for line in lines if line) + "\n")
