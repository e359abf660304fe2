"""Tracked stock of a SKU (DESIGN §4): the only code that changes Sku.quantity_*.

    set_available(sku, quantity=12, by="alice", reason=ADMIN_EDIT)   # a person's count
    reserve(lines=[(sku_id, 2)], reference="snapshot:7")            # all or none, or raises
    release(reference="snapshot:7")                                 # once: a unique movement
    sell(reference="snapshot:7", order_reference="order:AB12")      # reserved -> sold
    restock(lines=[(sku_id, 2)], reference="order:AB12", by="bob")  # a refund's items back

Every change is a conditional UPDATE of the SKU row (never read-then-write) plus a
StockMovement row in the same transaction. Untracked SKUs are skipped everywhere. After a
change the SKU's inventory label is derived from its quantity (`refresh_labels`), so every
reader of `sku_inventory` (catalog JSON, product page, cart) shows the tracked state. A label
that moves, and a person's count, bump the store's catalog version after commit
(shop.catalog.cache); a reservation that leaves every label as it was bumps nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Least

from shop.catalog.cache import bump_catalog_version
from shop.catalog.models import (
    BACK_ORDERED,
    IN_STOCK,
    OUT_OF_STOCK,
    Productsku,
    Sku,
    Skuinventory,
    StockMovement,
)
from shop.errors import Conflict
from tenants.context import current_alias

log = logging.getLogger(__name__)

Reason = StockMovement.Reason
SYSTEM = "system"
Lines = Iterable[tuple[int, int]]  # (sku_id, quantity)


class InsufficientStock(Conflict):
    """Fewer units are available than a checkout asks for (machine-readable in `extra`)."""

    def __init__(self, *, sku: Sku, requested: int, available: int) -> None:
        name = sku.description or sku.color or f"SKU {sku.pk}"
        super().__init__(
            f"Only {available} of {name!r} (SKU {sku.pk}) left; your cart has {requested}. "
            "Please lower the quantity and check out again.",
            code="insufficient-stock",
            extra={
                "insufficient_stock": {
                    "sku_id": sku.pk,
                    "sku": name,
                    "requested": requested,
                    "available": available,
                }
            },
        )


def derive_state(*, available: int, continue_selling: bool) -> str:
    """The inventory label a tracked SKU shows shoppers."""
    if available > 0:
        return IN_STOCK
    return BACK_ORDERED if continue_selling else OUT_OF_STOCK


def _continues_selling() -> Exists:
    return Exists(
        Productsku.objects.filter(
            sku=OuterRef("pk"), product__continue_selling_when_out_of_stock=True
        )
    )


def refresh_labels(sku_ids: Iterable[int]) -> int:
    """Set the tracked SKUs' sku_inventory from their quantity (one UPDATE of the SKUs whose
    label moves); the number of labels moved. A move bumps the catalog version after commit."""
    states = dict(Skuinventory.objects.values_list("identifier", "pk"))
    if not {IN_STOCK, BACK_ORDERED, OUT_OF_STOCK} <= states.keys():
        return 0  # a store without the three labels keeps its own
    label = Case(
        When(quantity_available__gt=0, then=Value(states[IN_STOCK])),
        When(_continues_selling(), then=Value(states[BACK_ORDERED])),
        default=Value(states[OUT_OF_STOCK]),
    )
    moved = (
        Sku.objects.filter(pk__in=list(sku_ids), track_quantity=True)
        .exclude(sku_inventory_id=label)
        .update(sku_inventory_id=label)
    )
    if moved:
        bump_catalog_version()
    return moved


def _merged(lines: Lines) -> list[tuple[int, int]]:
    """Quantities per SKU, in SKU order (concurrent reservations lock rows in one order)."""
    totals: dict[int, int] = defaultdict(int)
    for sku_id, quantity in lines:
        if sku_id is not None and quantity > 0:
            totals[sku_id] += quantity
    return sorted(totals.items())


def _move(sku_id: int, delta: int, reason: str, *, by: str, reference: str) -> None:
    StockMovement.objects.create(
        sku_id=sku_id, delta=delta, reason=reason, by_username=by[:150], reference=reference
    )


def _move_once(sku_id: int, delta: int, reason: str, *, by: str, reference: str) -> bool:
    """Record a movement the unique constraint allows once; False if it was recorded already."""
    try:
        with transaction.atomic(using=current_alias()):
            _move(sku_id, delta, reason, by=by, reference=reference)
    except IntegrityError:
        return False
    return True


# -- a person's changes ------------------------------------------------------------------------


def set_available(sku: Sku, *, quantity: int, by: str, reason: str = Reason.ADMIN_EDIT) -> int:
    """Set what is available to sell (reserved units stay held); returns the delta moved."""
    if quantity < 0:
        raise ValueError("an available quantity cannot be negative")
    with transaction.atomic(using=current_alias()):
        current = Sku.objects.select_for_update().values_list(
            "quantity_available", "track_quantity"
        )
        available, tracked = current.get(pk=sku.pk)
        delta = quantity - available
        Sku.objects.filter(pk=sku.pk).update(quantity_available=quantity, track_quantity=True)
        if delta:
            _move(sku.pk, delta, reason, by=by, reference="")
        if not refresh_labels([sku.pk]) and not tracked:
            bump_catalog_version()  # tracking turned on: the product page shows it
    sku.quantity_available, sku.track_quantity = quantity, True
    return delta


# -- checkout ----------------------------------------------------------------------------------


def reserve(*, lines: Lines, reference: str) -> None:
    """Hold the lines' units of tracked SKUs, all or none. A SKU whose product continues
    selling takes what is there and never blocks; any other raises InsufficientStock."""
    merged = _merged(lines)
    tracked = dict(
        Sku.objects.filter(pk__in=[sku_id for sku_id, _ in merged], track_quantity=True)
        .annotate(continues=_continues_selling())
        .values_list("pk", "continues")
    )
    with transaction.atomic(using=current_alias()):
        for sku_id, quantity in merged:
            if sku_id not in tracked:
                continue
            taken = _take(sku_id, quantity, partial=tracked[sku_id])
            if taken is None:
                sku = Sku.objects.get(pk=sku_id)
                raise InsufficientStock(
                    sku=sku, requested=quantity, available=sku.quantity_available
                )
            if taken:
                _move(sku_id, -taken, Reason.RESERVATION, by=SYSTEM, reference=reference)
        refresh_labels(tracked)


def _take(sku_id: int, quantity: int, *, partial: bool) -> int | None:
    """Units moved from available to reserved by one conditional UPDATE; None if refused."""
    rows = Sku.objects.filter(pk=sku_id, track_quantity=True)
    if not partial:
        moved = rows.filter(quantity_available__gte=quantity).update(
            quantity_available=F("quantity_available") - quantity,
            quantity_reserved=F("quantity_reserved") + quantity,
        )
        return quantity if moved else None
    # Continue selling: lock the row, then take min(available, n) in the same transaction.
    available = rows.select_for_update().values_list("quantity_available", flat=True).first()
    taken = min(available or 0, quantity)
    if taken:
        rows.update(
            quantity_available=F("quantity_available") - Least(F("quantity_available"), taken),
            quantity_reserved=F("quantity_reserved") + taken,
        )
    return taken


def reserved_by(reference: str) -> dict[int, int]:
    """Units each SKU holds for `reference` (from its reservation movements)."""
    rows = (
        StockMovement.objects.filter(reference=reference, reason=Reason.RESERVATION)
        .values("sku_id")
        .annotate(units=Sum("delta"))
    )
    return {row["sku_id"]: -row["units"] for row in rows if row["units"]}


def release(*, reference: str) -> dict[int, int]:
    """Give back what `reference` holds, once per SKU (a unique release movement)."""
    released = {}
    with transaction.atomic(using=current_alias()):
        for sku_id, units in sorted(reserved_by(reference).items()):
            if _sold_or_released(sku_id, reference):
                continue
            if not _move_once(sku_id, units, Reason.RELEASE, by=SYSTEM, reference=reference):
                continue
            Sku.objects.filter(pk=sku_id).update(
                quantity_available=F("quantity_available") + units,
                quantity_reserved=F("quantity_reserved") - units,
            )
            released[sku_id] = units
        refresh_labels(released)
    return released


def sell(*, reference: str, order_reference: str) -> None:
    """The order takes its reserved units (reserved -> sold). Units released meanwhile (an
    expiry that raced the payment) are taken again if available, else logged as oversold."""
    with transaction.atomic(using=current_alias()):
        for sku_id, units in sorted(reserved_by(reference).items()):
            released = StockMovement.objects.filter(
                sku_id=sku_id, reference=reference, reason=Reason.RELEASE
            ).exists()
            if not _move_once(sku_id, -units, Reason.SALE, by=SYSTEM, reference=reference):
                continue
            rows = Sku.objects.filter(pk=sku_id)
            if not released:
                rows.update(quantity_reserved=F("quantity_reserved") - units)
            elif not rows.filter(quantity_available__gte=units).update(
                quantity_available=F("quantity_available") - units
            ):
                log.error("[STOCK_OVERSOLD] sku=%s units=%s %s", sku_id, units, order_reference)
        refresh_labels(reserved_by(reference))


def _sold_or_released(sku_id: int, reference: str) -> bool:
    return StockMovement.objects.filter(
        Q(reason=Reason.RELEASE) | Q(reason=Reason.SALE), sku_id=sku_id, reference=reference
    ).exists()


def restock(*, lines: Lines, reference: str, by: str) -> dict[int, int]:
    """Return units to available (a refund with restock), once per SKU and reference."""
    merged = dict(_merged(lines))
    tracked = Sku.objects.filter(pk__in=list(merged), track_quantity=True).values_list(
        "pk", flat=True
    )
    returned = {}
    with transaction.atomic(using=current_alias()):
        for sku_id in sorted(tracked):
            units = merged[sku_id]
            if _move_once(sku_id, units, Reason.REFUND_RESTOCK, by=by, reference=reference):
                Sku.objects.filter(pk=sku_id).update(
                    quantity_available=F("quantity_available") + units
                )
                returned[sku_id] = units
        refresh_labels(returned)
    return returned


def can_add_to_cart(*, state: str, tracked: bool) -> bool:
    """In stock; or back-ordered by a tracked SKU, which only its product continuing to
    sell makes (an untracked back-ordered SKU keeps the reference's rule: not sold)."""
    return state == IN_STOCK or (tracked and state == BACK_ORDERED)
