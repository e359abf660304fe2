"""Reads of carts: finding the shopper's cart, its lines, and its totals (via shop.pricing)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from shop import pricing
from shop.cart.models import Cart, Cartdiscount, Cartshippingmethod, Cartsku
from shop.cart.shopper import Shopper
from shop.catalog.selectors import latest_price_subquery
from shop.orders.configuration import get_sales_tax_rate


def get_cart(*, shopper: Shopper) -> Cart | None:
    if shopper.member is not None:
        return Cart.objects.filter(member=shopper.member).first()
    if shopper.anonymous_cart_id:
        return Cart.objects.filter(
            anonymous_cart_id=shopper.anonymous_cart_id, member__isnull=True
        ).first()
    return None


def list_cart_lines(*, cart: Cart) -> QuerySet[Cartsku]:
    """The cart's lines with SKU, inventory state, type and `unit_price` (newest price)."""
    return (
        Cartsku.objects.filter(cart=cart)
        .select_related("sku__sku_inventory", "sku__sku_type")
        .annotate(unit_price=latest_price_subquery())
        .order_by("id")
    )


def list_cart_discounts(*, cart: Cart) -> QuerySet[Cartdiscount]:
    return (
        Cartdiscount.objects.filter(cart=cart)
        .select_related("discountcode__discounttype", "discountcode__shipping_method")
        .order_by("applied_date_time", "id")
    )


def get_cart_shipping_method(*, cart: Cart) -> Cartshippingmethod | None:
    return Cartshippingmethod.objects.filter(cart=cart).select_related("shippingmethod").first()


def count_cart_items(*, cart: Cart | None) -> int:
    """Distinct lines, not units (the cart badge of the reference)."""
    return 0 if cart is None else Cartsku.objects.filter(cart=cart).count()


def as_pricing_discount(cartdiscount: Cartdiscount) -> pricing.Discount:
    code = cartdiscount.discountcode
    return pricing.Discount(
        discount_code_id=code.pk,
        code=code.code,
        action=code.discounttype.action,
        amount=code.discount_amount,
        order_minimum=code.order_minimum,
        start_date_time=code.start_date_time,
        end_date_time=code.end_date_time,
        combinable=code.combinable,
        shipping_method_identifier=code.shipping_method.identifier
        if code.shipping_method_id
        else None,
    )


def get_cart_totals(*, cart: Cart | None, now: datetime | None = None) -> pricing.CartTotals:
    """The cart priced now: the only way any code gets a cart's money."""
    return get_cart_totals_until(cart=cart, now=now)[0]


def get_cart_totals_until(
    *, cart: Cart | None, now: datetime | None = None
) -> tuple[pricing.CartTotals, datetime | None]:
    """The cart priced now, and the moment its totals may change by time alone (a discount
    window's edge; None: never) for shop.cart.totals_cache."""
    now = now or timezone.now()
    if cart is None:
        totals = pricing.price_cart(
            lines=[], shipping=None, discounts=[], tax_rate=get_sales_tax_rate(), now=now
        )
        return totals, None
    lines = [
        pricing.Line(
            sku_id=line.sku_id,
            quantity=line.quantity,
            unit_price=line.unit_price if line.unit_price is not None else Decimal("0"),
        )
        for line in list_cart_lines(cart=cart)
    ]
    selected = get_cart_shipping_method(cart=cart)
    shipping = (
        pricing.Shipping(
            identifier=selected.shippingmethod.identifier,
            cost=selected.shippingmethod.shipping_cost,
        )
        if selected
        else None
    )
    discounts = [as_pricing_discount(d) for d in list_cart_discounts(cart=cart)]
    totals = pricing.price_cart(
        lines=lines,
        shipping=shipping,
        discounts=discounts,
        tax_rate=get_sales_tax_rate(),
        now=now,
    )
    return totals, pricing.next_change(discounts=discounts, now=now)


def list_cart_item_rows(*, cart: Cart) -> list[Cartsku]:
    """Lines with everything `cart-items` shows: SKU, its first product, and images."""
    return list(
        list_cart_lines(cart=cart).prefetch_related(
            "sku__images", "sku__productskus__product__images"
        )
    )
