"""Phase 3 of placing an order, after its transaction committed: the confirmation email, then
the cart's deletion. Nothing here can undo the order: the shopper has paid.

The order is claimed first (a conditional UPDATE of `confirmation_claimed_date_time`), so a
task delivered twice mails once. The template is the store's member or prospect confirmation
(Orderconfiguration `order_confirmation_em_cd_member` / `_prospect`), sent through
shop.emails.services.send_email, which logs the Emailsent row after the mail server accepted
the message. Each failure is one Orderemailfailure row with its type plus a log line

    [ORDER_EMAIL_FAILURE] type=<type> order=<identifier> tenant=<store slug>

that the platform's alarm watches: template_lookup (no such template, or no em_cd
configured), formatting (a placeholder the template wants is missing, or the message cannot
be built), smtp_send (the mail server refused or is unreachable), emailsent_log (the mail went
out but its Emailsent row could not be written) and cart_delete.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from core import metrics
from django.db import DatabaseError, transaction
from django.utils import timezone

from shop.cart.models import Cart
from shop.cart.totals_cache import cart_changed
from shop.emails.errors import EmailFormattingError, EmailSendError, EmailTemplateMissing
from shop.emails.services import send_email
from shop.orders.configuration import Key, get_config_string
from shop.orders.models import Order, Orderemailfailure
from shop.store import current_store
from tenants.context import current_alias

log = logging.getLogger(__name__)

FailureType = Orderemailfailure.FailureType


def send_order_confirmation(*, order_id: int, cart_id: int | None) -> Orderemailfailure | None:
    """Email the order's confirmation (once per order) and delete the paid cart. Returns the
    last failure recorded, or None when all went well."""
    order = get_order_for_confirmation(order_id)
    if order is None:
        log.warning("order %s vanished before its confirmation", order_id)
        return None
    failure = None
    if _claim(order):
        failure = _email_confirmation(order)
    if cart_id is not None:
        failure = _delete_cart(order, cart_id) or failure
    return failure


def get_order_for_confirmation(order_id: int, *, lock: bool = False) -> Order | None:
    """The order with everything its confirmation email names (`lock`: its row locked)."""
    orders = Order.objects.select_related(
        "member__user", "prospect", "payment", "shipping_address", "billing_address"
    )
    if lock:
        orders = orders.select_for_update(of=("self",))
    return orders.filter(pk=order_id).first()


# Failures after which the shopper got no mail: sending again is safe. (After emailsent_log
# the mail went out; after cart_delete too.)
RESENDABLE = frozenset({FailureType.TEMPLATE_LOOKUP, FailureType.FORMATTING, FailureType.SMTP_SEND})


@dataclass(frozen=True)
class Resend:
    """What `resend_order_confirmation` did: sent, nothing to send, or the new failure."""

    sent: bool
    failure: Orderemailfailure | None = None


def resend_order_confirmation(*, order: Order, resolved_by: str) -> Resend:
    """Send an order's confirmation again once the store's admin has fixed what failed (the
    template, the mail server). Only while the order has an open failure after which no mail
    went out; two resends at once mail once (the claim is a compare-and-swap on the last
    claim's time). On success the open failures are resolved; else the new failure is
    recorded and returned."""
    open_failures = Orderemailfailure.objects.filter(
        order=order, resolved=False, failure_type__in=RESENDABLE
    )
    if not open_failures.exists():
        return Resend(sent=False)
    reclaimed = Order.objects.filter(
        pk=order.pk, confirmation_claimed_date_time=order.confirmation_claimed_date_time
    ).update(confirmation_claimed_date_time=timezone.now())
    if not reclaimed:
        return Resend(sent=False)  # another resend has it
    failure = _email_confirmation(order)
    if failure is not None:
        return Resend(sent=False, failure=failure)
    open_failures.update(
        resolved=True,
        resolved_date_time=timezone.now(),
        resolved_by=resolved_by[:150],
        resolution_notes="Confirmation sent again.",
    )
    return Resend(sent=True)


def _claim(order: Order) -> bool:
    claimed = Order.objects.filter(pk=order.pk, confirmation_claimed_date_time__isnull=True).update(
        confirmation_claimed_date_time=timezone.now()
    )
    return bool(claimed)


def _email_confirmation(order: Order) -> Orderemailfailure | None:
    member, prospect = order.member, order.prospect
    key = (
        Key.ORDER_CONFIRMATION_EM_CD_MEMBER
        if member is not None
        else Key.ORDER_CONFIRMATION_EM_CD_PROSPECT
    )
    em_cd = get_config_string(key)
    if not em_cd:
        return record_email_failure(
            order, FailureType.TEMPLATE_LOOKUP, f"Orderconfiguration {key} is not set."
        )
    recipient = recipient_address(order)
    try:
        context = confirmation_context(order)
        send_email(em_cd=em_cd, to=[recipient], context=context, member=member, prospect=prospect)
    except EmailTemplateMissing as error:
        return record_email_failure(order, FailureType.TEMPLATE_LOOKUP, error.message)
    except EmailFormattingError as error:
        return record_email_failure(order, FailureType.FORMATTING, error.message)
    except EmailSendError as error:
        return record_email_failure(order, FailureType.SMTP_SEND, error.message)
    except DatabaseError as error:
        return record_email_failure(order, FailureType.EMAILSENT_LOG, str(error))
    log.info("order %s confirmation %s sent", order.identifier, em_cd)
    return None


def _delete_cart(order: Order, cart_id: int) -> Orderemailfailure | None:
    try:
        with transaction.atomic(using=current_alias()):
            cart = Cart.objects.filter(pk=cart_id).first()
            if cart is not None:
                cart.delete()
                cart_changed(cart)
    except DatabaseError as error:
        return record_email_failure(
            order, FailureType.CART_DELETE, f"cart {cart_id}: {error}", phase="post_email"
        )
    return None


def record_email_failure(
    order: Order, failure_type: str, message: str, *, phase: str = "email_send"
) -> Orderemailfailure:
    with transaction.atomic(using=current_alias()):
        # Under the order's lock and read afresh: an erasure of its shopper that committed
        # meanwhile (shop.accounts.data_requests) has blanked the address, and one still
        # running waits for this row and blanks it.
        fresh = get_order_for_confirmation(order.pk, lock=True) or order
        failure = Orderemailfailure.objects.create(
            order=fresh,
            failure_type=failure_type,
            error_message=message[:5000],
            customer_email=recipient_address(fresh)[:254],
            is_member_order=order.member_id is not None,
            phase=phase,
        )
    metrics.ORDER_EMAIL_FAILURE.inc()
    log.error(
        "[ORDER_EMAIL_FAILURE] type=%s order=%s tenant=%s",
        failure_type,
        order.identifier,
        current_store().slug,
    )
    return failure


def recipient_address(order: Order) -> str:
    if order.payment is not None and order.payment.email:
        return order.payment.email
    if order.member is not None:
        return order.member.user.email
    return order.prospect.email if order.prospect is not None else ""


# -- the email's text -----------------------------------------------------------------------


def confirmation_context(order: Order) -> dict[str, str]:
    """The placeholders of the confirmation templates (shop.emails.seed). No payment-card
    line: Stripe Checkout gives the store no card data, so none is invented (defect 9)."""
    member, prospect = order.member, order.prospect
    if member is not None:
        first_name, codes = member.user.first_name, {"mb_cd": member.mb_cd}
    else:
        first_name, codes = (
            (prospect.first_name if prospect else ""),
            {"pr_cd": prospect.pr_cd if prospect else ""},
        )
    return {
        "recipient_first_name": first_name or "there",
        "identifier": order.identifier,
        "order_date_time": timezone.localtime(order.order_date_time).strftime("%Y-%m-%d %H:%M %Z"),
        "product_information": _products(order),
        "shipping_information": _shipping(order),
        "order_total_information": _totals(order),
        "shipping_address_information": _address(order.shipping_address),
        "billing_address_information": _address(order.billing_address),
        **codes,
    }


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount} {currency}"


def _products(order: Order) -> str:
    rows = []
    for line in order.orderskus.all():
        label = " - ".join(part for part in (line.sku_color, line.sku_size) if part)
        title = line.product_title or line.sku_description
        rows.append(
            f"{line.quantity} x {title}{f' ({label})' if label else ''} "
            f"@ {_money(line.price_each, order.currency)}"
        )
    return "\n".join(rows)


def _shipping(order: Order) -> str:
    method = getattr(order, "ordershippingmethod", None)
    if method is None:
        return "No shipping method"
    return f"{method.carrier}: {_money(method.shipping_cost, order.currency)}"


def _totals(order: Order) -> str:
    rows = [f"Items: {_money(order.item_subtotal, order.currency)}"]
    if order.item_discount_amt:
        rows.append(f"Item discount: -{_money(order.item_discount_amt, order.currency)}")
    rows.append(f"Shipping: {_money(order.shipping_amt, order.currency)}")
    if order.shipping_discount_amt:
        rows.append(f"Shipping discount: -{_money(order.shipping_discount_amt, order.currency)}")
    if order.sales_tax_amt:
        rows.append(f"Sales tax: {_money(order.sales_tax_amt, order.currency)}")
    rows.append(f"Order total: {_money(order.order_total, order.currency)}")
    return "\n".join(rows)


def _address(address) -> str:
    if address is None:
        return "Not given"
    city = " ".join(part for part in (address.city, address.state, address.zip) if part)
    lines = [address.name, address.address_line1, address.address_line2, city, address.country]
    return "\n".join(line for line in lines if line)
