"""Returning a refund's units to stock (shop.catalog.stock).

A refund names the units it returns (`Refund.restock_lines`), chosen by the store admin per
order line: one damaged item of three goes back, not the whole order. What a refund may return
is checked under the order's row lock against what the order's other refunds (pending or
succeeded) already return, so two refunds can never return one unit twice; the units go back
when the refund succeeds, once (one movement per SKU and refund)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Sum

from shop.catalog import stock
from shop.orders.errors import RefundNotAllowed
from shop.orders.models import Order, Ordersku, Refund


def returnable_units(order: Order) -> dict[int, int]:
    """Units per SKU id that a new refund may still return (call under the order's lock)."""
    ordered = dict(
        Ordersku.objects.filter(order=order)
        .values("sku_id")
        .annotate(units=Sum("quantity"))
        .values_list("sku_id", "units")
    )
    returned: Counter[int] = Counter()
    for lines in order.refunds.exclude(status=Refund.Status.FAILED).values_list(
        "restock_lines", flat=True
    ):
        for sku_id, quantity in lines:
            returned[sku_id] += quantity
    return {sku_id: units - returned[sku_id] for sku_id, units in ordered.items()}


def choose_restock_lines(
    order: Order, *, restock: bool, requested: Iterable[tuple[int, int]]
) -> list[list[int]]:
    """The lines a new refund returns: those `requested` (SKU id, units), or with `restock`
    and none requested, every unit still returnable. RefundNotAllowed for a SKU the order
    does not have or more units than are left to return."""
    left = returnable_units(order)
    wanted = [(int(sku_id), int(units)) for sku_id, units in requested if int(units) > 0]
    if restock and not wanted:
        wanted = [(sku_id, units) for sku_id, units in left.items() if units > 0]
    for sku_id, units in wanted:
        if sku_id not in left:
            raise RefundNotAllowed(f"SKU {sku_id} is not in order {order.identifier}.")
        if units > left[sku_id]:
            raise RefundNotAllowed(
                f"Only {left[sku_id]} unit(s) of SKU {sku_id} can still be returned to stock."
            )
    return [[sku_id, units] for sku_id, units in wanted]


def restock_refunded_order(order: Order, refund: Refund) -> dict[int, int]:
    """Units returned per SKU id (empty when none were asked, untracked, or already returned)."""
    if not refund.restock_lines:
        return {}
    return stock.restock(
        lines=[(sku_id, units) for sku_id, units in refund.restock_lines],
        reference=f"refund:{refund.pk}",
        by=refund.created_by_username or stock.SYSTEM,
    )
