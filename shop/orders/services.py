"""Placing an order: the ONE function that turns a paid Checkout Session into an order, used by
the success page and by the webhook alike (the original had two paths; defect 7).

    placed = place_order(session=info)     # PlacedOrder(order, created)

Phase 1, before any transaction: an order that already exists for the session (or its payment
intent) is returned as it is; otherwise the session must be paid (`paid`, or
`no_payment_required` for a zero total), belong to this store (metadata `tenant`), name a cart
(metadata `cart_id`) that still exists and has lines, and the store's initial status must exist.
The cart is priced by the one pricing path (`get_cart_totals`; see `_price_as_charged` for the
moment it is priced at).

Phase 2, ONE transaction: Orderpayment, both addresses, the guest's Prospect, the Order (our
totals, plus `amount_charged` = what Stripe charged: defect 6), the Ordersku snapshots, the
Orderdiscounts, the first Orderstatus (through the state machine) and the
Ordershippingmethod. Any failure rolls all of it back.

Idempotency is the database's: Orderpayment is unique per payment intent and per Checkout
Session (a zero-total session has no payment intent; its session id covers it). Concurrent
deliveries of one session all try; one commits, the others hit the unique index, roll back
and return the order that won.

Phase 3, after commit: shop.orders.tasks.send_order_confirmation (the email, then the cart's
deletion) is queued by `transaction.on_commit`; a failure there never touches the order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shop.accounts.models import Member
from shop.cart.models import Cart, Cartdiscount, Cartsku
from shop.cart.selectors import (
    get_cart_shipping_method,
    get_cart_totals,
    list_cart_discounts,
    list_cart_item_rows,
)
from shop.checkout.stripe_types import Address, CheckoutSessionInfo
from shop.codes import new_order_identifier
from shop.errors import CartNotFound, Conflict
from shop.orders import prospects
from shop.orders.configuration import Key, get_config_string
from shop.orders.errors import (
    NoCartId,
    OrderNotPlaced,
    OrderSetupError,
    PaymentNotCompleted,
    SessionOfAnotherStore,
)
from shop.orders.models import (
    Order,
    Orderbillingaddress,
    Orderdiscount,
    Orderpayment,
    Ordershippingaddress,
    Ordershippingmethod,
    Ordersku,
)
from shop.orders.status import ORDER_TRANSITIONS, get_status_row, set_status
from shop.orders.tasks import queue_order_confirmation
from shop.pricing import CartTotals
from shop.shipping.models import Shippingmethod
from shop.store import current_store
from tenants.context import current_alias

log = logging.getLogger(__name__)

WRITE_ATTEMPTS = 3  # a clash on a fresh order identifier or a guest's new Prospect is retried


class CartIsEmpty(Conflict):
    def __init__(self) -> None:
        super().__init__("The cart has no items.", code="cart-is-empty")


@dataclass(frozen=True)
class PlacedOrder:
    order: Order
    created: bool  # False: the order already existed (a repeated delivery, the other path)


@dataclass(frozen=True)
class _Plan:
    """Everything phase 2 writes, read and checked in phase 1."""

    session: CheckoutSessionInfo
    cart: Cart
    lines: list[Cartsku]
    discounts: list[Cartdiscount]
    totals: CartTotals
    shipping: Shippingmethod | None
    member: Member | None
    initial_status: str
    agreed_to_terms: bool
    newsletter: bool


def find_order_for_session(session: CheckoutSessionInfo) -> Order | None:
    """The order already placed for this Checkout Session or its payment intent."""
    match = Q(payment__stripe_checkout_session_id=session.session_id)
    if session.payment_intent_id:
        match |= Q(payment__stripe_payment_intent_id=session.payment_intent_id)
    return Order.objects.filter(match).first()


def place_order(*, session: CheckoutSessionInfo) -> PlacedOrder:
    """The order for a paid Checkout Session of this store, created once (see module doc)."""
    existing = find_order_for_session(session)
    if existing is not None:
        return PlacedOrder(existing, created=False)
    plan = _prepare(session)
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            order = _write_order(plan)
        except IntegrityError as error:
            existing = find_order_for_session(session)
            if existing is not None:
                log.info(
                    "checkout session %s: order %s was placed by a concurrent delivery",
                    session.session_id,
                    existing.identifier,
                )
                return PlacedOrder(existing, created=False)
            if attempt == WRITE_ATTEMPTS:
                log.exception("order for checkout session %s not saved", session.session_id)
                raise OrderNotPlaced() from error
            continue
        except DatabaseError as error:
            log.exception("order for checkout session %s not saved", session.session_id)
            raise OrderNotPlaced() from error
        log.info(
            "order %s placed from checkout session %s (cart %s)",
            order.identifier,
            session.session_id,
            plan.cart.pk,
        )
        return PlacedOrder(order, created=True)
    raise AssertionError("unreachable")  # pragma: no cover


# -- phase 1 ----------------------------------------------------------------------------------


def _prepare(session: CheckoutSessionInfo) -> _Plan:
    if not session.is_paid:
        raise PaymentNotCompleted(session.payment_status)
    if session.metadata.get("tenant") != current_store().slug:
        raise SessionOfAnotherStore()
    cart_id = _parse_cart_id(session.metadata.get("cart_id", ""))
    if cart_id is None:
        raise NoCartId()
    cart = Cart.objects.select_related("member__user").filter(pk=cart_id).first()
    if cart is None:
        raise CartNotFound()
    lines = list_cart_item_rows(cart=cart)
    if not lines:
        raise CartIsEmpty()
    initial_status = get_config_string(Key.INITIAL_ORDER_STATUS)
    if initial_status not in ORDER_TRANSITIONS:
        raise OrderSetupError(f"initial_order_status {initial_status!r} is not an order state.")
    get_status_row(initial_status)
    totals = _price_as_charged(cart, session)
    selected = get_cart_shipping_method(cart=cart)
    return _Plan(
        session=session,
        cart=cart,
        lines=lines,
        discounts=list(list_cart_discounts(cart=cart)),
        totals=totals,
        shipping=selected.shippingmethod if selected else None,
        member=cart.member,
        initial_status=initial_status,
        agreed_to_terms=session.metadata.get("agree_to_terms_of_sale") == "true",
        newsletter=session.metadata.get("newsletter") == "true",
    )


def _price_as_charged(cart: Cart, session: CheckoutSessionInfo) -> CartTotals:
    """The cart's totals from the one pricing path, as of now or, if only that reproduces
    what Stripe charged, as of the second the session was made (Stripe gives whole seconds;
    a discount code may have ended while the shopper was on Stripe's page). A cart that
    matches none (it changed after the session was made) keeps today's totals;
    `amount_charged` shows the difference and the mismatch is logged."""
    moments = [timezone.now()]
    if session.created is not None:
        moments += [session.created, session.created + timedelta(microseconds=999_999)]
    priced = []
    for moment in moments:
        totals = get_cart_totals(cart=cart, now=moment)
        if totals.cart_total == session.amount_total and totals.currency == session.currency:
            return totals
        priced.append(totals)
    log.warning(
        "[ORDER_AMOUNT_MISMATCH] session=%s cart=%s ours=%s %s stripe=%s %s",
        session.session_id,
        cart.pk,
        priced[0].cart_total,
        priced[0].currency,
        session.amount_total,
        session.currency,
    )
    return priced[0]


def _parse_cart_id(value: str) -> int | None:
    if not (value.isascii() and value.isdigit() and 0 < len(value) <= 18):
        return None
    return int(value) or None


# -- phase 2 ----------------------------------------------------------------------------------


def _write_order(plan: _Plan) -> Order:
    session, totals = plan.session, plan.totals
    email = session.customer_email or (plan.member.user.email if plan.member else "")
    now = timezone.now()
    with transaction.atomic(using=current_alias()):
        payment = Orderpayment.objects.create(
            email=email,
            payment_type="card" if session.payment_intent_id else "no_payment_required",
            card_name=session.customer_name or "",
            stripe_payment_intent_id=session.payment_intent_id,
            stripe_checkout_session_id=session.session_id,
            created_date_time=now,
        )
        shipping_address = _address(
            Ordershippingaddress, session.shipping_name, session.shipping_address
        )
        billing_address = _address(
            Orderbillingaddress, session.customer_name, session.billing_address, session
        )
        prospect = None
        if plan.member is None:
            prospect = prospects.ensure_order_prospect(
                email=email, name=session.customer_name or ""
            )
        order = Order.objects.create(
            identifier=new_order_identifier(),
            member=plan.member,
            prospect=prospect,
            payment=payment,
            shipping_address=shipping_address,
            billing_address=billing_address,
            item_subtotal=totals.item_subtotal,
            item_discount_amt=totals.item_discount,
            shipping_amt=totals.shipping_subtotal,
            shipping_discount_amt=totals.shipping_discount,
            sales_tax_amt=totals.sales_tax,
            order_total=totals.cart_total,
            amount_charged=session.amount_total,
            currency=session.currency,
            agreed_with_terms_of_sale=plan.agreed_to_terms,
            order_date_time=now,
        )
        _write_lines(order, plan)
        _write_discounts(order, plan)
        set_status(order, plan.initial_status)
        if plan.shipping is not None:
            _write_shipping_method(order, plan.shipping)
        if prospect is not None:
            prospects.note_prospect_order(
                prospect, identifier=order.identifier, newsletter=plan.newsletter
            )
        _queue_confirmation(order, cart_id=plan.cart.pk)
    return order


def _address(model, name: str | None, address: Address | None, session=None):
    if address is None:
        return None
    return model.objects.create(
        name=(name or "")[:200],
        address_line1=(address.line1 or "")[:200],
        address_line2=(address.line2 or "")[:200],
        city=(address.city or "")[:200],
        state=(address.state or "")[:40],
        zip=(address.postal_code or "")[:20],
        country=(address.country or "")[:200],
        country_code=(address.country or "")[:10],
        phone=((session.customer_phone if session else None) or "")[:30],
    )


def _main_image_url(images) -> str:
    return next((image.image_url for image in images if image.main_image), "")


def _write_lines(order: Order, plan: _Plan) -> None:
    rows = []
    for line in plan.lines:
        priced = plan.totals.line_for(line.sku_id)
        sku = line.sku
        productskus = list(sku.productskus.all())
        product = productskus[0].product if productskus else None
        image = _main_image_url(sku.images.all()) or (
            _main_image_url(product.images.all()) if product else ""
        )
        rows.append(
            Ordersku(
                order=order,
                sku=sku,
                quantity=line.quantity,
                price_each=priced.unit_price,
                discount_amt=priced.discount,
                product_title=product.title if product else "",
                product_title_url=product.title_url if product else "",
                product_identifier=product.identifier if product else "",
                sku_type_title=sku.sku_type.title,
                sku_color=sku.color,
                sku_size=sku.size,
                sku_description=sku.description,
                sku_image_url=image[:500],
            )
        )
    Ordersku.objects.bulk_create(rows)


def _write_discounts(order: Order, plan: _Plan) -> None:
    codes = {applied.discountcode_id: applied.discountcode for applied in plan.discounts}
    rows = []
    for result in plan.totals.discounts:
        code = codes[result.discount_code_id]
        rows.append(
            Orderdiscount(
                order=order,
                discountcode=code,
                code=code.code,
                description=code.description,
                applies_to=code.discounttype.applies_to,
                action=code.discounttype.action,
                applied=result.applied,
                amount=result.amount,
            )
        )
    Orderdiscount.objects.bulk_create(rows)


def _write_shipping_method(order: Order, method: Shippingmethod) -> None:
    Ordershippingmethod.objects.create(
        order=order,
        shippingmethod=method,
        identifier=method.identifier,
        carrier=method.carrier,
        shipping_cost=method.shipping_cost,
        tracking_code_base_url=method.tracking_code_base_url,
    )


# -- phase 3 ----------------------------------------------------------------------------------


def _queue_confirmation(order: Order, *, cart_id: int) -> None:
    """After commit: the confirmation task (email, then the cart's deletion)."""
    store_id = current_store().pk
    transaction.on_commit(
        lambda: queue_order_confirmation(store_id=store_id, order_id=order.pk, cart_id=cart_id),
        using=current_alias(),
        robust=True,
    )
