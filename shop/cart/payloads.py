"""The cart's JSON shapes (reference §1, `cart-*` and `confirm-*`)."""

from __future__ import annotations

from typing import Any

from shop import pricing
from shop.cart.models import Cart, Cartsku
from shop.cart.selectors import list_cart_discounts, list_cart_item_rows
from shop.shipping.models import Shippingmethod
from shop.shipping.selectors import list_active_shipping_methods


def _main_image_url(images) -> str | None:
    mains = [image for image in images if image.main_image]
    return mains[0].image_url if mains else None


def _item(line: Cartsku) -> dict[str, Any]:
    sku = line.sku
    productskus = list(sku.productskus.all())
    product = productskus[0].product if productskus else None
    image_url = _main_image_url(sku.images.all())
    if image_url is None and product is not None:
        image_url = _main_image_url(product.images.all())
    return {
        "sku_id": sku.pk,
        "sku_type__title": sku.sku_type.title,
        "sku_inventory__title": sku.sku_inventory.title,
        "sku_inventory__identifier": sku.sku_inventory.identifier,
        "color": sku.color,
        "size": sku.size,
        "description": sku.description,
        "price": line.unit_price,
        "quantity": line.quantity,
        "parent_product__title": product.title if product else None,
        "parent_product__title_url": product.title_url if product else None,
        "parent_product__identifier": product.identifier if product else None,
        "sku_image_url": image_url,
    }


def item_data(cart: Cart | None) -> dict[str, Any]:
    if cart is None:
        return {}
    rows = list_cart_item_rows(cart=cart)
    return {"product_sku_data": {index: _item(line) for index, line in enumerate(rows)}}


def shipping_method_data(method: Shippingmethod | None) -> dict[str, Any]:
    if method is None:
        return {}
    return {
        "identifier": method.identifier,
        "carrier": method.carrier,
        "shipping_cost": method.shipping_cost,
        "tracking_code_base_url": method.tracking_code_base_url,
    }


def shipping_methods_data() -> dict[int, dict[str, Any]]:
    methods = list_active_shipping_methods()
    return {index: shipping_method_data(method) for index, method in enumerate(methods)}


def discount_code_data(cart: Cart | None, totals: pricing.CartTotals) -> dict[int, Any]:
    if cart is None:
        return {}
    data = {}
    for applied in list_cart_discounts(cart=cart):
        code = applied.discountcode
        kind = code.discounttype
        data[code.pk] = {
            "discount_code_id": code.pk,
            "code": code.code,
            "description": code.description,
            "start_date_time": code.start_date_time,
            "end_date_time": code.end_date_time,
            "combinable": code.combinable,
            "discount_amount": code.discount_amount,
            "order_minimum": code.order_minimum,
            "discounttype__title": kind.title,
            "discounttype__description": kind.description,
            "discounttype__applies_to": kind.applies_to,
            "discounttype__action": kind.action,
            "shipping_method_identifier": code.shipping_method.identifier
            if code.shipping_method_id
            else None,
            "discount_applied": totals.is_applied(code.pk),
        }
    return data


def totals_data(totals: pricing.CartTotals) -> dict[str, Any]:
    return {
        "item_subtotal": totals.item_subtotal,
        "item_discount": totals.item_discount,
        "shipping_subtotal": totals.shipping_subtotal,
        "shipping_discount": totals.shipping_discount,
        "sales_tax_amt": totals.sales_tax,
        "cart_total": totals.cart_total,
    }
