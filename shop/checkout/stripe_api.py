"""The store's one door to Stripe: the only module in `shop` that imports `stripe`.

Every store has its own Stripe account, so each call builds a `stripe.StripeClient` with that
store's secret key (never the global `stripe.api_key`); the STRIPE_API_BASE setting points it
at the Stripe sandbox (stripe_sandbox) in tests. Sandbox keys (`sk_test_sandbox_...`) go to
STRIPE_SANDBOX_URL in development and are refused otherwise (StripeKeysRefused), so they never
reach Stripe. All clients share one HTTP client (one pooled connection per thread). Stripe's
errors become shop.checkout.errors; Stripe's objects become the plain values of
shop.checkout.stripe_types.

Money: Decimal in, integer minor units only here (core.money.to_minor_units: half up, never
through float), Decimal out (CheckoutSessionInfo.amount_*).

How our totals reach Stripe, so that Stripe's `amount_total` equals our order total:
- one line item per cart line: `unit_amount` = the unit price in cents, `quantity`;
- the item discount as a one-off coupon (`amount_off` = the item discount in cents,
  `duration=once`, `max_redemptions=1`) passed in `discounts`. Stripe applies a coupon to the
  line items only, shows it on its page and reports it as `total_details.amount_discount`;
- shipping as the session's single shipping option (`shipping_rate_data`, a fixed amount)
  priced net of our shipping discount: free shipping is an option at 0.00. A coupon never
  reduces shipping, so the shipping discount cannot travel as one;
- sales tax, when there is any, as one more line item: Stripe Tax would compute its own
  amount, which may round differently from ours;
- `allow_promotion_codes` is never set: a code typed on Stripe's page would make Stripe charge
  less than our order total (the original's defect 6); Stripe also refuses it alongside
  `discounts`.
Before calling Stripe we check that these parts add up to the `total` we were given, and after,
that Stripe's `amount_total` equals it; otherwise the session is expired and
CheckoutAmountMismatch raised, so a shopper is never charged an amount we did not compute.

Idempotency: each create sends an Idempotency-Key made of the caller's key and a digest of the
request, so a retried or double-clicked checkout of the same cart gets the same coupon and
session back, while a changed cart gets new ones.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any

import stripe
from core.money import to_minor_units
from core.secrets import SANDBOX_REFUSED, StripeKeys, get_secret_store, sandbox_keys_usable
from django.conf import settings

from shop.checkout.errors import (
    CheckoutAmountMismatch,
    CheckoutSessionNotFound,
    PaymentsNotConfigured,
    RefundRefused,
    StripeApiError,
    StripeKeysRefused,
    StripeUnavailable,
    WebhookNotConfigured,
    WebhookPayloadInvalid,
    WebhookSignatureInvalid,
)
from shop.checkout.refund_types import RefundInfo
from shop.checkout.stripe_types import (
    CheckoutLine,
    CheckoutSessionInfo,
    CheckoutShipping,
    WebhookEvent,
)

log = logging.getLogger(__name__)

_SESSION_ID = re.compile(r"^cs_[A-Za-z0-9_]{1,250}$")
COUPON_NAME_MAX = 40  # Stripe's limit on a coupon's name


def get_store_keys(*, tenant_id: int) -> StripeKeys:
    """The store's Stripe keys from the secret store; PaymentsNotConfigured if it has none."""
    keys = get_secret_store().get_tenant_stripe_keys(tenant_id)
    if keys is None:
        raise PaymentsNotConfigured("This store does not take payments yet.")
    return keys


def create_checkout_session(
    *,
    keys: StripeKeys,
    lines: Sequence[CheckoutLine],
    shipping: CheckoutShipping | None,
    item_discount: Decimal,
    tax: Decimal,
    total: Decimal,
    currency: str,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
    customer_email: str | None = None,
    metadata: Mapping[str, str] | None = None,
    discount_label: str = "Discount",
    tax_label: str = "Sales tax",
    shipping_countries: Sequence[str] = ("US", "CA"),
) -> CheckoutSessionInfo:
    """A new Checkout Session charging exactly `total` (see the module docstring).

    `success_url` may contain `{CHECKOUT_SESSION_ID}`, which Stripe fills in. `metadata`
    (e.g. the cart id) goes on the session and on its payment intent.

    `idempotency_key` (e.g. `cart-<id>-<attempt>`): for 24 hours the same key and the same
    cart replay the first session, even if it has since been paid or expired, so change the
    key whenever a new session is wanted and check `status` of what comes back. (Stripe
    replays the first response as it was then; a replayed session is therefore read again,
    and `status` is its current one.)
    """
    if not lines:
        raise ValueError("a checkout session needs at least one line")
    if not 0 < len(idempotency_key) <= 180:
        raise ValueError("idempotency_key must be 1-180 characters")
    code = currency.lower()
    line_items = [_line_item(line, code) for line in lines]
    items_cents = sum(to_minor_units(line.unit_price, code) * line.quantity for line in lines)
    discount_cents = to_minor_units(item_discount, code)
    tax_cents = to_minor_units(tax, code)
    shipping_cents = to_minor_units(shipping.net, code) if shipping else 0
    expected = items_cents - discount_cents + shipping_cents + tax_cents
    if discount_cents > items_cents or expected != to_minor_units(total, code):
        raise CheckoutAmountMismatch(
            f"The checkout parts add up to {expected} (items {items_cents} - discount "
            f"{discount_cents} + shipping {shipping_cents} + tax {tax_cents}), not "
            f"{to_minor_units(total, code)} {code}."
        )
    if tax_cents:
        line_items.append(_line_item(CheckoutLine(tax_label, tax, 1), code))
    extra = dict(metadata or {})
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": line_items,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "metadata": extra,
        "payment_intent_data": {"metadata": extra},
        "billing_address_collection": "required",
        "shipping_address_collection": {"allowed_countries": list(shipping_countries)},
        "phone_number_collection": {"enabled": True},
    }
    if customer_email:
        params["customer_email"] = customer_email
    if shipping:
        params["shipping_options"] = [_shipping_option(shipping, shipping_cents, code)]
    digest = _digest(params, discount_cents)
    client = _client(keys)
    with _calling_stripe("create a checkout session"):
        if discount_cents:
            coupon = client.v1.coupons.create(
                params={
                    "amount_off": discount_cents,
                    "currency": code,
                    "duration": "once",
                    "max_redemptions": 1,
                    "name": discount_label[:COUPON_NAME_MAX],
                    "metadata": extra,
                },
                options={"idempotency_key": f"{idempotency_key}:{digest}:coupon"},
            )
            params["discounts"] = [{"coupon": coupon.id}]
        session = client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"{idempotency_key}:{digest}:session"}
        )
        if _was_replayed(session):
            # A replay is the first response as it was then (an open session); read it as it
            # is now, so the caller sees whether it was paid or expired since.
            session = client.v1.checkout.sessions.retrieve(session.id)
    info = CheckoutSessionInfo.from_stripe(session.to_dict())
    if to_minor_units(info.amount_total, code) != expected:
        log.error(
            "stripe session %s charges %s, we computed %s %s: expiring it",
            info.session_id,
            info.amount_total,
            expected,
            code,
        )
        expire_checkout_session(keys=keys, session_id=info.session_id)
        raise CheckoutAmountMismatch("Stripe computed another total than the store.")
    return info


def retrieve_checkout_session(*, keys: StripeKeys, session_id: str) -> CheckoutSessionInfo:
    """The session as Stripe has it now (status, payment, customer and shipping details)."""
    check_session_id(session_id)
    with _calling_stripe("retrieve a checkout session", session_id=session_id):
        session = _client(keys).v1.checkout.sessions.retrieve(session_id)
    return CheckoutSessionInfo.from_stripe(session.to_dict())


def expire_checkout_session(*, keys: StripeKeys, session_id: str) -> CheckoutSessionInfo:
    """Close an open session so it can no longer be paid (Stripe sends checkout.session.expired)."""
    check_session_id(session_id)
    with _calling_stripe("expire a checkout session", session_id=session_id):
        session = _client(keys).v1.checkout.sessions.expire(session_id)
    return CheckoutSessionInfo.from_stripe(session.to_dict())


# Stripe's codes for a refund the charge cannot take; anything else is our request's fault.
REFUND_REFUSALS = frozenset({"charge_already_refunded", "amount_too_large"})


def create_refund(
    *,
    keys: StripeKeys,
    payment_intent: str,
    amount: Decimal | None,
    currency: str,
    idempotency_key: str,
    reason: str | None = "requested_by_customer",
    metadata: Mapping[str, str] | None = None,
) -> RefundInfo:
    """Refund `amount` (None: all that is left) of the payment intent's charge. The same
    `idempotency_key` (one per Refund row) replays the first refund, never makes a second;
    RefundRefused when the charge cannot take it."""
    params: dict[str, Any] = {"payment_intent": payment_intent, "metadata": dict(metadata or {})}
    if amount is not None:
        params["amount"] = to_minor_units(amount, currency.lower())
    if reason:
        params["reason"] = reason
    with _calling_stripe("create a refund"):
        try:
            refund = _client(keys).v1.refunds.create(
                params=params, options={"idempotency_key": idempotency_key}
            )
        except stripe.InvalidRequestError as exc:
            if exc.code not in REFUND_REFUSALS:
                raise
            raise RefundRefused(exc.user_message or "Stripe refused the refund.") from exc
    return RefundInfo.from_stripe(refund.to_dict())


def verify_webhook(
    *,
    payload: bytes,
    signature_header: str | None,
    secret: str | None,
    tolerance: int | None = None,
) -> WebhookEvent:
    """The event in `payload` if `signature_header` proves the store's endpoint secret signed
    it within `tolerance` seconds (STRIPE_WEBHOOK_TOLERANCE_SECONDS); typed errors otherwise."""
    if not secret:
        raise WebhookNotConfigured()
    if not signature_header:
        raise WebhookSignatureInvalid("The Stripe-Signature header is missing.")
    window = settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS if tolerance is None else tolerance
    try:
        stripe.WebhookSignature.verify_header(payload, signature_header, secret, window)
    except stripe.SignatureVerificationError as exc:
        raise WebhookSignatureInvalid("The Stripe-Signature does not match.") from exc
    except UnicodeDecodeError as exc:
        raise WebhookPayloadInvalid("The payload is not UTF-8.") from exc
    try:
        return WebhookEvent.from_stripe(json.loads(payload))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise WebhookPayloadInvalid("The payload is not a Stripe event.") from exc


# -- internals -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _http_client(timeout: int) -> stripe.RequestsClient:
    return stripe.RequestsClient(timeout=timeout)


def _client(keys: StripeKeys) -> stripe.StripeClient:
    base = _api_base(keys)
    return stripe.StripeClient(
        keys.secret_key,
        base_addresses={"api": base} if base else None,
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        http_client=_http_client(settings.STRIPE_TIMEOUT_SECONDS),
    )


def _api_base(keys: StripeKeys) -> str | None:
    """Sandbox keys go to the local sandbox, in development only, and never to Stripe itself;
    other keys to STRIPE_API_BASE, or Stripe (None)."""
    if keys.is_sandbox:
        if not sandbox_keys_usable():
            raise StripeKeysRefused(SANDBOX_REFUSED)
        return settings.STRIPE_SANDBOX_URL
    return settings.STRIPE_API_BASE


def _line_item(line: CheckoutLine, currency: str) -> dict[str, Any]:
    product: dict[str, Any] = {"name": line.name}
    if line.description:
        product["description"] = line.description
    if line.image_url:
        product["images"] = [line.image_url]
    return {
        "price_data": {
            "currency": currency,
            "unit_amount": to_minor_units(line.unit_price, currency),
            "product_data": product,
        },
        "quantity": line.quantity,
    }


def _shipping_option(shipping: CheckoutShipping, cents: int, currency: str) -> dict[str, Any]:
    return {
        "shipping_rate_data": {
            "display_name": shipping.name,
            "type": "fixed_amount",
            "fixed_amount": {"amount": cents, "currency": currency},
        }
    }


def _was_replayed(obj: Any) -> bool:
    """Stripe answered from its idempotency cache (header `Idempotent-Replayed: true`)."""
    response = getattr(obj, "last_response", None)
    headers = getattr(response, "headers", None) or {}
    return any(k.lower() == "idempotent-replayed" and v == "true" for k, v in headers.items())


def _digest(params: dict[str, Any], discount_cents: int) -> str:
    material = json.dumps([params, discount_cents], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:24]


def check_session_id(session_id: str) -> None:
    """CheckoutSessionNotFound unless `session_id` is shaped like a Checkout Session id."""
    if not isinstance(session_id, str) or not _SESSION_ID.match(session_id):
        raise CheckoutSessionNotFound(str(session_id))


@contextmanager
def _calling_stripe(action: str, *, session_id: str | None = None) -> Iterator[None]:
    """Stripe's exceptions as ours, each logged once (Stripe's messages mask keys)."""
    try:
        yield
    except (stripe.AuthenticationError, stripe.PermissionError) as exc:
        log.warning("stripe refused the store's key to %s: %s", action, exc.user_message)
        raise StripeKeysRefused("Stripe refused this store's API key.") from exc
    except stripe.InvalidRequestError as exc:
        if exc.http_status == 404 and session_id is not None:
            raise CheckoutSessionNotFound(session_id) from exc
        log.warning("stripe rejected a request to %s: %s (%s)", action, exc.user_message, exc.param)
        raise StripeApiError(exc.user_message or "Stripe rejected the request.") from exc
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
        log.warning("stripe unavailable to %s: %s", action, type(exc).__name__)
        raise StripeUnavailable("Stripe could not be reached; please try again.") from exc
    except stripe.StripeError as exc:
        log.warning("stripe failed to %s: %s", action, type(exc).__name__)
        raise StripeApiError("Stripe could not complete the request.") from exc
