"""What of an order is personal, and how it is blanked when its shopper is erased
(shop.accounts.data_requests) or was erased while their payment was in flight
(shop.orders.services). Amounts, lines, discounts, statuses, shipping method, refunds and the
Stripe ids stay: the order is kept for accounting, and refunds and reconciliation go through
the Stripe ids, which name no one by themselves.

Kept from an address: state, country and country code, the tax jurisdiction the books need;
none of them points at a person alone."""

from __future__ import annotations

from django.db.models import QuerySet

from shop.orders.models import (
    Order,
    Orderbillingaddress,
    Orderemailfailure,
    Orderpayment,
    Ordershippingaddress,
)

ADDRESS_ERASED = {
    "name": "",
    "address_line1": "",
    "address_line2": "",
    "city": "",
    "zip": "",
    "phone": "",
}
PAYMENT_ERASED = {
    "email": "",
    "card_name": "",
    "card_last4": "",
    "card_exp_month": None,
    "card_exp_year": None,
    "card_zip": "",
}
EMAIL_FAILURE_ERASED = {"customer_email": "", "error_message": "(erased)"}


def anonymize_orders(orders: QuerySet[Order]) -> int:
    """Blank the personal fields of `orders` and detach them from their member or prospect;
    the number of orders. Call inside the erasure's transaction."""
    ids = list(orders.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))
    if not ids:
        return 0
    Orderpayment.objects.filter(order__in=ids).update(**PAYMENT_ERASED)
    Ordershippingaddress.objects.filter(order__in=ids).update(**ADDRESS_ERASED)
    Orderbillingaddress.objects.filter(order__in=ids).update(**ADDRESS_ERASED)
    # The failed mail's error may quote the address it was refused for.
    Orderemailfailure.objects.filter(order__in=ids).update(**EMAIL_FAILURE_ERASED)
    Order.objects.filter(pk__in=ids).update(member=None, prospect=None)
    return len(ids)
