"""Stripe's webhook for one store: verify, record, dispatch through a dict, answer.

    status, body = handle_stripe_event(payload=request.body, signature_header=...)

The payload must be signed with THIS store's webhook secret (the store is the one the request's
Host routed to): a payload signed for another store is `invalid-signature` (400). Each event is
recorded once per event id (StripeEvent, a unique constraint) with its status
RECEIVED -> PROCESSING -> SUCCEEDED / FAILED and the handler's error. A re-delivered event is
handled again: every handler is idempotent (orders through their unique constraints), so a
retry of a failed event heals, and a duplicate answers what the first one did.

Answers (the reference's, with real HTTP codes): 200 `{received: true[, order_identifier]}`;
400 `invalid-payload`, `invalid-signature`, `no-cart-id`, `cart-not-found`, `cart-is-empty`,
`payment-not-completed`, `invalid-session`; 500 `processing-error` (nothing was saved; Stripe
retries); 503 `webhook-not-configured` (the store has no keys yet) or Stripe unreachable.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from core.secrets import StripeKeys
from django.db.models import F
from django.utils import timezone

from shop.checkout import snapshots, stripe_api
from shop.checkout.errors import (
    PaymentsNotConfigured,
    WebhookNotConfigured,
    WebhookPayloadInvalid,
)
from shop.checkout.models import StripeEvent
from shop.checkout.stripe_types import WebhookEvent
from shop.errors import ApplicationError
from shop.orders.refund_webhooks import REFUND_HANDLERS
from shop.orders.services import place_order
from shop.store import current_store

log = logging.getLogger(__name__)

TYPE_MAX = 100  # StripeEvent.type
_EVENT_ID = re.compile(r"evt_[A-Za-z0-9_]{1,250}")
_EVENT_TYPE = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+){1,5}")

Handler = Callable[[WebhookEvent, StripeKeys], dict[str, Any]]

# The order's refusals are the sender's problem, not a fault of ours: 400, as in the reference.
CLIENT_ERROR_CODES = frozenset(
    {
        "no-cart-id",
        "cart-not-found",
        "cart-is-empty",
        "payment-not-completed",
        "invalid-session",
    }
)

# Recorded as FAILED but answered 200: Stripe retries a non-2xx for days, yet a retry carries
# the same amount and cannot heal it. The snapshot is marked mismatched, the alarm on
# `[ORDER_AMOUNT_MISMATCH]` fires and the store admin lists it; a person resolves it.
ACKNOWLEDGED_FAILURES = frozenset({"order-amount-mismatch"})


def handle_stripe_event(*, payload: bytes, signature_header: str | None) -> tuple[int, dict]:
    """(HTTP status, JSON body) for one delivery to this store's endpoint."""
    try:
        keys = stripe_api.get_store_keys(tenant_id=current_store().pk)
    except PaymentsNotConfigured as error:
        raise WebhookNotConfigured() from error
    event = stripe_api.verify_webhook(
        payload=payload, signature_header=signature_header, secret=keys.webhook_secret
    )
    if not (
        _EVENT_ID.fullmatch(event.event_id)
        and len(event.type) <= TYPE_MAX
        and _EVENT_TYPE.fullmatch(event.type)
    ):
        raise WebhookPayloadInvalid("The event's id or type is not one Stripe sends.")
    record = _record_event(event)
    handler = HANDLERS.get(event.type, _acknowledge)
    try:
        body = handler(event, keys)
    except ApplicationError as error:
        _finish(record, StripeEvent.Status.FAILED, {"code": error.code, "message": error.message})
        status = 400 if error.code in CLIENT_ERROR_CODES else error.http_status
        if error.code in ACKNOWLEDGED_FAILURES:
            status = 200
        log.warning("stripe event %s (%s) failed: %s", event.event_id, event.type, error.code)
        return status, {"error": error.code}
    _finish(record, StripeEvent.Status.SUCCEEDED, None)
    return 200, body


def _record_event(event: WebhookEvent) -> StripeEvent:
    session = event.checkout_session
    record, created = StripeEvent.objects.get_or_create(
        event_id=event.event_id,
        defaults={
            "type": event.type,
            "checkout_session_id": session.session_id[:255] if session else "",
        },
    )
    updates: dict[str, Any] = {"status": StripeEvent.Status.PROCESSING, "updated": timezone.now()}
    if not created:
        updates["deliveries"] = F("deliveries") + 1
    StripeEvent.objects.filter(pk=record.pk).update(**updates)
    return record


def _finish(record: StripeEvent, status: str, error: dict | None) -> None:
    StripeEvent.objects.filter(pk=record.pk).update(
        status=status, handler_error=error, updated=timezone.now()
    )


# -- handlers ---------------------------------------------------------------------------------


def _session_paid(event: WebhookEvent, keys: StripeKeys) -> dict[str, Any]:
    """checkout.session.completed / async_payment_succeeded: place the order (idempotent).

    A session completed with a delayed payment method is still `unpaid`; the store asks
    Stripe for the session as it is now, so a retried delivery places the order once paid."""
    session = event.checkout_session
    if session is None:
        raise WebhookPayloadInvalid("The event does not carry a checkout session.")
    if not session.is_paid:
        session = stripe_api.retrieve_checkout_session(keys=keys, session_id=session.session_id)
    placed = place_order(session=session)
    return {"received": True, "order_identifier": placed.order.identifier}


def _session_expired(event: WebhookEvent, keys: StripeKeys) -> dict[str, Any]:
    """The session's snapshot is expired; its reserved stock and discount uses are released
    (once, whichever way the session expires)."""
    session = event.checkout_session
    if session is not None:
        snapshots.mark_expired(session.session_id)
    log.info(
        "checkout session %s expired (cart %s)",
        session.session_id if session else "?",
        session.metadata.get("cart_id") if session else "?",
    )
    return {"received": True}


def _acknowledge(event: WebhookEvent, keys: StripeKeys) -> dict[str, Any]:
    return {"received": True}


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": _session_paid,
    "checkout.session.async_payment_succeeded": _session_paid,
    "checkout.session.expired": _session_expired,
    **REFUND_HANDLERS,  # charge.refunded, refund.*
}
