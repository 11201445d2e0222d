"""The meeting plan's form as the page's HTML block: `{{ meeting_plan() }}` in a guide page.

templates/plan.html is the form that theme/assets/javascripts/plan.js turns
into a dated plan, a calendar file and a welcome letter: the department's
meeting rules, names and handbook address go into its data-* attributes, the
department's own text about the first day (the pre_arrival item marked first_day) into a hidden part the letter
quotes. Like the fillable forms and the cards it is kept out of Markdown and of
search (blocks.py).
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from ..inputs.models import Department, SiteConfig
from .agenda import AgendaPoint
from .links import PageStyle, handbook_url


def plan_html(environment: jinja2.Environment, department: Department, config: SiteConfig,
              agenda: tuple[AgendaPoint, ...], style: PageStyle,
              markdown: Callable[[str | None], Markup], folder: str = "") -> Markup:
    """The plan's form, letter and first-day text: one raw HTML block, no blank lines.

    `agenda` gives the calendar file its points (render/agenda.py); `markdown` renders the
    department's first-day text safely, as on the pages; `folder` is the edition's within the handbook.
    """
    html = environment.get_template("plan.html").render(
        dept=department, mt=department.meetings, site=config, agenda=agenda,
        handbook_url=handbook_url(department, config, folder) or "", button_class=style.button_class,
        primary_button_class=style.primary_button_class, markdown=markdown)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
