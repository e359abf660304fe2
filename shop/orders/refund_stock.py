"""A succeeded refund with `restock` returns the order's units (shop.catalog.stock).

Keyed by the order, not the refund: a refund has an amount, not lines, so the first
restocking refund returns all the order's tracked units and later ones find them returned
(the unique movement per SKU and reference), never counting them twice."""

from __future__ import annotations

from shop.catalog import stock
from shop.orders.models import Order, Ordersku, Refund


def restock_refunded_order(order: Order, refund: Refund) -> dict[int, int]:
    """Units returned per SKU id (empty when not asked, untracked, or already returned)."""
    if not refund.restock:
        return {}
    lines = Ordersku.objects.filter(order=order).values_list("sku_id", "quantity")
    return stock.restock(
        lines=list(lines),
        reference=f"order:{order.identifier}",
        by=refund.created_by_username or stock.SYSTEM,
    )
