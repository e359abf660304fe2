"""The order's status as an explicit state machine, with Orderstatus as its history.

Statuses are rows of the store (Status: `accepted`, `manufacturing`, `packing`, `shipped`);
which moves are allowed is code, here. An order starts in the store's configured initial
status (any known state) and then only moves forward, possibly skipping steps (a store that
makes nothing goes from `accepted` straight to `packing`). Orderstatus is unique per
(order, status), so a status is never entered twice.

`set_status` locks the order row, checks the move against the current status and writes the
history row in the same transaction, so two admins moving one order at once cannot both win.

Refunds are outside the fulfilment machine: `record_refund_status` (shop.orders.refunds, under
the order's lock) enters `partially-refunded` or `refunded` once each. A partly refunded order
still moves on (from its last fulfilment status); a fully refunded one moves no more.
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

PARTIALLY_REFUNDED = "partially-refunded"
REFUNDED = "refunded"
# identifier: (title, description), also seeded by shop.seed.
REFUND_STATUSES: dict[str, tuple[str, str]] = {
    PARTIALLY_REFUNDED: ("Partially refunded", "Part of your payment has been refunded."),
    REFUNDED: ("Refunded", "Your payment has been refunded."),
}

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
        fulfilment = (
            Orderstatus.objects.filter(order=order)
            .exclude(status__identifier__in=REFUND_STATUSES)
            .select_related("status")
            .first()
        )
        current_identifier = fulfilment.status.identifier if fulfilment else None
        refunded = current is not None and current.status.identifier == REFUNDED
        if refunded or new_status not in allowed_next_statuses(current_identifier):
            raise InvalidOrderStatusTransition(
                REFUNDED if refunded else current_identifier, new_status
            )
        return _append(order, get_status_row(new_status), current)


def record_refund_status(order: Order, identifier: str) -> Orderstatus | None:
    """Enter a refund status once (the caller holds the order's row lock). The money has
    already moved, so a store seeded before refunds existed gets the status row now."""
    title, description = REFUND_STATUSES[identifier]
    status, _ = Status.objects.get_or_create(
        identifier=identifier, defaults={"title": title, "description": description}
    )
    if Orderstatus.objects.filter(order=order, status=status).exists():
        return None
    return _append(order, status, get_current_status(order))


def _append(order: Order, status: Status, current: Orderstatus | None) -> Orderstatus:
    """A history row strictly newer than the current one (the newest row is the status)."""
    created = timezone.now()
    if current is not None and created <= current.created_date_time:
        created = current.created_date_time + timedelta(microseconds=1)
    return Orderstatus.objects.create(order=order, status=status, created_date_time=created)
