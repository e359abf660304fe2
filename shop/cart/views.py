"""`/order/cart-*`: read and change the shopper's cart. Each view parses, calls one service
or selector, and returns the reference's JSON (rendered by shop.api.order_endpoint)."""

from __future__ import annotations

from django.http import HttpRequest

from shop import pricing
from shop.api import Rendered, order_endpoint, parse_id, read_text
from shop.cart import payloads, selectors, services
from shop.cart.cookies import remember_cart_cookie
from shop.cart.models import Cart
from shop.cart.shopper import get_shopper
from shop.cart.totals_cache import cart_totals_body
from shop.cart.validation import parse_quantity
from shop.errors import CartNotFound, InvalidInput, NotFound

POST = ("POST",)


def _cart_or_error(request: HttpRequest) -> Cart:
    cart = selectors.get_cart(shopper=get_shopper(request))
    if cart is None:
        raise CartNotFound()
    return cart


def _required(request: HttpRequest, name: str, code: str) -> str:
    value = read_text(request, name)
    if value is None:
        raise InvalidInput(f"{name} is required.", code=code)
    return value


def _cart_state(cart: Cart, totals: pricing.CartTotals | None = None) -> dict:
    totals = totals or selectors.get_cart_totals(cart=cart)
    return {
        "cart_found": True,
        "discount_code_data": payloads.discount_code_data(cart, totals),
        "cart_totals_data": payloads.totals_data(totals),
    }


@order_endpoint("cart_items")
def cart_items(request: HttpRequest) -> dict:
    cart = selectors.get_cart(shopper=get_shopper(request))
    return {"cart_found": cart is not None, "item_data": payloads.item_data(cart)}


@order_endpoint("cart_shipping_methods")
def cart_shipping_methods(request: HttpRequest) -> dict:
    """Also gives a cart without a selection the store's default method (the reference's
    side effect of this GET)."""
    cart = selectors.get_cart(shopper=get_shopper(request))
    if cart is None:
        return {"cart_found": False, "cart_shipping_methods": {}, "shipping_method_selected": None}
    selected = services.assign_default_shipping_method(cart=cart)
    return {
        "cart_found": True,
        "cart_shipping_methods": payloads.shipping_methods_data(),
        "shipping_method_selected": selected.identifier if selected else None,
    }


@order_endpoint("cart_totals")
def cart_totals(request: HttpRequest) -> Rendered:
    return Rendered(cart_totals_body(get_shopper(request)))


@order_endpoint("cart_add_product_sku", methods=POST, echo=("sku_id",))
def cart_add_product_sku(request: HttpRequest) -> dict:
    raw_sku_id = _required(request, "sku_id", "sku-id-required")
    quantity = parse_quantity(read_text(request, "quantity"))
    sku_id = parse_id(raw_sku_id)
    if sku_id is None:
        raise NotFound("No such SKU.", code="sku-not-found")
    shopper = get_shopper(request)
    cart = services.add_sku_to_shoppers_cart(shopper=shopper, sku_id=sku_id, quantity=quantity).cart
    if cart.anonymous_cart_id and cart.anonymous_cart_id != shopper.anonymous_cart_id:
        remember_cart_cookie(request, cart.anonymous_cart_id)
    return {
        "cart_add_product_sku": "success",
        "sku_id": raw_sku_id,
        "cart_item_count": selectors.count_cart_items(cart=cart),
    }


def _line_sku_id(raw: str) -> int:
    sku_id = parse_id(raw)
    if sku_id is None:
        raise NotFound("That SKU is not in the cart.", code="cart-sku-not-found")
    return sku_id


@order_endpoint("cart_update_sku_quantity", methods=POST, echo=("sku_id",))
def cart_update_sku_quantity(request: HttpRequest) -> dict:
    cart = _cart_or_error(request)
    raw_sku_id = _required(request, "sku_id", "sku-id-required")
    quantity = parse_quantity(read_text(request, "quantity"))
    sku_id = _line_sku_id(raw_sku_id)
    services.update_sku_quantity(cart=cart, sku_id=sku_id, quantity=quantity)
    totals = selectors.get_cart_totals(cart=cart)
    line = totals.line_for(sku_id)
    return {
        "cart_update_sku_quantity": "success",
        "sku_id": raw_sku_id,
        "sku_subtotal": line.total if line else None,
        **_cart_state(cart, totals),
    }


@order_endpoint("cart_remove_sku", methods=POST, echo=("sku_id",))
def cart_remove_sku(request: HttpRequest) -> dict:
    cart = _cart_or_error(request)
    raw_sku_id = _required(request, "sku_id", "sku-id-required")
    services.remove_sku_from_cart(cart=cart, sku_id=_line_sku_id(raw_sku_id))
    return {
        "cart_remove_sku": "success",
        "sku_id": raw_sku_id,
        "cart_item_count": selectors.count_cart_items(cart=cart),
        "cart_shipping_methods": payloads.shipping_methods_data(),
        "shipping_method_selected": None,
        **_cart_state(cart),
    }


@order_endpoint("cart_update_shipping_method", methods=POST, echo=("shipping_method_identifier",))
def cart_update_shipping_method(request: HttpRequest) -> dict:
    cart = _cart_or_error(request)
    identifier = _required(
        request, "shipping_method_identifier", "shipping-method-identifier-required"
    )
    method = services.select_shipping_method(cart=cart, identifier=identifier)
    return {
        "cart_update_shipping_method": "success",
        "shipping_method_identifier": method.identifier,
        **_cart_state(cart),
    }


@order_endpoint("cart_delete_cart", methods=POST)
def cart_delete_cart(request: HttpRequest) -> dict:
    services.delete_cart(cart=_cart_or_error(request))
    return {"cart_delete_cart": "success"}


@order_endpoint("cart_discount_codes")
def cart_discount_codes(request: HttpRequest) -> dict:
    cart = selectors.get_cart(shopper=get_shopper(request))
    totals = selectors.get_cart_totals(cart=cart)
    return {
        "cart_found": cart is not None,
        "discount_code_data": payloads.discount_code_data(cart, totals),
    }


@order_endpoint("cart_apply_discount_code", methods=POST, echo=("discount_code_id",))
def cart_apply_discount_code(request: HttpRequest) -> dict:
    """`discount_code_id` carries the code itself (as in the reference)."""
    cart = _cart_or_error(request)
    code = _required(request, "discount_code_id", "discount-code-required")
    if len(code) > 100:
        raise NotFound("No such discount code.", code="cart-discount-code-not-found")
    services.apply_discount_code(cart=cart, code=code)
    return {"cart_apply_discount_code": "success", "discount_code_id": code, **_cart_state(cart)}


@order_endpoint("cart_remove_discount_code", methods=POST, echo=("discount_code_id",))
def cart_remove_discount_code(request: HttpRequest) -> dict:
    """`discount_code_id` is the code's numeric id (as in the reference) or the code."""
    cart = _cart_or_error(request)
    value = _required(request, "discount_code_id", "discount-code-required")
    services.remove_discount_code(cart=cart, discount_code=value[:100])
    return {"cart_remove_discount_code": "success", "discount_code_id": value, **_cart_state(cart)}
