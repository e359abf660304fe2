"""The store's anticipated errors. `code` values are the reference API's status strings."""

from __future__ import annotations

from core.errors import ApplicationError, Conflict, InvalidInput, NotAllowed, NotFound

__all__ = [
    "ApplicationError",
    "CartNotFound",
    "Conflict",
    "DiscountNotApplicable",
    "FieldErrors",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "OutOfStock",
]


class CartNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no cart for this shopper.", code="cart-not-found")


class OutOfStock(Conflict):
    """The SKU exists but cannot be bought now (back-ordered, out of stock, no price)."""


class DiscountNotApplicable(Conflict):
    """A discount code that exists but cannot be applied to this cart now."""


class FieldErrors(InvalidInput):
    """Validation errors per field, in the reference's shape:
    `{"<field>": [{"type": "...", "description": "..."}, ...]}`."""

    def __init__(self, fields: dict[str, list[dict[str, str]]]) -> None:
        super().__init__("The request has invalid fields.", code="invalid-fields")
        self.fields = fields
