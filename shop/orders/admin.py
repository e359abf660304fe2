from django.contrib import admin
from django.utils import timezone

from shop.orders.models import (
    Order,
    Orderbillingaddress,
    Orderconfiguration,
    Orderdiscount,
    Orderemailfailure,
    Orderpayment,
    Ordershippingaddress,
    Ordershippingmethod,
    Ordersku,
    Orderstatus,
    Status,
)

SNAPSHOT_FIELDS = (
    "sku",
    "quantity",
    "price_each",
    "discount_amt",
    "product_title",
    "sku_description",
)


class OrderskuInline(admin.TabularInline):
    model = Ordersku
    extra = 0
    fields = SNAPSHOT_FIELDS
    readonly_fields = SNAPSHOT_FIELDS
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OrderdiscountInline(admin.TabularInline):
    model = Orderdiscount
    extra = 0
    fields = ("code", "applies_to", "action", "applied", "amount")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OrderstatusInline(admin.TabularInline):
    """Status changes are added here; history rows are never edited."""

    model = Orderstatus
    extra = 0
    fields = ("status", "created_date_time")
    readonly_fields = ("created_date_time",)
    can_delete = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OrdershippingmethodInline(admin.StackedInline):
    model = Ordershippingmethod
    extra = 0
    readonly_fields = ("shippingmethod", "identifier", "carrier", "shipping_cost")
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = (
        "identifier",
        "order_date_time",
        "member",
        "prospect",
        "order_total",
        "currency",
    )
    search_fields = ("identifier", "member__user__username", "prospect__email", "payment__email")
    date_hierarchy = "order_date_time"
    readonly_fields = (
        "identifier",
        "payment",
        "shipping_address",
        "billing_address",
        "item_subtotal",
        "item_discount_amt",
        "shipping_amt",
        "shipping_discount_amt",
        "sales_tax_amt",
        "order_total",
        "amount_charged",
        "currency",
        "agreed_with_terms_of_sale",
        "order_date_time",
    )
    raw_id_fields = ("member", "prospect")
    inlines = [OrderskuInline, OrderdiscountInline, OrdershippingmethodInline, OrderstatusInline]


@admin.register(Orderpayment)
class OrderpaymentAdmin(admin.ModelAdmin):
    list_display = ("email", "payment_type", "stripe_payment_intent_id", "created_date_time")
    search_fields = ("email", "stripe_payment_intent_id", "stripe_checkout_session_id")


@admin.register(Ordershippingaddress, Orderbillingaddress)
class AddressAdmin(admin.ModelAdmin):
    list_display = ("name", "address_line1", "city", "state", "zip", "country_code")
    search_fields = ("name", "address_line1", "city", "zip")


@admin.register(Status)
class StatusAdmin(admin.ModelAdmin):
    list_display = ("identifier", "title")


@admin.register(Orderstatus)
class OrderstatusAdmin(admin.ModelAdmin):
    list_display = ("order", "status", "created_date_time")
    list_filter = ("status",)
    raw_id_fields = ("order",)


@admin.register(Ordersku)
class OrderskuAdmin(admin.ModelAdmin):
    list_display = ("order", "sku", "quantity", "price_each", "discount_amt")
    raw_id_fields = ("order", "sku")


@admin.register(Orderdiscount)
class OrderdiscountAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "applied", "amount")
    raw_id_fields = ("order",)


@admin.register(Ordershippingmethod)
class OrdershippingmethodAdmin(admin.ModelAdmin):
    list_display = ("order", "identifier", "carrier", "shipping_cost", "tracking_number")
    raw_id_fields = ("order",)


@admin.action(description="Mark selected failures as resolved")
def mark_resolved(modeladmin, request, queryset) -> None:
    queryset.filter(resolved=False).update(
        resolved=True,
        resolved_date_time=timezone.now(),
        resolved_by=request.user.get_username(),
    )


@admin.register(Orderemailfailure)
class OrderemailfailureAdmin(admin.ModelAdmin):
    list_display = (
        "order",
        "failure_type",
        "customer_email",
        "is_member_order",
        "created_date_time",
        "resolved",
    )
    list_filter = ("resolved", "failure_type", "is_member_order")
    search_fields = ("order__identifier", "customer_email", "error_message")
    readonly_fields = (
        "order",
        "failure_type",
        "error_message",
        "customer_email",
        "is_member_order",
        "phase",
        "created_date_time",
        "resolved_date_time",
        "resolved_by",
    )
    actions = [mark_resolved]

    def save_model(self, request, obj, form, change) -> None:
        if obj.resolved and obj.resolved_date_time is None:
            obj.resolved_date_time = timezone.now()
            obj.resolved_by = request.user.get_username()
        super().save_model(request, obj, form, change)


@admin.register(Orderconfiguration)
class OrderconfigurationAdmin(admin.ModelAdmin):
    list_display = ("key", "string_value", "decimal_value")
