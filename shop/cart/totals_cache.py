"""`/order/cart-totals` from the catalog cache (shop.catalog.cache, issue 13.5).

A cart's totals are built once per (catalog version, cart version) and then served from the
per-process memo or Redis: a repeat read runs no query (a member's still looks up the member).
The cart version is a scope of the store's catalog cache named by who owns the cart, as a
reader knows it before any query: `a:<anonymous cart id>` (the signed `an_ct` cookie) or
`m:<member id>`. What else the totals show bumps the catalog version: prices, discount codes
and types, shipping methods, the tax rate (their admins and imports) and seeding.

Every write that changes a cart calls `cart_changed` in its transaction (the cart's scopes get
new versions after commit): the services of shop.cart (through `_changed`), the login merge
(both carts), the order confirmation's deletion of the cart, and the carts' admin pages. A
totals entry that depends on a discount's window lives only until that window opens or closes.
"""

from __future__ import annotations

from shop.api import render_body
from shop.cart import payloads, selectors
from shop.cart.models import Cart
from shop.cart.shopper import Shopper
from shop.catalog.cache import bump_scoped_versions, cached_scoped_json

NO_CART = "-"  # a shopper with neither a member nor a cart cookie


def _scopes(*, member_id: int | None, anonymous_cart_id: str | None) -> list[str]:
    scopes = []
    if member_id is not None:
        scopes.append(f"m:{member_id}")
    if anonymous_cart_id:
        scopes.append(f"a:{anonymous_cart_id}")
    return scopes


def shopper_scope(shopper: Shopper) -> str:
    """The scope whose cart `shop.cart.selectors.get_cart(shopper=...)` finds."""
    if shopper.member is not None:
        return f"m:{shopper.member.pk}"
    if shopper.anonymous_cart_id:
        return f"a:{shopper.anonymous_cart_id}"
    return NO_CART


def cart_changed(*carts: Cart | None) -> None:
    """The carts' totals are rebuilt once the current transaction commits. Give each cart as
    its owners knew it before the write (a merged cart loses its anonymous id)."""
    bump_scoped_versions(
        scope
        for cart in carts
        if cart is not None
        for scope in _scopes(member_id=cart.member_id, anonymous_cart_id=cart.anonymous_cart_id)
    )


def cart_totals_body(shopper: Shopper) -> bytes:
    """`/order/cart-totals`'s JSON body for this shopper, byte for byte the uncached one."""

    def build() -> tuple[bytes, object]:
        cart = selectors.get_cart(shopper=shopper)
        totals, changes = selectors.get_cart_totals_until(cart=cart)
        body = render_body(
            {"cart_found": cart is not None, "cart_totals_data": payloads.totals_data(totals)}
        )
        return body, changes

    return cached_scoped_json("cart-totals", shopper_scope(shopper), build)
