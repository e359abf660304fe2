"""Starting a checkout: the shopper's cart, priced by the one pricing path, becomes a Stripe
Checkout Session of THIS store's Stripe account.

    info = start_checkout(shopper=..., cart=..., base_url="https://alpha.example", ...)

Allowed only when the checkout gate allows it (the allow-list, and every line in stock with a
price). The session carries `metadata.cart_id`, `metadata.tenant` (the store's slug: a session
is only ever turned into an order by the store that made it), and what the shopper agreed to
(`agree_to_terms_of_sale`, and a guest's `newsletter` opt-in: defect 11), which
shop.orders.services.place_order stores on the order and the prospect.

Idempotency key: `<store>-cart-<id>-<attempt>` (stripe_api adds a digest of the request).
A double click on an unchanged cart gets the same open session back; a changed cart a new
one. For 24 hours Stripe replays a key's first response even after that session was paid or
expired, so when what comes back is no longer open, the cart's `checkout_attempt` is bumped
(an F() increment) and a new session made under the new key.

One payable session per cart: the cart remembers the session it last handed out, and a new
one (the cart changed) expires that one first. Were the old one paid meanwhile, the new one
is expired instead and the shopper told `cart-already-paid` (the paid session's order is on
its way through the webhook), so a cart can never be charged twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.secrets import SecretStoreError, get_secret_store
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import F
from django.utils import timezone

from shop.accounts.prospects import find_member_by_email, get_or_create_prospect
from shop.cart.models import Cart, Cartsku
from shop.cart.selectors import (
    get_cart_shipping_method,
    get_cart_totals,
    is_checkout_allowed,
    list_cart_item_rows,
)
from shop.cart.services import assign_default_shipping_method
from shop.cart.shopper import Shopper
from shop.checkout import stripe_api
from shop.checkout.errors import (
    CartAlreadyPaid,
    CheckoutSessionNotFound,
    StripeApiError,
    StripeUnavailable,
)
from shop.checkout.stripe_types import CheckoutLine, CheckoutSessionInfo, CheckoutShipping
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
    for _ in range(2):
        info = _create_session(
            cart,
            keys=keys,
            store_slug=store.slug,
            email=email,
            choices=choices,
            base_url=base_url,
            is_member=shopper.is_member,
        )
        if info.status == "open":
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
            raise CartAlreadyPaid()
    if previous != current.session_id:
        Cart.objects.filter(pk=cart.pk).update(checkout_session_id=current.session_id)
        cart.checkout_session_id = current.session_id


def _create_session(
    cart: Cart,
    *,
    keys,
    store_slug: str,
    email: str | None,
    choices: CheckoutChoices,
    base_url: str,
    is_member: bool,
) -> CheckoutSessionInfo:
    totals = get_cart_totals(cart=cart, now=timezone.now())
    rows = list_cart_item_rows(cart=cart)
    lines = [_checkout_line(row, totals.line_for(row.sku_id).unit_price, base_url) for row in rows]
    shipping = None
    selected = get_cart_shipping_method(cart=cart)
    if selected is not None:
        shipping = CheckoutShipping(
            name=selected.shippingmethod.carrier or selected.shippingmethod.identifier,
            cost=totals.shipping_subtotal,
            discount=totals.shipping_discount,
        )
    codes = [d.code for d in totals.discounts if d.applied and d.slot == "item"]
    metadata = {
        "cart_id": str(cart.pk),
        "tenant": store_slug,
        "checkout_attempt": str(cart.checkout_attempt),
        "agree_to_terms_of_sale": "true" if choices.agree_to_terms_of_sale else "false",
        "newsletter": "true" if choices.newsletter and not is_member else "false",
    }
    return stripe_api.create_checkout_session(
        keys=keys,
        lines=lines,
        shipping=shipping,
        item_discount=totals.item_discount,
        tax=totals.sales_tax,
        total=totals.cart_total,
        currency=totals.currency,
        success_url=f"{base_url}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{base_url}/checkout/confirm",
        idempotency_key=f"{store_slug}-cart-{cart.pk}-{cart.checkout_attempt}",
        customer_email=email,
        metadata=metadata,
        discount_label=", ".join(codes) or "Discount",
    )


def _checkout_line(row: Cartsku, unit_price, base_url: str) -> CheckoutLine:
    sku = row.sku
    productskus = list(sku.productskus.all())
    product = productskus[0].product if productskus else None
    image = next((i.image_url for i in sku.images.all() if i.main_image), None)
    if image is None and product is not None:
        image = next((i.image_url for i in product.images.all() if i.main_image), None)
    if image and not image.startswith(("http://", "https://")):
        image = f"{base_url}/{image.lstrip('/')}"
    return CheckoutLine(
        name=(product.title if product else "") or sku.description or f"Item {sku.pk}",
        unit_price=unit_price,
        quantity=row.quantity,
        description=" - ".join(part for part in (sku.color, sku.size) if part),
        image_url=image or None,
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
