"""Placing an order: the ONE function that turns a paid Checkout Session into an order, used by
the success page and by the webhook alike (the original had two paths; defect 7).

    placed = place_order(session=info)     # PlacedOrder(order, created)

Phase 1, before any transaction: an order that already exists for the session (or its payment
intent) is returned as it is; otherwise the session must be paid (`paid`, or
`no_payment_required` for a zero total), belong to this store (metadata `tenant`), name a cart
(metadata `cart_id`), have the CheckoutSnapshot our checkout froze when it made the session
(`invalid-session` otherwise), and Stripe's `amount_total` and currency must equal the
snapshot's total: otherwise the snapshot is marked mismatched, `[ORDER_AMOUNT_MISMATCH]` is
logged (an alarm watches it) and no order is made (OrderAmountMismatch). The store's initial
status must exist. The live cart is never read: it may have changed while the shopper was on
Stripe's page, and what was paid is what is ordered.

Phase 2, ONE transaction: Orderpayment, both addresses, the guest's Prospect, the Order (the
snapshot's totals, plus `amount_charged` = what Stripe charged: defect 6), the Ordersku rows,
the Orderdiscounts, the first Orderstatus (through the state machine) and the
Ordershippingmethod, all from the snapshot, which is marked paid. Any failure rolls all of it
back.

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
from functools import partial

from core import metrics
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shop.accounts.models import Member
from shop.checkout import snapshots, stock_hooks
from shop.checkout.models import CheckoutSnapshot, CheckoutSnapshotDiscount, CheckoutSnapshotLine
from shop.checkout.stripe_types import Address, CheckoutSessionInfo
from shop.codes import new_order_identifier
from shop.discounts import limits as discount_limits
from shop.errors import Conflict
from shop.orders import prospects
from shop.orders.anonymization import ADDRESS_ERASED
from shop.orders.configuration import Key, get_config_string
from shop.orders.errors import (
    NoCartId,
    NoCheckoutSnapshot,
    OrderAmountMismatch,
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
    snapshot: CheckoutSnapshot
    lines: list[CheckoutSnapshotLine]
    discounts: list[CheckoutSnapshotDiscount]
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
            plan.snapshot.cart_id,
        )
        # Counted once the order commits (a caller's transaction may still roll it back).
        transaction.on_commit(
            partial(metrics.record_order, currency=order.currency, amount=order.amount_charged),
            using=current_alias(),
        )
        return PlacedOrder(order, created=True)
    raise AssertionError("unreachable")  # pragma: no cover


# -- phase 1 ----------------------------------------------------------------------------------


def _prepare(session: CheckoutSessionInfo) -> _Plan:
    if not session.is_paid:
        raise PaymentNotCompleted(session.payment_status)
    if session.metadata.get("tenant") != current_store().slug:
        raise SessionOfAnotherStore()
    if _parse_cart_id(session.metadata.get("cart_id", "")) is None:
        raise NoCartId()
    snapshot = snapshots.find_snapshot(session.session_id)
    if snapshot is None:
        raise NoCheckoutSnapshot()
    if session.amount_total != snapshot.total or session.currency != snapshot.currency:
        snapshots.mark_mismatched(snapshot, amount_charged=session.amount_total)
        metrics.ORDER_AMOUNT_MISMATCH.inc()
        log.error(
            "[ORDER_AMOUNT_MISMATCH] session=%s snapshot=%s cart=%s ours=%s %s stripe=%s %s",
            session.session_id,
            snapshot.pk,
            snapshot.cart_id,
            snapshot.total,
            snapshot.currency,
            session.amount_total,
            session.currency,
        )
        raise OrderAmountMismatch()
    initial_status = get_config_string(Key.INITIAL_ORDER_STATUS)
    if initial_status not in ORDER_TRANSITIONS:
        raise OrderSetupError(f"initial_order_status {initial_status!r} is not an order state.")
    get_status_row(initial_status)
    return _Plan(
        session=session,
        snapshot=snapshot,
        lines=list(snapshot.lines.select_related("sku")),
        discounts=list(snapshot.discounts.all()),
        member=snapshot.member,
        initial_status=initial_status,
        agreed_to_terms=snapshot.agreed_to_terms_of_sale,
        newsletter=snapshot.newsletter,
    )


def _parse_cart_id(value: str) -> int | None:
    if not (value.isascii() and value.isdigit() and 0 < len(value) <= 18):
        return None
    return int(value) or None


# -- phase 2 ----------------------------------------------------------------------------------


def _write_order(plan: _Plan) -> Order:
    session, snapshot = plan.session, plan.snapshot
    now = timezone.now()
    with transaction.atomic(using=current_alias()):
        erased = _shopper_erased(plan)
        member = None if erased else plan.member
        email = "" if erased else (session.customer_email or (member.user.email if member else ""))
        payment = Orderpayment.objects.create(
            email=email,
            payment_type="card" if session.payment_intent_id else "no_payment_required",
            card_name="" if erased else session.customer_name or "",
            stripe_payment_intent_id=session.payment_intent_id,
            stripe_checkout_session_id=session.session_id,
            created_date_time=now,
        )
        shipping_address = _address(
            Ordershippingaddress, session.shipping_name, session.shipping_address, erased=erased
        )
        billing_address = _address(
            Orderbillingaddress,
            session.customer_name,
            session.billing_address,
            session,
            erased=erased,
        )
        prospect = None
        if member is None and not erased:
            prospect = prospects.ensure_order_prospect(
                email=email, name=session.customer_name or ""
            )
        order = Order.objects.create(
            identifier=new_order_identifier(),
            member=member,
            prospect=prospect,
            payment=payment,
            shipping_address=shipping_address,
            billing_address=billing_address,
            item_subtotal=snapshot.item_subtotal,
            item_discount_amt=snapshot.item_discount,
            shipping_amt=snapshot.shipping_cost,
            shipping_discount_amt=snapshot.shipping_discount,
            sales_tax_amt=snapshot.sales_tax,
            order_total=snapshot.total,
            amount_charged=session.amount_total,
            currency=session.currency,
            agreed_with_terms_of_sale=plan.agreed_to_terms,
            order_date_time=now,
        )
        _write_lines(order, plan)
        _write_discounts(order, plan)
        set_status(order, plan.initial_status)
        if snapshot.shipping_identifier:
            _write_shipping_method(order, snapshot)
        # After Orderpayment's insert: only the delivery that won the unique index gets here.
        snapshots.mark_paid(snapshot, amount_charged=session.amount_total)
        stock_hooks.sell_snapshot_stock(snapshot, order_identifier=order.identifier)
        discount_limits.consume_for_order(order=order, snapshot=snapshot, email=email)
        if prospect is not None:
            prospects.note_prospect_order(
                prospect, identifier=order.identifier, newsletter=plan.newsletter
            )
        if erased:
            # Nobody to mail: the shopper asked to be forgotten while paying.
            log.warning("order %s written anonymized: its shopper was erased", order.identifier)
        else:
            _queue_confirmation(order, cart_id=snapshot.cart_id)
    return order


def _shopper_erased(plan: _Plan) -> bool:
    """Lock the member, then the snapshot: the order erasure takes them in
    (shop.accounts.data_requests). Either the erasure waits for this order and anonymizes it,
    or it committed first and this order is written anonymized: never one left with the
    erased shopper's details."""
    if plan.member is not None:
        locked = Member.objects.select_for_update().filter(pk=plan.member.pk)
        if not list(locked.values_list("pk", flat=True)):
            return True
    erased_at = (
        CheckoutSnapshot.objects.select_for_update()
        .filter(pk=plan.snapshot.pk)
        .values_list("personal_data_erased_at", flat=True)
    )
    return any(when is not None for when in erased_at)


def _address(model, name: str | None, address: Address | None, session=None, *, erased=False):
    if address is None:
        return None
    if erased:
        return model.objects.create(
            **ADDRESS_ERASED,
            state=(address.state or "")[:40],
            country=(address.country or "")[:200],
            country_code=(address.country or "")[:10],
        )
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


def _write_lines(order: Order, plan: _Plan) -> None:
    Ordersku.objects.bulk_create(
        Ordersku(
            order=order,
            sku=line.sku,
            quantity=line.quantity,
            price_each=line.unit_price,
            discount_amt=line.discount,
            product_title=line.product_title,
            product_title_url=line.product_title_url,
            product_identifier=line.product_identifier,
            sku_type_title=line.sku_type_title,
            sku_color=line.sku_color,
            sku_size=line.sku_size,
            sku_description=line.sku_description,
            sku_image_url=line.sku_image_url,
        )
        for line in plan.lines
    )


def _write_discounts(order: Order, plan: _Plan) -> None:
    Orderdiscount.objects.bulk_create(
        Orderdiscount(
            order=order,
            discountcode=discount.discountcode,
            code=discount.code,
            description=discount.description,
            applies_to=discount.applies_to,
            action=discount.action,
            applied=discount.applied,
            amount=discount.amount,
        )
        for discount in plan.discounts
    )


def _write_shipping_method(order: Order, snapshot: CheckoutSnapshot) -> None:
    Ordershippingmethod.objects.create(
        order=order,
        shippingmethod=snapshot.shipping_method,
        identifier=snapshot.shipping_identifier,
        carrier=snapshot.shipping_carrier,
        shipping_cost=snapshot.shipping_cost,
        tracking_code_base_url=snapshot.shipping_tracking_code_base_url,
    )


# -- phase 3 ----------------------------------------------------------------------------------


def _queue_confirmation(order: Order, *, cart_id: int | None) -> None:
    """After commit: the confirmation task (email, then the cart's deletion)."""
    store_id = current_store().pk
    transaction.on_commit(
        lambda: queue_order_confirmation(store_id=store_id, order_id=order.pk, cart_id=cart_id),
        using=current_alias(),
        robust=True,
    )
