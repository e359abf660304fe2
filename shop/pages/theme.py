"""The store's look as CSS: custom properties that storefront/store.css reads.

Pure functions over validated values, so `/theme.css` can never carry anything but colours.
Text on a coloured surface is black or white, whichever contrasts more (WCAG 2 ratio).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shop.pages.models import DEFAULT_ACCENT, DEFAULT_PRIMARY, HEX_COLOR_RE

_HEX = re.compile(HEX_COLOR_RE)
BLACK = "#111111"
WHITE = "#ffffff"


@dataclass(frozen=True)
class Theme:
    display_name: str
    primary_color: str
    accent_color: str
    logo_url: str
    version: str  # changes whenever the admin saves the theme (cache-busts /theme.css)


def clean_color(value: str, default: str) -> str:
    return value.lower() if _HEX.match(value or "") else default


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_color_on(background: str) -> str:
    """Black or white, whichever is easier to read on `background`."""
    if contrast_ratio(background, WHITE) >= contrast_ratio(background, BLACK):
        return WHITE
    return BLACK


def readable_on_white(color: str) -> str:
    """`color` for text on the page's white, or black when it is too light (ratio < 4.5)."""
    return color if contrast_ratio(color, WHITE) >= 4.5 else BLACK


def render_theme_css(theme: Theme) -> str:
    primary = clean_color(theme.primary_color, DEFAULT_PRIMARY)
    accent = clean_color(theme.accent_color, DEFAULT_ACCENT)
    return (
        ":root {\n"
        f"  --brand: {primary};\n"
        f"  --on-brand: {text_color_on(primary)};\n"
        f"  --brand-text: {readable_on_white(primary)};\n"
        f"  --accent: {accent};\n"
        f"  --on-accent: {text_color_on(accent)};\n"
        "}\n"
    )
