"""Reads for the checkout confirm page. The numbers come from the same selectors and payloads
as the `/order/confirm-*` API, so the page and the API never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from shop.cart import payloads as cart_payloads
from shop.cart import selectors as cart_selectors
from shop.cart.models import Cart
from shop.cart.shopper import Shopper
from shop.checkout.services import CheckoutNotAllowed, check_checkout
from shop.errors import CartNotFound
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
