"""The store's look, set by its admin: the name its pages show, two colours and a logo.

One row (id 1) per store schema. Colours are `#rrggbb` only, checked by the database as well
as the form, because they are written into the store's CSS (`/theme.css`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

HEX_COLOR_RE = r"^#[0-9a-fA-F]{6}$"
DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_ACCENT = "#b8461b"

hex_color = RegexValidator(HEX_COLOR_RE, "Give a colour as # and six hex digits, e.g. #1f4e79.")


def validate_logo_url(value: str) -> None:
    """An https:// address or a path on the store's own host (never `//host` or `javascript:`)."""
    if value.startswith("https://") or (value.startswith("/") and not value.startswith("//")):
        return
    raise ValidationError("Give an https:// address or a path starting with /.")


class StoreTheme(models.Model):
    SINGLETON_ID = 1

    display_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Shown in the header and titles; blank: the store's name.",
    )
    primary_color = models.CharField(
        max_length=7, default=DEFAULT_PRIMARY, validators=[hex_color],
        help_text="Header and links, e.g. #1f4e79.",
    )  # fmt: skip
    accent_color = models.CharField(
        max_length=7, default=DEFAULT_ACCENT, validators=[hex_color],
        help_text="Buttons and highlights, e.g. #b8461b.",
    )  # fmt: skip
    logo_url = models.CharField(
        max_length=500, blank=True, validators=[validate_logo_url],
        help_text="An https:// image address or a path on this store's host.",
    )  # fmt: skip
    updated_date_time = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "store theme"
        verbose_name_plural = "store theme"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="storetheme_singleton"),
            models.CheckConstraint(
                condition=Q(primary_color__regex=HEX_COLOR_RE)
                & Q(accent_color__regex=HEX_COLOR_RE),
                name="storetheme_hex_colors",
            ),
        ]

    def __str__(self) -> str:
        return f"store theme ({self.primary_color}, {self.accent_color})"

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)
