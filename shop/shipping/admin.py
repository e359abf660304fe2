from django.contrib import admin

from shop.shipping.models import Shippingmethod


@admin.register(Shippingmethod)
class ShippingmethodAdmin(admin.ModelAdmin):
    list_display = ("identifier", "carrier", "shipping_cost", "active")
    list_filter = ("active",)
    list_editable = ("active",)
    search_fields = ("identifier", "carrier")
