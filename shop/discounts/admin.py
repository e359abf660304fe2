from django.contrib import admin
from django.db.models import Count, Q

from shop.admin_readonly import ReadOnlyAdminMixin
from shop.catalog.cache import CatalogAdminMixin
from shop.discounts.models import Discountcode, DiscountcodeUse, Discounttype
from shop.discounts.resources import DiscountcodeResource
from shop.importexport import StoreImportExportMixin


@admin.register(Discounttype)
class DiscounttypeAdmin(CatalogAdminMixin, admin.ModelAdmin):
    list_display = ("title", "applies_to", "action")


@admin.register(Discountcode)
class DiscountcodeAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
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
        "usage_limit",
        "usage_limit_per_customer",
        "times_used",
        "reserved_now",
    )
    list_filter = ("discounttype", "combinable")
    search_fields = ("code", "description")
    # The counts are the orders' and the open checkouts' (shop.discounts.limits).
    readonly_fields = ("times_used", "reserved_now")

    def get_queryset(self, request):
        reserved = Count("uses", filter=Q(uses__state=DiscountcodeUse.State.RESERVED))
        return super().get_queryset(request).annotate(reserved_count=reserved)

    @admin.display(description="reserved by open checkouts", ordering="reserved_count")
    def reserved_now(self, code: Discountcode) -> int:
        return getattr(code, "reserved_count", 0)


@admin.register(DiscountcodeUse)
class DiscountcodeUseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: each checkout's use of a code, and the orders that honoured a discount
    over its limit (`over_limit`, logged [DISCOUNT_LIMIT_EXCEEDED])."""

    list_display = ("discountcode", "email", "state", "order", "over_limit", "note", "created")
    list_filter = ("state", "over_limit")
    search_fields = ("discountcode__code", "email", "order__identifier")
    list_select_related = ("discountcode", "order")
    readonly_fields = [f.name for f in DiscountcodeUse._meta.fields]
