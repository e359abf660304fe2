"""Model fields shared by the store's apps."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


def money_field(**kwargs) -> models.DecimalField:
    """A non-negative amount of money: Decimal with the platform's one precision."""
    kwargs.setdefault("validators", [MinValueValidator(0)])
    return models.DecimalField(
        max_digits=settings.MONEY_MAX_DIGITS,
        decimal_places=settings.MONEY_DECIMAL_PLACES,
        **kwargs,
    )
