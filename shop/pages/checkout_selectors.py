"""Reads for the checkout and order pages. The numbers come from the same selectors and
payloads as the `/order/confirm-*` and `/order/<identifier>` API, so a page and the API
never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet

from shop.accounts.models import Member
from shop.cart import payloads as cart_payloads
from shop.cart import selectors as cart_selectors
from shop.cart.models import Cart
from shop.cart.shopper import Shopper
from shop.checkout.services import CheckoutNotAllowed, check_checkout
from shop.errors import CartNotFound
from shop.orders import payloads as order_payloads
from shop.orders.confirmation import recipient_address
from shop.orders.models import Order, Orderstatus
from shop.orders.selectors import list_member_orders
from shop.orders.services import CartIsEmpty

ConfirmState = Literal["ready", "empty", "not-allowed"]


@dataclass(frozen=True)
class ConfirmPage:
    state: ConfirmState
    lines: list[dict[str, Any]]
    shipping_method: dict[str, Any]
    discount_codes: list[dict[str, Any]]
    totals: dict[str, Any]
    member_email: str | None

    @property
    def item_count(self) -> int:
        return len(self.lines)


def get_confirm_page_data(*, shopper: Shopper, cart: Cart | None) -> ConfirmPage:
    """What `/order/checkout-allowed`, `confirm-items`, `confirm-shipping-method`,
    `confirm-discount-codes` and `confirm-totals` answer, for one first paint. The cart's
    shipping method is expected to be set already (the view gives it the default)."""
    member_email = shopper.member.user.email if shopper.member is not None else None
    try:
        check_checkout(shopper=shopper, cart=cart)  # the rule create-checkout-session applies
    except (CartNotFound, CartIsEmpty):
        return ConfirmPage("empty", [], {}, [], {}, member_email)
    except CheckoutNotAllowed:
        return ConfirmPage("not-allowed", [], {}, [], {}, member_email)
    totals = cart_selectors.get_cart_totals(cart=cart)
    lines = []
    for item in cart_payloads.item_data(cart).get("product_sku_data", {}).values():
        line = totals.line_for(item["sku_id"])
        lines.append({**item, "line_total": line.total if line else None})
    selected = cart_selectors.get_cart_shipping_method(cart=cart)
    return ConfirmPage(
        state="ready",
        lines=lines,
        shipping_method=cart_payloads.shipping_method_data(
            selected.shippingmethod if selected else None
        ),
        discount_codes=list(cart_payloads.discount_code_data(cart, totals).values()),
        totals=cart_payloads.totals_data(totals),
        member_email=member_email,
    )


def get_order_page_data(order: Order) -> dict[str, Any]:
    """An order as `/order/<identifier>` gives it (`order_data`), plus what the pages say
    about it: the address its confirmation went to and its current status."""
    data = order_payloads.order_data(order)
    statuses = list(data["order_statuses"].values())  # newest first
    return {
        **data,
        "items": [
            {**item, "line_total": item["price"] * item["quantity"]}
            for item in data["order_items"]["product_sku_data"].values()
        ],
        "current_status": statuses[0] if statuses else None,
        "confirmation_email": recipient_address(order),
        "is_member_order": order.member_id is not None,
    }


def list_order_history(*, member: Member) -> QuerySet[Order]:
    """The member's orders, newest first, each with its status history (current first)."""
    return list_member_orders(member).prefetch_related(
        Prefetch("orderstatuses", queryset=Orderstatus.objects.select_related("status"))
    )
