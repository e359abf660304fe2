"""The order detail's JSON (reference §1, `/order/<order_identifier>`), from the order's own
snapshots: what was sold, at what price, shipped how, never the catalog as it is now."""

from __future__ import annotations

from typing import Any

from shop.orders.models import Order, Orderbillingaddress, Ordershippingaddress, Ordersku


def order_data(order: Order) -> dict[str, Any]:
    return {
        "order_attributes": {
            "identifier": order.identifier,
            "order_date_time": order.order_date_time,
            "sales_tax_amt": order.sales_tax_amt,
        },
        "order_items": {
            "product_sku_data": {
                index: _item(line) for index, line in enumerate(order.orderskus.all())
            }
        },
        "order_shipping_method": _shipping_method(order),
        "order_totals": {
            "item_subtotal": order.item_subtotal,
            "item_discount": order.item_discount_amt,
            "shipping_subtotal": order.shipping_amt,
            "shipping_discount": order.shipping_discount_amt,
            "sales_tax_amt": order.sales_tax_amt,
            "order_total": order.order_total,
            "amount_charged": order.amount_charged,
        },
        "order_statuses": {
            index: {
                "identifier": row.status.identifier,
                "title": row.status.title,
                "description": row.status.description,
                "created_date_time": row.created_date_time,
            }
            for index, row in enumerate(order.orderstatuses.all())  # newest first
        },
        "order_shipping_address": _address(order.shipping_address),
        "order_billing_address": _address(order.billing_address),
        "order_payment_info": _payment(order),
    }


def _item(line: Ordersku) -> dict[str, Any]:
    return {
        "sku_id": line.sku_id,
        "sku_type__title": line.sku_type_title,
        "sku_inventory__title": line.sku.sku_inventory.title,
        "color": line.sku_color,
        "size": line.sku_size,
        "description": line.sku_description,
        "price": line.price_each,
        "quantity": line.quantity,
        "parent_product__title": line.product_title,
        "parent_product__title_url": line.product_title_url,
        "parent_product__identifier": line.product_identifier,
        "sku_image_url": line.sku_image_url or None,
    }


def _shipping_method(order: Order) -> dict[str, Any]:
    method = getattr(order, "ordershippingmethod", None)
    if method is None:
        return {}
    return {
        "identifier": method.identifier,
        "carrier": method.carrier,
        "shipping_cost": method.shipping_cost,
        "tracking_code_base_url": method.tracking_code_base_url,
        "tracking_number": method.tracking_number or None,
    }


def _address(address: Ordershippingaddress | Orderbillingaddress | None) -> dict[str, Any]:
    if address is None:
        return {}
    return {
        "name": address.name,
        "address_line1": address.address_line1,
        "city": address.city,
        "state": address.state,
        "zip": address.zip,
        "country": address.country,
        "country_code": address.country_code,
    }


def _payment(order: Order) -> dict[str, Any]:
    """Email, type and name; card details only when a source gave them. Stripe Checkout
    gives none, and no card line is made of empty values (defect 9)."""
    payment = order.payment
    if payment is None:
        return {}
    info: dict[str, Any] = {
        "email": payment.email,
        "payment_type": payment.payment_type,
        "card_name": payment.card_name,
    }
    card = {
        "card_brand": payment.card_brand,
        "card_last4": payment.card_last4,
        "card_exp_month": payment.card_exp_month,
        "card_exp_year": payment.card_exp_year,
        "card_zip": payment.card_zip,
    }
    info.update({key: value for key, value in card.items() if value not in (None, "")})
    return info
