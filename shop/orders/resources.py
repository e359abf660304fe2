"""Orders as spreadsheets, export only (orders are made by checkout): one row per order with
its totals, lines and codes, and one row per order line.

Only what a merchant needs to fulfil and account for an order leaves the store: no Stripe
session or payment-intent ids (a checkout session id opens the order's success page), no
card details, no member or prospect codes.
"""

from __future__ import annotations

from django.db.models import QuerySet
from import_export import fields

from shop.importexport import SpreadsheetSafeResource
from shop.orders.models import Order, Ordersku


def _address(address) -> str:
    if address is None:
        return ""
    parts = [
        address.name,
        address.address_line1,
        address.address_line2,
        address.city,
        address.state,
        address.zip,
        address.country_code or address.country,
    ]
    return ", ".join(part for part in parts if part)


class OrderResource(SpreadsheetSafeResource):
    status = fields.Field(column_name="status")
    customer_email = fields.Field(column_name="customer_email")
    member = fields.Field(column_name="member")
    shipping_method = fields.Field(column_name="shipping_method")
    tracking_number = fields.Field(column_name="tracking_number")
    discount_codes = fields.Field(column_name="discount_codes")
    lines = fields.Field(column_name="lines")
    shipping_address = fields.Field(column_name="shipping_address")
    billing_address = fields.Field(column_name="billing_address")

    class Meta:
        model = Order
        fields = (
            "identifier",
            "order_date_time",
            "status",
            "customer_email",
            "member",
            "item_subtotal",
            "item_discount_amt",
            "shipping_amt",
            "shipping_discount_amt",
            "sales_tax_amt",
            "order_total",
            "amount_charged",
            "currency",
            "agreed_with_terms_of_sale",
            "shipping_method",
            "tracking_number",
            "discount_codes",
            "lines",
            "shipping_address",
            "billing_address",
        )
        export_order = fields

    def filter_export(self, queryset: QuerySet, **kwargs) -> QuerySet:
        return queryset.select_related(
            "payment",
            "member__user",
            "prospect",
            "shipping_address",
            "billing_address",
            "ordershippingmethod",
        ).prefetch_related("orderskus", "orderdiscounts", "orderstatuses__status")

    def dehydrate_status(self, order: Order) -> str:
        newest = next(iter(order.orderstatuses.all()), None)  # newest first (Meta.ordering)
        return newest.status.identifier if newest else ""

    def dehydrate_customer_email(self, order: Order) -> str:
        if order.payment is not None:
            return order.payment.email
        if order.member is not None:
            return order.member.user.email
        return order.prospect.email if order.prospect is not None else ""

    def dehydrate_member(self, order: Order) -> str:
        return order.member.user.get_username() if order.member is not None else ""

    def dehydrate_shipping_method(self, order: Order) -> str:
        method = getattr(order, "ordershippingmethod", None)
        return method.identifier if method else ""

    def dehydrate_tracking_number(self, order: Order) -> str:
        method = getattr(order, "ordershippingmethod", None)
        return method.tracking_number if method else ""

    def dehydrate_discount_codes(self, order: Order) -> str:
        return " ".join(
            f"{discount.code}({discount.amount})" if discount.applied else discount.code
            for discount in order.orderdiscounts.all()
        )

    def dehydrate_lines(self, order: Order) -> str:
        return "; ".join(
            f"{line.quantity} x {line.product_title or 'SKU'} (SKU {line.sku_id}) "
            f"@ {line.price_each}"
            for line in order.orderskus.all()
        )

    def dehydrate_shipping_address(self, order: Order) -> str:
        return _address(order.shipping_address)

    def dehydrate_billing_address(self, order: Order) -> str:
        return _address(order.billing_address)


class OrderskuResource(SpreadsheetSafeResource):
    order = fields.Field(attribute="order__identifier", column_name="order")
    sku = fields.Field(attribute="sku_id", column_name="sku")

    class Meta:
        model = Ordersku
        fields = (
            "order",
            "sku",
            "product_identifier",
            "product_title",
            "sku_description",
            "sku_color",
            "sku_size",
            "quantity",
            "price_each",
            "discount_amt",
        )
        export_order = fields

    def filter_export(self, queryset: QuerySet, **kwargs) -> QuerySet:
        return queryset.select_related("order")
