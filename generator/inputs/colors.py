"""Colours of the hospital's look (site_config.yml's branding): WCAG contrast and simple shades."""

from __future__ import annotations

import re

HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
WHITE = "#ffffff"
# WCAG 2.1 AA for normal text: white text on the primary colour (the header, buttons) must reach this.
MIN_CONTRAST = 4.5


def _channels(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour written #RRGGBB."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(color: str, other: str, share: float) -> str:
    """`color` with `share` (0-1) of `other` mixed in, as #rrggbb."""
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(_channels(color), _channels(other), strict=True))


def accent_css(color: str | None) -> str:
    """The primary colour as the CSS variable the cards and print documents use (empty: their own colours)."""
    return f":root {{ --hb-brand: {color}; }}\n" if color else ""
