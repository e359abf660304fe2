"""Checkout Session parameters as the store sends them, for the sandbox's tests."""

from __future__ import annotations

from typing import Any


def line(name: str, unit_amount: int, quantity: int, **product: Any) -> dict[str, Any]:
    return {
        "price_data": {
            "currency": "usd",
            "unit_amount": unit_amount,
            "product_data": {"name": name, **product},
        },
        "quantity": quantity,
    }


def session_params(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            line("Paper", 435, 3, description="white - A4", images=["https://cdn.test/p.png"]),
            line("Pens", 115, 1),
        ],
        "success_url": "https://alpha.test/checkout/success?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://alpha.test/checkout/confirm",
        "customer_email": "shopper@example.com",
        "metadata": {"cart_id": "41"},
        "billing_address_collection": "required",
        "shipping_address_collection": {"allowed_countries": ["US", "CA"]},
        "phone_number_collection": {"enabled": True},
    }
    params.update(overrides)
    return params


def shipping(amount: int, name: str = "USPS Retail Ground") -> list[dict[str, Any]]:
    return [
        {
            "shipping_rate_data": {
                "display_name": name,
                "type": "fixed_amount",
                "fixed_amount": {"amount": amount, "currency": "usd"},
            }
        }
    ]
