"""The batch build's MkDocs plugin: pages from memory, forms and cards put back after search indexed the page.

It does for a batch build what hooks.py and the docs folder do in an ejected
project, and keeps the theme's shared files out of each handbook.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from mkdocs.plugins import BasePlugin

from ...render.handbook import Handbook
from . import hooks
from .config import page_markdown
from .hooks import framed, placeholder


def _walk_order(name: str) -> tuple[tuple[str, ...], bool, str]:
    # The order in which MkDocs' get_files would meet the file in docs_dir (index first in each
    # folder); pages are built and indexed for search in this order.
    path = PurePosixPath(name)
    return (path.parent.parts, path.stem not in ("index", "README"), path.name)


class BatchPlugin(BasePlugin):
    """An MkDocs plugin object for batch builds, doing what eject does with files and hooks.py:
    the pages come from memory, the forms and cards (kept out of Markdown and search as
    placeholders) go back in after indexing, and shared theme files stay out of the handbook."""

    def __init__(self, handbook: Handbook):
        super().__init__()
        self.pages = {page.name: page for page in handbook.pages}
        self.assets = dict(handbook.assets)

    # Runs after the search plugin (priority below), as mkdocs_hooks does in an ejected project.
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        source = self.pages.get(page.file.src_uri)
        # The same put-back as an ejected project's hooks.py, with the blocks from memory.
        page.hb_blocks = [framed(block.html) for block in (source.blocks if source else ())]
        return hooks.on_page_context(context, page, config, nav)

    on_page_context.mkdocs_priority = -100  # type: ignore[attr-defined]  # what event_priority(-100) sets

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        return hooks.on_post_page(output, page, config)

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        return hooks.on_post_template(output_content, template_name, config)

    # Runs after MkDocs listed docs_dir (empty) and the theme: the handbook's own pages and files, and none of
    # the theme's, which are stored once beside the handbooks (HandbookBuilder.write_theme_assets).
    def on_files(self, files: Any, config: Any) -> Any:
        from mkdocs.structure.files import File, Files

        return Files([File.generated(config, name, content=page_markdown(self.pages[name], placeholder))
                      if name in self.pages else File.generated(config, name, abs_src_path=str(self.assets[name]))
                      for name in sorted([*self.pages, *self.assets], key=_walk_order)])


