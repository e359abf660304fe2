"""Shipping methods as a spreadsheet, found again by their identifier."""

from __future__ import annotations

from import_export import fields

from shop.catalog.resources import CatalogResource
from shop.importexport import MoneyWidget, StoreResource
from shop.shipping.models import Shippingmethod


class ShippingmethodResource(CatalogResource):  # carts' cached totals show costs
    shipping_cost = fields.Field(
        attribute="shipping_cost", column_name="shipping_cost", widget=MoneyWidget()
    )

    class Meta(StoreResource.Meta):
        model = Shippingmethod
        fields = ("identifier", "carrier", "shipping_cost", "tracking_code_base_url", "active")
        import_id_fields = ("identifier",)
