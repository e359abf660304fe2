"""Starting a checkout: the shopper's cart, priced by the one pricing path, becomes a Stripe
Checkout Session of THIS store's Stripe account.

    info = start_checkout(shopper=..., cart=..., base_url="https://alpha.example", ...)

Allowed only when the checkout gate allows it (the allow-list, and every line in stock with a
price). The session carries `metadata.cart_id`, `metadata.tenant` (the store's slug: a session
is only ever turned into an order by the store that made it), and what the shopper agreed to
(`agree_to_terms_of_sale`, and a guest's `newsletter` opt-in: defect 11); the snapshot keeps
them too, and shop.orders.services.place_order stores them on the order and the prospect.

Idempotency key: `<store>-cart-<id>-<attempt>` (stripe_api adds a digest of the request).
A double click on an unchanged cart gets the same open session back; a changed cart a new
one. For 24 hours Stripe replays a key's first response even after that session was paid or
expired, so when what comes back is no longer open, the cart's `checkout_attempt` is bumped
(an F() increment) and a new session made under the new key.

What was paid is what is ordered: the priced cart is first frozen into a CheckoutSnapshot
(shop.checkout.snapshots); the session is made from the snapshot and tied to it, and the
order is later written from it, never from the live cart.

One payable session per cart: the cart remembers the session it last handed out, and a new
one (the cart changed: a new snapshot, a new session) expires that one and its snapshot
first. Were the old one paid meanwhile, the new one is expired instead and the shopper told
`cart-already-paid` (the paid session's order is on its way through the webhook), so a cart
can never be charged twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.secrets import SecretStoreError, get_secret_store
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import F

from shop.accounts.prospects import find_member_by_email, find_prospect, get_or_create_prospect
from shop.cart.models import Cart, Cartsku
from shop.cart.services import assign_default_shipping_method
from shop.cart.shopper import Shopper
from shop.checkout import snapshots, stock_hooks, stripe_api
from shop.checkout.errors import (
    CartAlreadyPaid,
    CheckoutSessionNotFound,
    StripeApiError,
    StripeUnavailable,
)
from shop.checkout.gate import is_checkout_allowed
from shop.checkout.models import CheckoutSnapshot
from shop.checkout.stripe_types import CheckoutSessionInfo
from shop.discounts import limits as discount_limits
from shop.errors import CartNotFound, Conflict, InvalidInput, NotAllowed
from shop.orders.models import Order
from shop.orders.services import CartIsEmpty, place_order
from shop.store import current_store

log = logging.getLogger(__name__)

EMAIL_MAX = 254
INCOMPLETE_ORDER_COMMENT = "Captured from incomplete anonymous order"
MEMBER_EMAIL_DESCRIPTION = (
    'This email address belongs to an account. Please <a href="/login?next=checkout/confirm">'
    "log in</a> to check out with it."
)


class CheckoutNotAllowed(NotAllowed):
    def __init__(self) -> None:
        super().__init__("Checkout is not allowed for this cart.", code="checkout-not-allowed")


class EmailBelongsToMember(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "This email address belongs to an account.",
            code="email-address-is-associated-with-member",
            extra={"description": MEMBER_EMAIL_DESCRIPTION},
        )


@dataclass(frozen=True)
class CheckoutChoices:
    """What the shopper ticked on the confirm page."""

    agree_to_terms_of_sale: bool
    newsletter: bool = False
    anonymous_email_address: str | None = None


def check_anonymous_email(email: str | None) -> str:
    """A usable address for a guest checkout, not one of a member's (log in instead)."""
    if email is None:
        raise InvalidInput("An email address is required.", code="anonymous-email-address-required")
    try:
        if len(email) > EMAIL_MAX:
            raise ValidationError("too long")
        EmailValidator()(email)
    except ValidationError as error:
        raise InvalidInput(
            "That is not a valid email address.", code="anonymous-email-address-invalid"
        ) from error
    if find_member_by_email(email=email) is not None:
        raise EmailBelongsToMember()
    return email


def look_up_anonymous_email(*, email: str | None) -> str | None:
    """The confirm page's guest address: checked, and remembered as a Prospect that is NOT on
    the marketing list (reference §4, 'incomplete anonymous order'). Returns the store's
    publishable Stripe key, None when it has none: the lookup only checks members and
    prospects, so a store without (readable) keys answers it too; paying says stripe-error."""
    email = check_anonymous_email(email)
    get_or_create_prospect(email=email, swa_comment=INCOMPLETE_ORDER_COMMENT)
    try:
        keys = get_secret_store().get_tenant_stripe_keys(current_store().pk)
    except SecretStoreError as error:
        log.warning("publishable key of store %s unreadable: %s", current_store().pk, error)
        return None
    return keys.publishable_key if keys is not None else None


def check_checkout(*, shopper: Shopper, cart: Cart | None) -> Cart:
    """The cart, if this shopper may check it out now (reference error order)."""
    if cart is None:
        raise CartNotFound()
    if not Cartsku.objects.filter(cart=cart).exists():
        raise CartIsEmpty()
    if not is_checkout_allowed(shopper=shopper, cart=cart):
        raise CheckoutNotAllowed()
    return cart


def start_checkout(
    *, shopper: Shopper, cart: Cart | None, choices: CheckoutChoices, base_url: str
) -> CheckoutSessionInfo:
    """An open Checkout Session charging exactly the cart's total (see the module doc)."""
    cart = check_checkout(shopper=shopper, cart=cart)
    if not choices.agree_to_terms_of_sale:
        raise InvalidInput(
            "Please agree to the terms of sale.", code="agree-to-terms-of-sale-must-be-checked"
        )
    if shopper.member is not None:
        email = shopper.member.user.email or None
    elif choices.anonymous_email_address is not None:
        email = check_anonymous_email(choices.anonymous_email_address)
    else:
        email = None  # Stripe's page asks for it
    store = current_store()
    keys = stripe_api.get_store_keys(tenant_id=store.pk)
    assign_default_shipping_method(cart=cart)
    snapshot = snapshots.freeze_cart(
        cart=cart,
        member=shopper.member,
        prospect=find_prospect(email=email) if email and shopper.member is None else None,
        email=email,
        agreed_to_terms_of_sale=choices.agree_to_terms_of_sale,
        newsletter=choices.newsletter and not shopper.is_member,
        base_url=base_url,
    )
    try:
        stock_hooks.reserve_snapshot_stock(snapshot)  # before Stripe: all lines or none
        discount_limits.reserve_for_snapshot(snapshot)  # before Stripe: refused if used up
        for _ in range(2):
            info = _create_session(
                cart, snapshot, keys=keys, store_slug=store.slug, base_url=base_url
            )
            if info.status == "open":
                snapshot = snapshots.attach_session(snapshot, session_id=info.session_id)
                stock_hooks.note_session_expiry(snapshot, expires_at=info.expires_at)
                _close_previous_session(cart, keys=keys, current=info)
                return info
            log.info(
                "checkout session %s of cart %s is %s: next attempt",
                info.session_id,
                cart.pk,
                info.status,
            )
            Cart.objects.filter(pk=cart.pk).update(checkout_attempt=F("checkout_attempt") + 1)
            cart.refresh_from_db(fields=["checkout_attempt"])
        raise StripeApiError("Stripe returned a closed checkout session twice.")
    finally:
        snapshots.discard_draft(snapshot)  # only if no session took it


def _close_previous_session(cart: Cart, *, keys, current: CheckoutSessionInfo) -> None:
    """Expire the cart's previous session, if it is another one; remember `current`."""
    previous = cart.checkout_session_id
    if previous and previous != current.session_id:
        try:
            closed = stripe_api.expire_checkout_session(keys=keys, session_id=previous)
        except CheckoutSessionNotFound:
            closed = None  # the store's keys changed since: that session is not ours to pay
        except StripeUnavailable:
            raise
        except StripeApiError:  # no longer open: expired already, or paid
            closed = stripe_api.retrieve_checkout_session(keys=keys, session_id=previous)
        if closed is not None and closed.status == "complete":
            stripe_api.expire_checkout_session(keys=keys, session_id=current.session_id)
            snapshots.mark_expired(current.session_id)
            raise CartAlreadyPaid()
        snapshots.mark_expired(previous)
    if previous != current.session_id:
        Cart.objects.filter(pk=cart.pk).update(checkout_session_id=current.session_id)
        cart.checkout_session_id = current.session_id


def _create_session(
    cart: Cart, snapshot: CheckoutSnapshot, *, keys, store_slug: str, base_url: str
) -> CheckoutSessionInfo:
    """A session charging exactly the snapshot: lines, coupon, shipping and tax all from it."""
    codes = snapshots.item_discount_codes(snapshot)
    metadata = {
        "cart_id": str(cart.pk),
        "tenant": store_slug,
        "checkout_attempt": str(cart.checkout_attempt),
        "agree_to_terms_of_sale": "true" if snapshot.agreed_to_terms_of_sale else "false",
        "newsletter": "true" if snapshot.newsletter else "false",
    }
    return stripe_api.create_checkout_session(
        keys=keys,
        lines=snapshots.checkout_lines(snapshot),
        shipping=snapshots.checkout_shipping(snapshot),
        item_discount=snapshot.item_discount,
        tax=snapshot.sales_tax,
        total=snapshot.total,
        currency=snapshot.currency,
        success_url=f"{base_url}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{base_url}/checkout/confirm",
        idempotency_key=f"{store_slug}-cart-{cart.pk}-{cart.checkout_attempt}",
        customer_email=snapshot.email or None,
        metadata=metadata,
        discount_label=", ".join(codes) or "Discount",
    )


def confirm_paid_session(*, session_id: str | None) -> Order:
    """The return from Stripe's hosted page (the success page and `/order/checkout-session-
    success`): the paid Checkout Session of this store becomes its order through the one
    idempotent path, place_order. The webhook usually got there first; then its order is
    returned, so a reload shows the same order. Typed errors otherwise:
    `session-id-required`, `invalid-session`, `payment-not-completed`, `stripe-error`..."""
    session_id = (session_id or "").strip()
    if not session_id:
        raise InvalidInput("session_id is required.", code="session-id-required")
    stripe_api.check_session_id(session_id)  # a malformed id is "not found", keys or not
    keys = stripe_api.get_store_keys(tenant_id=current_store().pk)
    session = stripe_api.retrieve_checkout_session(keys=keys, session_id=session_id)
    return place_order(session=session).order
