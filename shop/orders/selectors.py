"""Reads of orders, always in the current store's schema.

`list_member_orders` is what `/user/account-content` lists (`orders_data`, newest first);
`access_order` is the order-detail rule: a member's order only for that member, signed in; a
prospect's order only with the prospect code (`pr_cd`) of its confirmation email (defect 20).
"""

from __future__ import annotations

import hmac

from django.db.models import Prefetch, QuerySet

from shop.accounts.models import Member
from shop.orders.errors import LogInRequiredToViewOrder, OrderNotFound, OrderNotInAccount
from shop.orders.models import Order, Ordersku, Orderstatus

IDENTIFIER_MAX = 20  # Order.identifier's column


def list_member_orders(member: Member) -> QuerySet[Order]:
    """The member's orders, newest first."""
    return Order.objects.filter(member=member).order_by("-order_date_time", "-id")


def get_order_detail(*, identifier: str) -> Order | None:
    """An order with everything its detail page shows, or None."""
    if not (
        0 < len(identifier) <= IDENTIFIER_MAX and identifier.isascii() and identifier.isalnum()
    ):
        return None
    return (
        Order.objects.filter(identifier=identifier)
        .select_related(
            "member",
            "prospect",
            "payment",
            "shipping_address",
            "billing_address",
            "ordershippingmethod",
        )
        .prefetch_related(
            Prefetch(
                "orderskus",
                queryset=Ordersku.objects.select_related("sku__sku_inventory").order_by("id"),
            ),
            Prefetch("orderstatuses", queryset=Orderstatus.objects.select_related("status")),
        )
        .first()
    )


def access_order(
    *,
    identifier: str,
    member: Member | None,
    prospect_code: str | None,
    granted: bool = False,
) -> Order:
    """The order `identifier` if this viewer may see it; the reference's errors otherwise.

    A prospect's order needs its `pr_cd`, or a grant (`granted`: this browser paid for it,
    shop.orders.grants). Without either it is `order-not-found`, like an identifier that does
    not exist, so guessing identifiers tells nothing."""
    order = get_order_detail(identifier=identifier)
    if order is None:
        raise OrderNotFound()
    if order.member_id is not None:
        if member is None:
            raise LogInRequiredToViewOrder()
        if order.member_id != member.pk:
            raise OrderNotInAccount()
        return order
    if granted:
        return order
    expected = order.prospect.pr_cd if order.prospect is not None else ""
    given = (prospect_code or "").encode("utf-8")
    if not (given and expected and hmac.compare_digest(given, expected.encode("utf-8"))):
        raise OrderNotFound()
    return order
