"""The checkout gate and the confirm page's reads (`checkout-allowed`, `confirm-*`): each
answers `{"checkout_allowed": false}` alone when the shopper may not check out."""

from __future__ import annotations

from django.http import HttpRequest

from shop.api import order_endpoint
from shop.cart import payloads, selectors
from shop.cart.models import Cart
from shop.cart.shopper import get_shopper
from shop.checkout.gate import is_checkout_allowed


def _gate(request: HttpRequest) -> tuple[bool, Cart | None]:
    shopper = get_shopper(request)
    cart = selectors.get_cart(shopper=shopper)
    return is_checkout_allowed(shopper=shopper, cart=cart), cart


@order_endpoint("checkout_allowed")
def checkout_allowed(request: HttpRequest) -> dict:
    allowed, _ = _gate(request)
    return {"checkout_allowed": allowed}


@order_endpoint("confirm_items")
def confirm_items(request: HttpRequest) -> dict:
    allowed, cart = _gate(request)
    if not allowed:
        return {"checkout_allowed": False}
    return {"checkout_allowed": True, "cart_found": True, "item_data": payloads.item_data(cart)}


@order_endpoint("confirm_shipping_method")
def confirm_shipping_method(request: HttpRequest) -> dict:
    allowed, cart = _gate(request)
    if not allowed:
        return {"checkout_allowed": False}
    selected = selectors.get_cart_shipping_method(cart=cart)
    return {
        "checkout_allowed": True,
        "cart_found": True,
        "confirm_shipping_method": payloads.shipping_method_data(
            selected.shippingmethod if selected else None
        ),
    }


@order_endpoint("confirm_discount_codes")
def confirm_discount_codes(request: HttpRequest) -> dict:
    allowed, cart = _gate(request)
    if not allowed:
        return {"checkout_allowed": False}
    totals = selectors.get_cart_totals(cart=cart)
    return {
        "checkout_allowed": True,
        "cart_found": True,
        "discount_code_data": payloads.discount_code_data(cart, totals),
    }


@order_endpoint("confirm_totals")
def confirm_totals(request: HttpRequest) -> dict:
    allowed, cart = _gate(request)
    if not allowed:
        return {"checkout_allowed": False}
    totals = selectors.get_cart_totals(cart=cart)
    return {
        "checkout_allowed": True,
        "cart_found": True,
        "confirm_totals_data": payloads.totals_data(totals),
    }
