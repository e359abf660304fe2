from django.contrib import admin

from shop.discounts.models import Discountcode, Discounttype
from shop.discounts.resources import DiscountcodeResource
from shop.importexport import StoreImportExportMixin


@admin.register(Discounttype)
class DiscounttypeAdmin(admin.ModelAdmin):
    list_display = ("title", "applies_to", "action")


@admin.register(Discountcode)
class DiscountcodeAdmin(StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [DiscountcodeResource]
    list_display = (
        "code",
        "discounttype",
        "discount_amount",
        "order_minimum",
        "combinable",
        "shipping_method",
        "start_date_time",
        "end_date_time",
    )
    list_filter = ("discounttype", "combinable")
    search_fields = ("code", "description")
