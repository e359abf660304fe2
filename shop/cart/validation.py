"""Checks of cart input in the reference's error shape."""

from __future__ import annotations

import re

from shop.cart.models import MAX_QUANTITY, MIN_QUANTITY
from shop.errors import FieldErrors

_INT_RE = re.compile(r"[+-]?[0-9]+")


def quantity_error(kind: str, description: str) -> FieldErrors:
    # The reference nests the quantity's error list in a list.
    return FieldErrors({"quantity": [[{"type": kind, "description": description}]]})


def parse_quantity(value: str | None) -> int:
    """A quantity from a form: an integer from 1 to 99 (defect 3: checked on every write)."""
    if value is None or not value.strip():
        raise quantity_error("required", "A quantity is required.")
    value = value.strip()
    if not _INT_RE.fullmatch(value):
        raise quantity_error("not_an_int", "The quantity must be a whole number.")
    out_of_range = quantity_error(
        "out_of_range", f"The quantity must be from {MIN_QUANTITY} to {MAX_QUANTITY}."
    )
    if len(value.lstrip("+-").lstrip("0")) > 3:
        raise out_of_range
    number = int(value)
    if not MIN_QUANTITY <= number <= MAX_QUANTITY:
        raise out_of_range
    return number
