"""Refunding an order through the store's Stripe account.

    refund = refund_order(order=order, amount=Decimal("5.00"), reason="...", by_user=user,
                          restock_lines=[(sku_id, 1)])         # amount=None: all that is left
    record_stripe_refund(info)                                 # from a refund webhook

`refund_order` works in three steps, and never holds a lock while Stripe is called:
1. reserve: under the order's row lock, check the amount against what is left (charged minus
   pending and succeeded refunds) and insert a pending Refund with its idempotency key. Two
   admins refunding at once are serialised here, so together they never exceed the charge.
2. ask Stripe (stripe_api.create_refund, Idempotency-Key `refund-<store>-<row id>`).
3. record Stripe's answer with `record_stripe_refund`, the same code the webhooks use.
A refusal from Stripe marks the row failed (its amount is free again). When Stripe cannot be
reached the outcome is unknown: the row stays pending, still reserved, until Stripe's webhook
says what happened.

`record_stripe_refund` is idempotent (keyed by the Stripe refund id, falling back to our row id
in the refund's metadata; a refund made in Stripe's dashboard gets a row of its own). Under the
order's lock it applies Stripe's status, recomputes `Order.amount_refunded` from the succeeded
refunds, enters `partially-refunded` / `refunded` in the status history, and, the first time a
refund succeeds, queues the shopper's refund email (template codes.ORDER_REFUND) after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal

from core.money import InvalidAmount, quantize
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from shop.checkout import stripe_api
from shop.checkout.errors import StripeApiError, StripeUnavailable
from shop.checkout.refund_types import RefundInfo
from shop.emails import codes
from shop.emails.services import send_email_after_commit
from shop.orders.confirmation import recipient_address
from shop.orders.errors import RefundNotAllowed, RefundNotMade
from shop.orders.models import Order, Refund
from shop.orders.refund_stock import choose_restock_lines, restock_refunded_order
from shop.orders.status import PARTIALLY_REFUNDED, REFUNDED, record_refund_status
from shop.store import current_store
from tenants.context import current_alias

log = logging.getLogger(__name__)

ZERO = Decimal("0")
DASHBOARD = "Stripe dashboard"  # created_by_username of a refund we did not make
# Stripe's refund statuses as ours; requires_action waits like pending.
STATUS_FROM_STRIPE = {
    "pending": Refund.Status.PENDING,
    "requires_action": Refund.Status.PENDING,
    "succeeded": Refund.Status.SUCCEEDED,
    "failed": Refund.Status.FAILED,
    "canceled": Refund.Status.FAILED,
}
# Moves Stripe can make once it has confirmed a refund (a bank may return a succeeded one).
MOVES = {
    Refund.Status.PENDING: {Refund.Status.SUCCEEDED, Refund.Status.FAILED},
    Refund.Status.SUCCEEDED: {Refund.Status.FAILED},
    Refund.Status.FAILED: set(),
}


def get_refundable_amount(order: Order) -> Decimal:
    """What can still be refunded: charged minus pending and succeeded refunds."""
    held = Refund.objects.filter(
        order=order, status__in=(Refund.Status.PENDING, Refund.Status.SUCCEEDED)
    ).aggregate(total=Sum("amount"))["total"]
    return max(ZERO, _charged(order) - (held or ZERO))


def refund_order(
    *,
    order: Order,
    amount: Decimal | None,
    reason: str,
    by_user,
    restock: bool = False,
    restock_lines: Sequence[tuple[int, int]] = (),
) -> Refund:
    """Refund `amount` of `order` (None: all that is left); see the module docstring.
    `restock_lines` (SKU id, units) go back to stock when it succeeds; `restock` alone returns
    every unit still returnable (shop.orders.refund_stock). RefundNotAllowed for an amount that
    is not positive or more than is left, or units that cannot be returned; RefundNotMade when
    Stripe refuses or cannot be reached."""
    keys = stripe_api.get_store_keys(tenant_id=current_store().pk)
    refund = _reserve(
        order, amount, reason=reason, by_user=by_user, restock=restock, lines=restock_lines
    )
    try:
        info = stripe_api.create_refund(
            keys=keys,
            payment_intent=order.payment.stripe_payment_intent_id,
            amount=refund.amount,
            currency=order.currency,
            idempotency_key=refund.idempotency_key,
            metadata={
                "refund_id": str(refund.pk),
                "order": order.identifier,
                "tenant": current_store().slug,
            },
        )
    except StripeUnavailable as error:
        log.warning("refund %s of order %s: outcome unknown", refund.pk, order.identifier)
        raise RefundNotMade(
            f"{error.message} The refund of {refund.amount} is pending; Stripe's webhook "
            "will record whether it was made."
        ) from error
    except StripeApiError as error:
        Refund.objects.filter(pk=refund.pk, stripe_refund_id__isnull=True).update(
            status=Refund.Status.FAILED, failure_reason=error.message[:500], updated_at=_now()
        )
        raise RefundNotMade(error.message) from error
    recorded = record_stripe_refund(info)
    return recorded if recorded is not None else _refreshed(refund)


def record_stripe_refund(info: RefundInfo) -> Refund | None:
    """Record what Stripe says of a refund (module docstring). None when its payment intent
    is no order of this store: nothing is touched."""
    order = Order.objects.filter(payment__stripe_payment_intent_id=info.payment_intent_id).first()
    if info.payment_intent_id is None or order is None:
        return None
    with transaction.atomic(using=current_alias()):
        order = (
            Order.objects.select_for_update(of=("self",)).select_related("payment").get(pk=order.pk)
        )
        refund = _find(order, info)
        new_status = STATUS_FROM_STRIPE.get(info.status, Refund.Status.PENDING)
        if refund is None:
            refund = Refund.objects.create(
                order=order,
                amount=info.amount,
                reason=info.reason or "",
                status=new_status,
                failure_reason=info.failure_reason or "",
                stripe_refund_id=info.refund_id,
                created_by_username=DASHBOARD,
            )
            succeeded = new_status == Refund.Status.SUCCEEDED
        else:
            succeeded = _apply(refund, info, new_status)
        _settle(order)
        if succeeded:
            _queue_email(order, refund)
            restock_refunded_order(order, refund)
    return refund


# -- internals ---------------------------------------------------------------------------------


def _reserve(
    order: Order,
    amount: Decimal | None,
    *,
    reason: str,
    by_user,
    restock: bool,
    lines: Sequence[tuple[int, int]],
) -> Refund:
    with transaction.atomic(using=current_alias()):
        order = (
            Order.objects.select_for_update(of=("self",)).select_related("payment").get(pk=order.pk)
        )
        if order.payment is None or not order.payment.stripe_payment_intent_id:
            raise RefundNotAllowed("This order was not paid through Stripe: nothing to refund.")
        left = get_refundable_amount(order)
        if amount is None:
            amount = left
        amount = _money(amount, order.currency)
        if amount <= 0:
            raise RefundNotAllowed(
                "Nothing is left to refund." if left <= 0 else "A refund must be above 0."
            )
        if amount > left:
            raise RefundNotAllowed(
                f"{amount} {order.currency} is more than is left to refund "
                f"({left} {order.currency})."
            )
        restock_lines = choose_restock_lines(order, restock=restock, requested=lines)
        refund = Refund.objects.create(
            order=order,
            amount=amount,
            reason=reason[:500],
            restock=bool(restock_lines),
            restock_lines=restock_lines,
            created_by_id=getattr(by_user, "pk", None),
            created_by_username=(by_user.get_username() if by_user is not None else "")[:150],
        )
        # The key is the row's, so a retried request for this refund can never make a second.
        refund.idempotency_key = f"refund-{current_store().pk}-{refund.pk}"
        refund.save(update_fields=["idempotency_key"])
    return refund


def _find(order: Order, info: RefundInfo) -> Refund | None:
    refund = Refund.objects.filter(stripe_refund_id=info.refund_id).first()
    if refund is not None:
        return refund if refund.order_id == order.pk else None
    ours = info.metadata.get("refund_id", "")
    if ours.isdigit():
        return Refund.objects.filter(
            pk=int(ours), order=order, stripe_refund_id__isnull=True
        ).first()
    return None


def _apply(refund: Refund, info: RefundInfo, new_status: str) -> bool:
    """Move the row to Stripe's status if that is a move Stripe can make (an old event
    delivered late changes nothing). True when it has just succeeded."""
    confirmed = refund.stripe_refund_id is not None
    if refund.status == new_status and confirmed:
        return False
    # Until Stripe has named the refund, our own status (a local failure) is no evidence.
    if confirmed and new_status not in MOVES[refund.status]:
        return False
    succeeded = new_status == Refund.Status.SUCCEEDED and refund.status != new_status
    refund.status = new_status
    refund.stripe_refund_id = info.refund_id
    refund.failure_reason = (info.failure_reason or "")[:500]
    refund.updated_at = _now()
    refund.save(update_fields=["status", "stripe_refund_id", "failure_reason", "updated_at"])
    return succeeded


def _settle(order: Order) -> None:
    """The order's refunded total and refund status from its succeeded refunds."""
    refunded = (
        Refund.objects.filter(order=order, status=Refund.Status.SUCCEEDED).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    Order.objects.filter(pk=order.pk).update(amount_refunded=refunded)
    order.amount_refunded = refunded
    if refunded >= _charged(order) > 0:
        record_refund_status(order, REFUNDED)
    elif refunded > 0:
        record_refund_status(order, PARTIALLY_REFUNDED)


def _queue_email(order: Order, refund: Refund) -> None:
    order = Order.objects.select_related("payment", "member__user", "prospect").get(pk=order.pk)
    member, prospect = order.member, order.prospect
    first_name = member.user.first_name if member else (prospect.first_name if prospect else "")
    send_email_after_commit(
        em_cd=codes.ORDER_REFUND,
        to=[recipient_address(order)],
        context={
            "recipient_first_name": first_name or "there",
            "identifier": order.identifier,
            "refund_amount": f"{refund.amount} {order.currency}",
            "amount_refunded": f"{order.amount_refunded} {order.currency}",
            "amount_charged": f"{_charged(order)} {order.currency}",
        },
        member=member,
        prospect=prospect,
    )


def _charged(order: Order) -> Decimal:
    return order.amount_charged if order.amount_charged is not None else order.order_total


def _money(amount: Decimal, currency: str) -> Decimal:
    try:
        rounded = quantize(amount, currency)
    except InvalidAmount as error:
        raise RefundNotAllowed(str(error)) from error
    if rounded != amount:
        raise RefundNotAllowed(f"{amount} is not an amount of {currency}.")
    return rounded


def _refreshed(refund: Refund) -> Refund:
    refund.refresh_from_db()
    return refund


def _now():
    return timezone.now()
