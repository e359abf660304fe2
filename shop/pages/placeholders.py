"""Placeholder product pictures for the seed catalog's image paths (`/img/product/<name>`):
an SVG in the store's colours, labelled with the picture's name. Text is escaped; the name
is already limited to [A-Za-z0-9_-] by the URL pattern."""

from __future__ import annotations

from django.utils.html import escape

from shop.pages.models import DEFAULT_ACCENT, DEFAULT_PRIMARY
from shop.pages.theme import Theme, clean_color, text_color_on

_NOISE = {"main", "thumbnail", "video", "2", "1"}


def label_for(name: str) -> str:
    """`paper_clip_main_2.jpg` -> `Paper clip`."""
    stem = name.rsplit(".", 1)[0]
    words = [word for word in stem.replace("-", "_").split("_") if word and word not in _NOISE]
    text = " ".join(words) or "Product"
    return text[:1].upper() + text[1:]


def render_placeholder_svg(*, name: str, theme: Theme) -> str:
    primary = clean_color(theme.primary_color, DEFAULT_PRIMARY)
    accent = clean_color(theme.accent_color, DEFAULT_ACCENT)
    label = escape(label_for(name))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360" '
        f'role="img" aria-label="{label}">'
        f'<rect width="480" height="360" fill="{primary}"/>'
        f'<circle cx="380" cy="80" r="120" fill="{accent}" opacity="0.55"/>'
        f'<circle cx="90" cy="320" r="90" fill="{accent}" opacity="0.35"/>'
        f'<text x="240" y="190" text-anchor="middle" font-family="sans-serif" font-size="34" '
        f'fill="{text_color_on(primary)}">{label}</text>'
        "</svg>"
    )


def render_favicon_svg(*, theme: Theme) -> str:
    """The store's initial on its primary colour."""
    primary = clean_color(theme.primary_color, DEFAULT_PRIMARY)
    initial = escape((theme.display_name.strip()[:1] or "S").upper())
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="6" fill="{primary}"/>'
        '<text x="16" y="23" text-anchor="middle" font-family="sans-serif" font-size="20" '
        f'font-weight="700" fill="{text_color_on(primary)}">{initial}</text>'
        "</svg>"
    )
