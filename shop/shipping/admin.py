from django.contrib import admin

from shop.catalog.cache import CatalogAdminMixin
from shop.importexport import StoreImportExportMixin
from shop.shipping.models import Shippingmethod
from shop.shipping.resources import ShippingmethodResource


@admin.register(Shippingmethod)
class ShippingmethodAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [ShippingmethodResource]
    list_display = ("identifier", "carrier", "shipping_cost", "active")
    list_filter = ("active",)
    list_editable = ("active",)
    search_fields = ("identifier", "carrier")
