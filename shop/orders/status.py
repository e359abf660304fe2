"""The order's status as an explicit state machine, with Orderstatus as its history.

Statuses are rows of the store (Status: `accepted`, `manufacturing`, `packing`, `shipped`);
which moves are allowed is code, here. An order starts in the store's configured initial
status (any known state) and then only moves forward, possibly skipping steps (a store that
makes nothing goes from `accepted` straight to `packing`). Orderstatus is unique per
(order, status), so a status is never entered twice.

`set_status` locks the order row, checks the move against the current status and writes the
history row in the same transaction, so two admins moving one order at once cannot both win.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from shop.orders.errors import InvalidOrderStatusTransition, OrderSetupError
from shop.orders.models import Order, Orderstatus, Status
from tenants.context import current_alias

ACCEPTED = "accepted"
MANUFACTURING = "manufacturing"
PACKING = "packing"
SHIPPED = "shipped"

ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    ACCEPTED: frozenset({MANUFACTURING, PACKING, SHIPPED}),
    MANUFACTURING: frozenset({PACKING, SHIPPED}),
    PACKING: frozenset({SHIPPED}),
    SHIPPED: frozenset(),
}


def get_current_status(order: Order) -> Orderstatus | None:
    """The newest history row (the order's status), or None for an order not yet started."""
    return Orderstatus.objects.filter(order=order).select_related("status").first()


def allowed_next_statuses(current: str | None) -> frozenset[str]:
    if current is None:
        return frozenset(ORDER_TRANSITIONS)
    return ORDER_TRANSITIONS.get(current, frozenset())


def get_status_row(identifier: str) -> Status:
    """The store's Status row for a state; OrderSetupError when the store lacks it."""
    status = Status.objects.filter(identifier=identifier).first()
    if status is None:
        raise OrderSetupError(f"The store has no order status {identifier!r}.")
    return status


def set_status(order: Order, new_status: str) -> Orderstatus:
    """Move `order` to `new_status`; InvalidOrderStatusTransition if the machine forbids it.

    Writes the history row in the same transaction as the check (joining the caller's)."""
    with transaction.atomic(using=current_alias()):
        Order.objects.select_for_update().filter(pk=order.pk).values_list("pk").first()
        current = get_current_status(order)
        current_identifier = current.status.identifier if current else None
        if new_status not in allowed_next_statuses(current_identifier):
            raise InvalidOrderStatusTransition(current_identifier, new_status)
        status = get_status_row(new_status)
        created = timezone.now()
        if current is not None and created <= current.created_date_time:
            created = current.created_date_time + timedelta(microseconds=1)
        return Orderstatus.objects.create(order=order, status=status, created_date_time=created)
