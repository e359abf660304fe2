"""Release the stock of checkouts Stripe has expired, in case its webhook never came."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from shop.checkout import snapshots
from shop.checkout.models import CheckoutSnapshot
from shop.checkout.stock_hooks import STRIPE_SESSION_LIFETIME

# A draft (no session yet) older than this was left by a request that died mid-checkout.
DRAFT_TIMEOUT = timedelta(hours=1)


def sweep_expired_checkouts(*, now: datetime | None = None) -> int:
    """Expire this store's OPEN snapshots past their session's expiry; returns how many this
    call expired (mark_expired's conditional move makes a second run release nothing)."""
    now = now or timezone.now()
    open_ = CheckoutSnapshot.objects.filter(status=CheckoutSnapshot.Status.OPEN)
    unknown_expiry = Q(expires_at__isnull=True, created__lt=now - STRIPE_SESSION_LIFETIME)
    overdue = open_.filter(stripe_session_id__isnull=False).filter(
        Q(expires_at__lt=now) | unknown_expiry
    )
    swept = 0
    for snapshot in overdue.only("pk", "stripe_session_id"):
        swept += snapshots.mark_expired(snapshot.stripe_session_id) or 0
    for draft in open_.filter(stripe_session_id__isnull=True, created__lt=now - DRAFT_TIMEOUT):
        snapshots.discard_draft(draft)
    return swept
