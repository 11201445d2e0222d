"""Form definitions (content/forms/*.yml) and their HTML; filled in by the forms issue."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .config.models import Department, SiteConfig


@dataclass(frozen=True)
class FormLibrary:
    @classmethod
    def load(cls, project) -> "FormLibrary":
        return cls()

    def render(self, name: str, department: Department, config: SiteConfig) -> Markup:
        return Markup(f'<form data-handbook-form="{name}"></form>')

    def render_cards(self, department: Department, config: SiteConfig) -> Markup:
        return Markup('<div class="support-cards"></div>')
