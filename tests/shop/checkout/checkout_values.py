"""Checkout inputs for the stripe_api tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shop.checkout.stripe_types import CheckoutLine, CheckoutShipping

PAPER = CheckoutLine(
    name="Paper",
    unit_price=Decimal("4.35"),
    quantity=3,
    description="White - A4",
    image_url="https://alpha.platform.test/media/paper.png",
)
PENS = CheckoutLine(name="Pens", unit_price=Decimal("1.15"), quantity=1)
GROUND = CheckoutShipping(name="USPS Retail Ground", cost=Decimal("5.99"))


def checkout(keys, **overrides: Any) -> dict[str, Any]:
    """Keyword arguments of create_checkout_session for PAPER + PENS, no shipping: 14.20."""
    arguments: dict[str, Any] = {
        "keys": keys,
        "lines": [PAPER, PENS],
        "shipping": None,
        "item_discount": Decimal("0.00"),
        "tax": Decimal("0.00"),
        "total": Decimal("14.20"),
        "currency": "USD",
        "success_url": "https://alpha.platform.test/checkout/success?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://alpha.platform.test/checkout/confirm",
        "idempotency_key": "cart-41",
        "customer_email": "shopper@example.com",
        "metadata": {"cart_id": "41"},
    }
    arguments.update(overrides)
    return arguments
