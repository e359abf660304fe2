"""Stripe's webhook for one store: verify, claim, dispatch through a dict, answer.

    status, body = handle_stripe_event(payload=request.body, signature_header=...)

The payload must be signed with THIS store's webhook secret (the store is the one the request's
Host routed to; remembered per process for a few seconds, WEBHOOK_SECRET_MEMO_SECONDS): a
payload signed for another store is `invalid-signature` (400). Each event is
one StripeEvent row per event id (a unique constraint) with its status
PROCESSING -> SUCCEEDED / FAILED, the handler's error or answer, and its delivery count.

Exactly one delivery handles an event (shop.checkout.event_claims: one INSERT ... ON CONFLICT
statement counts the delivery and takes the claim); the others answer at once, without waiting
for it or redoing its work: a duplicate of a SUCCEEDED event answers what the first answered,
one of an event being handled answers `{received: true}`. A FAILED event, or one whose claim
ran out (its worker died), is handled again by the next delivery or by the sweeper
(`replay_stalled_events`), so a retry heals and nothing is lost; every handler is idempotent
(orders through their unique constraints).

Answers (the reference's, with real HTTP codes): 200 `{received: true[, order_identifier]}`;
400 `invalid-payload`, `invalid-signature`, `no-cart-id`, `cart-not-found`, `cart-is-empty`,
`payment-not-completed`, `invalid-session`; 500 `processing-error` (nothing was saved; Stripe
retries); 503 `webhook-not-configured` (the store has no keys yet) or Stripe unreachable.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from core import metrics
from core.secrets import StripeKeys

from shop.checkout import event_claims, snapshots, stripe_api
from shop.checkout.errors import (
    PaymentsNotConfigured,
    WebhookNotConfigured,
    WebhookPayloadInvalid,
    WebhookSignatureInvalid,
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
    store_id = current_store().pk
    try:
        event, keys = _verify(store_id, payload, signature_header)
    except ApplicationError as error:
        metrics.WEBHOOK_EVENTS.labels("unverified", error.code).inc()
        raise
    if not (
        _EVENT_ID.fullmatch(event.event_id)
        and len(event.type) <= TYPE_MAX
        and _EVENT_TYPE.fullmatch(event.type)
    ):
        raise WebhookPayloadInvalid("The event's id or type is not one Stripe sends.")
    claim = event_claims.claim_event(
        event_id=event.event_id,
        type=event.type,
        session_id=event.checkout_session.session_id if event.checkout_session else "",
        payload=payload.decode("utf-8"),  # verify_webhook has checked it is UTF-8 JSON
    )
    if not claim.won:
        metrics.WEBHOOK_EVENTS.labels(_type_label(event.type), "duplicate").inc()
        if claim.status == StripeEvent.Status.SUCCEEDED and claim.result:
            return 200, claim.result
        return 200, {"received": True}
    if keys is None:  # verified with the remembered secret: the handler wants all the keys
        try:
            keys = _store_keys(store_id)
        except WebhookNotConfigured:
            metrics.WEBHOOK_EVENTS.labels(_type_label(event.type), "not-configured").inc()
            error = {"code": "webhook-not-configured", "message": "The store has no keys."}
            event_claims.finish_claim(
                claim, status=StripeEvent.Status.FAILED, error=error, retry=True
            )
            raise
    return run_claimed(event, keys, claim)


# The store's webhook secret, remembered per process and store for a few seconds: a duplicate
# storm verifies without reading (and decrypting) the secret store once per delivery. A
# signature the remembered secret refuses is checked again with the stored one, so a rotated
# secret works at once; the old one is accepted at most this long after a rotation.
WEBHOOK_SECRET_MEMO_SECONDS = 5.0
_secret_memo: dict[int, tuple[float, str]] = {}


def _store_keys(store_id: int) -> StripeKeys:
    try:
        keys = stripe_api.get_store_keys(tenant_id=store_id)
    except PaymentsNotConfigured as error:
        _secret_memo.pop(store_id, None)
        raise WebhookNotConfigured() from error
    return keys


def _verify(
    store_id: int, payload: bytes, signature_header: str | None
) -> tuple[WebhookEvent, StripeKeys | None]:
    """The verified event, and the store's keys if they had to be read for it."""
    memo = _secret_memo.get(store_id)
    if memo is not None and memo[0] > time.monotonic():
        try:
            event = stripe_api.verify_webhook(
                payload=payload, signature_header=signature_header, secret=memo[1]
            )
        except WebhookSignatureInvalid:
            pass  # perhaps rotated since: ask the secret store
        else:
            return event, None
    keys = _store_keys(store_id)
    event = stripe_api.verify_webhook(
        payload=payload, signature_header=signature_header, secret=keys.webhook_secret
    )
    if keys.webhook_secret:
        _secret_memo[store_id] = (
            time.monotonic() + WEBHOOK_SECRET_MEMO_SECONDS,
            keys.webhook_secret,
        )
    return event, keys


def run_claimed(
    event: WebhookEvent, keys: StripeKeys, claim: event_claims.Claim
) -> tuple[int, dict]:
    """Handle an event this process holds the claim of; (HTTP status, JSON body). A failure
    that a retry may heal (5xx, or an unexpected exception, re-raised) keeps the payload, so
    the sweeper replays it even if a duplicate was already answered 200."""
    handler = HANDLERS.get(event.type, _acknowledge)
    type_label = _type_label(event.type)
    try:
        body = handler(event, keys)
    except ApplicationError as error:
        status = 400 if error.code in CLIENT_ERROR_CODES else error.http_status
        if error.code in ACKNOWLEDGED_FAILURES:
            status = 200
        metrics.WEBHOOK_EVENTS.labels(type_label, error.code).inc()  # codes are a fixed set
        event_claims.finish_claim(
            claim,
            status=StripeEvent.Status.FAILED,
            error={"code": error.code, "message": error.message},
            retry=status >= 500,
        )
        log.warning("stripe event %s (%s) failed: %s", event.event_id, event.type, error.code)
        return status, {"error": error.code}
    except Exception as error:
        metrics.WEBHOOK_EVENTS.labels(type_label, "processing-error").inc()
        event_claims.finish_claim(
            claim,
            status=StripeEvent.Status.FAILED,
            error={"code": "processing-error", "message": type(error).__name__},
            retry=True,
        )
        raise
    metrics.WEBHOOK_EVENTS.labels(type_label, "succeeded").inc()
    event_claims.finish_claim(claim, status=StripeEvent.Status.SUCCEEDED, result=body)
    return 200, body


def _type_label(event_type: str) -> str:
    """A metrics label: the types we handle by name, every other one as 'other'."""
    return event_type if event_type in HANDLERS else "other"


def replay_stalled_events(*, now: datetime | None = None) -> int:
    """Handle again this store's events whose claim ran out (their worker died) or whose
    handling failed in a way a retry may heal; how many were replayed. Celery beat runs it
    (shop.checkout.tasks), so an event is never lost to a duplicate answered meanwhile."""
    stalled = event_claims.list_stalled_events(now=now)
    if not stalled:
        return 0
    try:
        keys = stripe_api.get_store_keys(tenant_id=current_store().pk)
    except PaymentsNotConfigured:
        return 0
    replayed = 0
    for record_id in stalled:
        taken = event_claims.reclaim_event(record_id, now=now)
        if taken is None:
            continue  # a delivery or another sweeper got there first
        claim, payload = taken
        event = WebhookEvent.from_stripe(payload)
        try:
            status, _ = run_claimed(event, keys, claim)
        except Exception:  # recorded by run_claimed; the next events still get their turn
            log.exception("replaying stripe event %s failed", event.event_id)
            continue
        replayed += 1
        log.info("stripe event %s (%s) replayed: %s", event.event_id, event.type, status)
    return replayed


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
