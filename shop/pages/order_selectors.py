"""Reads for the order pages (and the checkout success page, which shows the placed order):
the same payloads as the `/order/<identifier>` API, so a page and the API never disagree."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from shop.accounts.models import Member
from shop.orders import payloads as order_payloads
from shop.orders.confirmation import recipient_address
from shop.orders.models import Order, Orderstatus
from shop.orders.selectors import list_member_orders


def get_order_page_data(order: Order) -> dict[str, Any]:
    """An order as `/order/<identifier>` gives it (`order_data`), plus what the pages say
    about it: the address its confirmation went to and its current status."""
    data = order_payloads.order_data(order)
    statuses = list(data["order_statuses"].values())  # newest first
    return {
        **data,
        "items": [
            {**item, "line_total": item["price"] * item["quantity"]}
            for item in data["order_items"]["product_sku_data"].values()
        ],
        "current_status": statuses[0] if statuses else None,
        "confirmation_email": recipient_address(order),
        "is_member_order": order.member_id is not None,
    }


def list_order_history(*, member: Member) -> QuerySet[Order]:
    """The member's orders, newest first, each with its status history (current first)."""
    return list_member_orders(member).prefetch_related(
        Prefetch("orderstatuses", queryset=Orderstatus.objects.select_related("status"))
    )
