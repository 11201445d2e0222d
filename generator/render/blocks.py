"""Page sources: Markdown with HTML blocks (forms, cards) kept apart from it.

A guide page calls `{{ form("dagsorden") }}`; the form's HTML must reach the
built page unchanged and stay out of the search index (six agendas alike
would crowd every search). Render does not know how an engine achieves that,
so a page comes out as parts: Markdown text and `Block`s, in order.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Block:
    """HTML to put into the page as it is, kept out of Markdown and of search."""

    html: str


PagePart = str | Block


@dataclass(frozen=True)
class PageSource:
    """One page: its file name in the handbook (roller.md) and its Markdown and blocks in order."""

    name: str
    parts: tuple[PagePart, ...]

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(part for part in self.parts if isinstance(part, Block))


class BlockCollector:
    """Stands in for blocks while a page's template renders, then splits the text into parts.

    A block stands in the rendered text as a token that no department text can
    hold: YAML refuses control characters, and the nonce is new for every page.
    """

    def __init__(self) -> None:
        self._blocks: list[Block] = []
        self._nonce = secrets.token_hex(8)
        self._token = re.compile(f"\x02{self._nonce}:([0-9]+)\x03")

    def keep(self, html: str) -> Markup:
        self._blocks.append(Block(str(html)))
        return Markup(f"\x02{self._nonce}:{len(self._blocks) - 1}\x03")

    def parts(self, text: str) -> tuple[PagePart, ...]:
        pieces = self._token.split(text)
        # re.split alternates text and the captured block numbers: text, n, text, n, ..., text.
        parts: list[PagePart] = []
        for index, piece in enumerate(pieces):
            if index % 2:
                parts.append(self._blocks[int(piece)])
            elif piece:
                parts.append(piece)
        return tuple(parts)
