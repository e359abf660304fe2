"""The return from Stripe's hosted page: the paid Checkout Session becomes this store's
order through the one idempotent path (shop.orders.services.place_order), exactly as
`/order/checkout-session-success` does it. The webhook usually got there first; then the
order it placed is returned, so reloading the page shows the same order."""

from __future__ import annotations

from shop.checkout import stripe_api
from shop.errors import InvalidInput
from shop.orders.models import Order
from shop.orders.services import place_order
from shop.store import current_store


def confirm_checkout_session(*, session_id: str | None) -> Order:
    """The order of a paid Checkout Session of this store (typed errors otherwise:
    `session-id-required`, `invalid-session`, `payment-not-completed`, `stripe-error`...)."""
    if not session_id:
        raise InvalidInput("session_id is required.", code="session-id-required")
    keys = stripe_api.get_store_keys(tenant_id=current_store().pk)
    session = stripe_api.retrieve_checkout_session(keys=keys, session_id=session_id)
    return place_order(session=session).order
