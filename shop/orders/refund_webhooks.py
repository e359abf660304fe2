"""Stripe's refund events for shop.checkout.webhooks: `refund.created`, `refund.updated` and
`refund.failed` carry one refund; `charge.refunded` the charge with its refunds (when the API
version includes them). Each refund is recorded by shop.orders.refunds.record_stripe_refund,
which is idempotent, so a re-delivered event changes nothing. A refund whose payment intent is
no order of this store is answered 200 and ignored."""

from __future__ import annotations

from typing import Any

from core.secrets import StripeKeys

from shop.checkout.errors import WebhookPayloadInvalid
from shop.checkout.refund_types import refunds_in_event
from shop.checkout.stripe_types import WebhookEvent
from shop.orders.refunds import record_stripe_refund

IGNORED = "not-an-order-of-this-store"


def handle_refund_event(event: WebhookEvent, keys: StripeKeys) -> dict[str, Any]:
    try:
        infos = refunds_in_event(event.object)
    except (KeyError, TypeError, ValueError) as error:
        raise WebhookPayloadInvalid("The event carries no refund or charge.") from error
    recorded = [refund for refund in map(record_stripe_refund, infos) if refund is not None]
    if infos and not recorded:
        return {"received": True, "ignored": IGNORED}
    return {"received": True, "refunds": [refund.stripe_refund_id for refund in recorded]}


REFUND_HANDLERS = {
    "charge.refunded": handle_refund_event,
    "refund.created": handle_refund_event,
    "refund.updated": handle_refund_event,
    "refund.failed": handle_refund_event,
}
