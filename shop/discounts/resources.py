"""Discount codes as a spreadsheet: a code is found again whatever its case (codes are unique
case-insensitively), its type by title and a free-shipping code's method by identifier."""

from __future__ import annotations

from import_export import fields

from shop.catalog.resources import CatalogResource
from shop.discounts.models import Discountcode, Discounttype
from shop.importexport import LookupWidget, MoneyWidget, StoreResource
from shop.shipping.models import Shippingmethod


class DiscountcodeResource(CatalogResource):  # carts' cached totals show codes
    discounttype = fields.Field(
        attribute="discounttype",
        column_name="discounttype",
        widget=LookupWidget(Discounttype, "title", label="discount type"),
    )
    discount_amount = fields.Field(
        attribute="discount_amount", column_name="discount_amount", widget=MoneyWidget()
    )
    order_minimum = fields.Field(
        attribute="order_minimum", column_name="order_minimum", widget=MoneyWidget()
    )
    shipping_method = fields.Field(
        attribute="shipping_method",
        column_name="shipping_method",
        widget=LookupWidget(Shippingmethod, "identifier", label="shipping method"),
    )
    # Export only: uses are counted by orders, never set from a spreadsheet.
    times_used = fields.Field(attribute="times_used", column_name="times_used", readonly=True)

    class Meta(StoreResource.Meta):
        model = Discountcode
        fields = (
            "code",
            "description",
            "discounttype",
            "discount_amount",
            "order_minimum",
            "combinable",
            "shipping_method",
            "start_date_time",
            "end_date_time",
            "usage_limit",
            "usage_limit_per_customer",
            "times_used",
        )
        import_id_fields = ("code",)

    def get_instance(self, instance_loader, row: dict):
        code = str(row.get("code") or "").strip()
        return Discountcode.objects.filter(code__iexact=code).first() if code else None
