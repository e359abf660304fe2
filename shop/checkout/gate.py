"""Who may check out: the store's allow-list and a purchasable cart. The one rule the confirm
endpoints, the confirm page and create-checkout-session all apply."""

from __future__ import annotations

from shop.cart.models import Cart
from shop.cart.selectors import list_cart_lines
from shop.cart.shopper import Shopper
from shop.catalog.models import IN_STOCK
from shop.orders.configuration import Key, is_allowed_by_list


def is_cart_purchasable(*, cart: Cart | None) -> bool:
    """Not empty, and every line in stock with a price (inventory enforced on the server)."""
    if cart is None:
        return False
    lines = list(list_cart_lines(cart=cart))
    return bool(lines) and all(
        # A tracked SKU's units are checked by the reservation, which names what is left.
        (line.sku.sku_inventory.identifier == IN_STOCK or line.sku.track_quantity)
        and line.unit_price is not None
        for line in lines
    )


def is_checkout_allowed(*, shopper: Shopper, cart: Cart | None) -> bool:
    """The allow-list (usernames for members, `an_ct` values for anonymous shoppers; `*` for
    everyone) and a purchasable cart."""
    if shopper.member is not None:
        listed = is_allowed_by_list(shopper.username, key=Key.USERNAMES_ALLOWED_TO_CHECKOUT)
    else:
        listed = is_allowed_by_list(
            shopper.anonymous_cart_id, key=Key.AN_CT_VALUES_ALLOWED_TO_CHECKOUT
        )
    return listed and is_cart_purchasable(cart=cart)
