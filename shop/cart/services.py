"""Changes to carts. Every write keeps a line's quantity within 1..99 (the database checks it
too), refuses SKUs that cannot be bought, and never lets one store's rows reach another: all
lookups run in the current store's schema."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shop.cart.models import MAX_QUANTITY, Cart, Cartdiscount, Cartshippingmethod, Cartsku
from shop.cart.shopper import Shopper
from shop.cart.totals_cache import cart_changed
from shop.cart.validation import quantity_error
from shop.catalog import stock
from shop.catalog.models import Sku
from shop.catalog.selectors import latest_price_subquery
from shop.codes import new_anonymous_cart_id
from shop.discounts import limits as discount_limits
from shop.discounts.models import Discountcode
from shop.errors import DiscountNotApplicable, NotFound, OutOfStock
from shop.orders.configuration import Key, get_config_string
from shop.shipping.models import Shippingmethod
from shop.shipping.selectors import get_active_shipping_method
from tenants.context import current_alias


def _atomic():
    return transaction.atomic(using=current_alias())


def _changed(cart: Cart) -> None:
    """Every write to a cart ends here: its update time, and its cached totals retired."""
    Cart.objects.filter(pk=cart.pk).update(updated_date_time=timezone.now())
    cart_changed(cart)


def ensure_cart(*, shopper: Shopper) -> Cart:
    """The shopper's cart, created if missing. An anonymous shopper keeps the id of a valid
    cookie (its cart may have been deleted) or gets a new one; the caller sets the cookie
    when `cart.anonymous_cart_id` differs from `shopper.anonymous_cart_id`."""
    if shopper.member is not None:
        cart, created = Cart.objects.get_or_create(member=shopper.member)
    else:
        anonymous_cart_id = shopper.anonymous_cart_id or new_anonymous_cart_id()
        cart, created = Cart.objects.get_or_create(anonymous_cart_id=anonymous_cart_id)
    if created:
        cart_changed(cart)  # its owner's cached "no cart" is retired
    return cart


def get_purchasable_sku(*, sku_id: int) -> Sku:
    """A SKU that belongs to a product; refused when it is not in stock or has no price."""
    sku = (
        Sku.objects.filter(pk=sku_id, productskus__isnull=False)
        .select_related("sku_inventory")
        .annotate(unit_price=latest_price_subquery("pk"))
        .first()
    )
    if sku is None:
        raise NotFound(f"No SKU {sku_id}.", code="sku-not-found")
    sellable = stock.can_add_to_cart(state=sku.sku_inventory.identifier, tracked=sku.track_quantity)
    if not sellable or sku.unit_price is None:
        raise OutOfStock(f"SKU {sku_id} cannot be bought now.", code="sku-not-available")
    return sku


def add_sku_to_cart(*, cart: Cart, sku_id: int, quantity: int) -> Cartsku:
    """Add `quantity` units (a new line, or more of an existing one, at most 99 in all)."""
    return _add_line(cart=cart, sku=get_purchasable_sku(sku_id=sku_id), quantity=quantity)


def add_sku_to_shoppers_cart(*, shopper: Shopper, sku_id: int, quantity: int) -> Cartsku:
    """The same, creating the shopper's cart on the first add (never for a refused SKU)."""
    sku = get_purchasable_sku(sku_id=sku_id)
    return _add_line(cart=ensure_cart(shopper=shopper), sku=sku, quantity=quantity)


def _add_line(*, cart: Cart, sku: Sku, quantity: int) -> Cartsku:
    with _atomic():
        line, created = Cartsku.objects.get_or_create(
            cart=cart, sku=sku, defaults={"quantity": quantity}
        )
        if not created:
            grown = Cartsku.objects.filter(
                pk=line.pk, quantity__lte=MAX_QUANTITY - quantity
            ).update(quantity=F("quantity") + quantity)
            if not grown:
                raise quantity_error(
                    "out_of_range", f"A cart holds at most {MAX_QUANTITY} of one item."
                )
            line.refresh_from_db(fields=["quantity"])
        _changed(cart)
    return line


def _get_line(*, cart: Cart, sku_id: int) -> Cartsku:
    line = Cartsku.objects.filter(cart=cart, sku_id=sku_id).first()
    if line is None:
        raise NotFound(f"SKU {sku_id} is not in the cart.", code="cart-sku-not-found")
    return line


def update_sku_quantity(*, cart: Cart, sku_id: int, quantity: int) -> Cartsku:
    """Set a line's quantity (1..99; the caller validates the number itself)."""
    line = _get_line(cart=cart, sku_id=sku_id)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    _changed(cart)
    return line


def remove_sku_from_cart(*, cart: Cart, sku_id: int) -> None:
    """Remove a line; the shipping selection is cleared too (it is re-chosen afterwards)."""
    with _atomic():
        _get_line(cart=cart, sku_id=sku_id).delete()
        Cartshippingmethod.objects.filter(cart=cart).delete()
        _changed(cart)


def select_shipping_method(*, cart: Cart, identifier: str) -> Shippingmethod:
    """Select an ACTIVE method (inactive ones, like `None` at $0.00, are refused: defect 3)."""
    method = get_active_shipping_method(identifier=identifier)
    if method is None:
        raise NotFound(
            f"No active shipping method {identifier!r}.",
            code="error-setting-cart-shipping-method",
        )
    Cartshippingmethod.objects.update_or_create(cart=cart, defaults={"shippingmethod": method})
    _changed(cart)
    return method


def assign_default_shipping_method(*, cart: Cart) -> Shippingmethod | None:
    """Give a cart without an active selection the store's default method, if it is active."""
    selected = Cartshippingmethod.objects.filter(cart=cart).select_related("shippingmethod").first()
    if selected is not None and selected.shippingmethod.active:
        return selected.shippingmethod
    default = get_active_shipping_method(identifier=get_config_string(Key.DEFAULT_SHIPPING_METHOD))
    if default is None:
        return None
    Cartshippingmethod.objects.update_or_create(cart=cart, defaults={"shippingmethod": default})
    cart_changed(cart)
    return default


def delete_cart(*, cart: Cart) -> None:
    cart.delete()
    cart_changed(cart)


def find_discount_code(*, code: str) -> Discountcode:
    found = (
        Discountcode.objects.filter(code__iexact=code.strip())
        .select_related("discounttype")
        .first()
    )
    if found is None:
        raise NotFound(f"No discount code {code!r}.", code="cart-discount-code-not-found")
    return found


def check_discount_code_applicable(*, cart: Cart, code: Discountcode, now: datetime) -> None:
    """The apply-time rules of shop.discounts: window, once per cart, combinability."""
    if not code.start_date_time <= now < code.end_date_time:
        raise DiscountNotApplicable(
            f"{code.code} is not active now.", code="cart-discount-code-not-active"
        )
    present = list(
        Cartdiscount.objects.filter(cart=cart).values_list(
            "discountcode_id", "discountcode__combinable"
        )
    )
    if any(code_id == code.pk for code_id, _ in present):
        raise DiscountNotApplicable(
            f"{code.code} is already applied.", code="cart-discount-code-already-applied"
        )
    if present and (not code.combinable or not all(combinable for _, combinable in present)):
        raise DiscountNotApplicable(
            f"{code.code} cannot be combined with the codes in the cart.",
            code="cart-discount-code-not-combinable",
        )


def apply_discount_code(*, cart: Cart, code: str, now: datetime | None = None) -> Cartdiscount:
    now = now or timezone.now()
    discount = find_discount_code(code=code)
    with _atomic():
        Cart.objects.select_for_update().filter(pk=cart.pk).first()  # one apply at a time
        check_discount_code_applicable(cart=cart, code=discount, now=now)
        discount_limits.check_code_available(discount, cart=cart)
        applied = Cartdiscount.objects.create(
            cart=cart, discountcode=discount, applied_date_time=now
        )
        _changed(cart)
    return applied


def remove_discount_code(*, cart: Cart, discount_code: str) -> Discountcode:
    """Remove a code from the cart, named by its numeric id (the reference) or its code."""
    applied = Cartdiscount.objects.filter(cart=cart).select_related("discountcode")
    if discount_code.isascii() and discount_code.isdigit() and len(discount_code) <= 18:
        applied = applied.filter(discountcode_id=int(discount_code))
    else:
        applied = applied.filter(discountcode__code__iexact=discount_code.strip())
    found = applied.first()
    if found is None:
        raise NotFound("That code is not in the cart.", code="cart-discount-code-not-found")
    found.delete()
    _changed(cart)
    return found.discountcode
