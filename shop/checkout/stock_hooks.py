"""Stock at the checkout's hook points (shop.catalog.stock does the counting).

A snapshot holds its units under the reference `snapshot:<id>`: reserved when checkout
starts (before the Stripe session is made), released once when the snapshot leaves OPEN for
EXPIRED (or its draft is discarded), sold when its order is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from shop.catalog import stock
from shop.checkout.models import CheckoutSnapshot

# Stripe expires a Checkout Session 24 hours after it is made unless told otherwise.
STRIPE_SESSION_LIFETIME = timedelta(hours=24)


def reference(snapshot_id: int) -> str:
    return f"snapshot:{snapshot_id}"


def reserve_snapshot_stock(snapshot: CheckoutSnapshot) -> None:
    """All of the snapshot's tracked units, or InsufficientStock (nothing held)."""
    lines = snapshot.lines.values_list("sku_id", "quantity")
    stock.reserve(lines=list(lines), reference=reference(snapshot.pk))


def note_session_expiry(snapshot: CheckoutSnapshot, *, expires_at: datetime | None) -> None:
    """Remember when Stripe will expire the session (the sweeper's deadline), if not yet."""
    when = expires_at or snapshot.created + STRIPE_SESSION_LIFETIME
    CheckoutSnapshot.objects.filter(pk=snapshot.pk, expires_at__isnull=True).update(expires_at=when)


def release_snapshot_stock(snapshot_id: int) -> None:
    """Call only after winning the snapshot's move out of OPEN (or deleting its draft)."""
    stock.release(reference=reference(snapshot_id))


def release_session_stock(session_id: str) -> None:
    snapshot_id = (
        CheckoutSnapshot.objects.filter(stripe_session_id=session_id)
        .values_list("pk", flat=True)
        .first()
    )
    if snapshot_id is not None:
        release_snapshot_stock(snapshot_id)


def sell_snapshot_stock(snapshot: CheckoutSnapshot, *, order_identifier: str) -> None:
    """The order's units leave reserved (inside the order's transaction)."""
    stock.sell(reference=reference(snapshot.pk), order_reference=f"order:{order_identifier}")
