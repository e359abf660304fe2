"""Reads of shipping methods."""

from __future__ import annotations

from django.db.models import QuerySet

from shop.shipping.models import Shippingmethod


def list_active_shipping_methods() -> QuerySet[Shippingmethod]:
    """What a shopper can choose from, most expensive first (the reference's order)."""
    return Shippingmethod.objects.filter(active=True).order_by("-shipping_cost", "identifier")


def get_active_shipping_method(*, identifier: str) -> Shippingmethod | None:
    return Shippingmethod.objects.filter(identifier=identifier, active=True).first()
