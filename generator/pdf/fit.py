"""Does a laid-out document fit its pages? Questions asked of WeasyPrint's layout boxes.

WeasyPrint has no public API for a page's boxes, so `page_box` reads its
`_page_box` where it exists; when a WeasyPrint release renames it, every
answer here is "cannot tell" and the maker falls back to trying sizes in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import tinycss2

MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS pixels


def page_box(page: Any) -> Any | None:
    return getattr(page, "_page_box", None)


def free_height(page: Any) -> float | None:
    """How far the page's content stops short of the bottom of its content area (CSS px); None: unknown."""
    box = page_box(page)
    if box is None:
        return None
    bottom = max((child.position_y + child.margin_height() for child in descendants(box)
                  if child.element is not None and child.element_tag not in ("html", "body")), default=0)
    return float(box.content_box_y() + box.height - bottom)


def cards_fit(document: Any, cards: int) -> bool:
    """One card a page, and nothing on a card runs into its footer (pinned to the card's bottom, pdf.css)."""
    if len(document.pages) != cards:
        return False
    for page in document.pages:
        box = page_box(page)
        card = box and find(box, lambda b: "hb-card" in classes(b))
        foot = card and find(card, lambda b: "hb-card__foot" in classes(b))
        if card is None or foot is None:
            return False
        footer = set(map(id, descendants(foot))) | {id(foot)}
        if any(b.position_y + b.margin_height() > foot.position_y + 0.5
               for b in descendants(card) if b.element is not None and id(b) not in footer):
            return False
    return True


def print_type_sizes(stylesheet: str, skip: str = "__foot") -> list[tuple[str, float]]:
    """The type sizes in pt that a style sheet's print section sets, by selector, in order.

    The cards' type is scaled down from these when a card would not fit its page;
    the footer (`skip`) is pinned to the card's bottom and keeps its size.
    """
    sizes = []
    for rule in tinycss2.parse_stylesheet(stylesheet, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "media" or rule.content is None:
            continue
        if "print" not in tinycss2.serialize(rule.prelude):
            continue
        for inner in tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True):
            if inner.type != "qualified-rule":
                continue
            selector = tinycss2.serialize(inner.prelude).strip()
            for declaration in tinycss2.parse_declaration_list(inner.content, skip_comments=True,
                                                               skip_whitespace=True):
                if (declaration.type == "declaration" and declaration.lower_name == "font-size"
                        and skip not in selector):
                    values = [v for v in declaration.value if v.type == "dimension"]
                    if len(values) == 1 and values[0].lower_unit == "pt":
                        sizes.append((selector, float(values[0].value)))
    return sizes


def classes(box: Any) -> list[str]:
    """The class names of the box's element; none for a box of no element."""
    return str(box.element.get("class", "")).split() if box.element is not None else []


def find(box: Any, test: Callable[[Any], bool]) -> Any | None:
    """The first box under `box`, depth first, that passes `test`."""
    for child in descendants(box):
        if test(child):
            return child
    return None


def descendants(box: Any) -> Iterator[Any]:
    """Every box under `box`, depth first, in document order."""
    for child in getattr(box, "children", ()):
        yield child
        yield from descendants(child)
