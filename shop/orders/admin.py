"""The store admin for orders.

Orders are made by checkout only (shop.orders.services.place_order) and are snapshots: the
admin shows them, their lines, discounts, payment and status history read-only. The one
change it makes is the order's status, through the state machine
(shop.orders.status.set_status): the actions "Move to <status>" refuse moves it forbids and
say which orders they refused. Tracking numbers can be filled in. Email failures are
read-only apart from their resolution notes; "Mark as resolved" records who and when, and
"Send the confirmation again" (once the template or mail server is fixed) resolves them when
the mail goes out.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join

from shop.admin_readonly import ReadOnlyAdminMixin
from shop.catalog.cache import CatalogAdminMixin
from shop.importexport import StoreExportMixin
from shop.orders.confirmation import get_order_for_confirmation, resend_order_confirmation
from shop.orders.errors import InvalidOrderStatusTransition, OrderSetupError
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
from shop.orders.refund_admin import RefundInline, refund_button, refund_view
from shop.orders.resources import OrderResource, OrderskuResource
from shop.orders.status import ORDER_TRANSITIONS, get_current_status, set_status


class OrderskuInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Ordersku
    extra = 0
    fields = (
        "sku",
        "product_title",
        "sku_description",
        "quantity",
        "price_each",
        "discount_amt",
    )
    readonly_fields = fields


class OrderdiscountInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Orderdiscount
    extra = 0
    fields = ("code", "applies_to", "action", "applied", "amount")
    readonly_fields = fields


class OrderstatusInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The history, newest first. New statuses come from the "Move to" actions."""

    model = Orderstatus
    extra = 0
    fields = ("status", "created_date_time")
    readonly_fields = fields


class OrdershippingmethodInline(admin.StackedInline):
    model = Ordershippingmethod
    extra = 0
    fields = ("identifier", "carrier", "shipping_cost", "tracking_number")
    readonly_fields = ("identifier", "carrier", "shipping_cost")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _move_action(identifier: str):
    def move(modeladmin, request, queryset) -> None:
        moved, refused = [], []
        for order in queryset:
            try:
                set_status(order, identifier)
            except (InvalidOrderStatusTransition, OrderSetupError) as error:
                refused.append(f"{order.identifier} ({error.message})")
            else:
                moved.append(order.identifier)
        if moved:
            modeladmin.message_user(
                request, f"Moved to {identifier}: {', '.join(moved)}.", messages.SUCCESS
            )
        if refused:
            modeladmin.message_user(
                request, f"Not moved to {identifier}: {'; '.join(refused)}.", messages.ERROR
            )

    move.__name__ = f"move_to_{identifier}"
    return admin.action(description=f"Move selected orders to {identifier}")(move)


@admin.register(Order)
class OrderAdmin(StoreExportMixin, admin.ModelAdmin):
    resource_classes = [OrderResource]
    list_display = (
        "identifier",
        "order_date_time",
        "member",
        "prospect",
        "order_total",
        "amount_charged",
        "current_status",
    )
    search_fields = ("identifier", "member__user__username", "prospect__email", "payment__email")
    date_hierarchy = "order_date_time"
    fieldsets = (
        (
            None,
            {"fields": ("identifier", "order_date_time", "current_status", "member", "prospect")},
        ),
        (
            "Totals",
            {
                "fields": (
                    "item_subtotal",
                    "item_discount_amt",
                    "shipping_amt",
                    "shipping_discount_amt",
                    "sales_tax_amt",
                    "order_total",
                    "amount_charged",
                    "amount_refunded",
                    "currency",
                    "agreed_with_terms_of_sale",
                )
            },
        ),
        ("Payment", {"fields": ("payment_details", "refund")}),
        ("Addresses", {"fields": ("shipping_address", "billing_address")}),
    )
    readonly_fields = (
        "identifier",
        "order_date_time",
        "current_status",
        "member",
        "prospect",
        "item_subtotal",
        "item_discount_amt",
        "shipping_amt",
        "shipping_discount_amt",
        "sales_tax_amt",
        "order_total",
        "amount_charged",
        "amount_refunded",
        "currency",
        "agreed_with_terms_of_sale",
        "payment_details",
        "refund",
        "shipping_address",
        "billing_address",
    )
    inlines = [
        OrderskuInline,
        OrderdiscountInline,
        OrdershippingmethodInline,
        OrderstatusInline,
        RefundInline,
    ]
    # One action per state an order can move to (the initial state is never a move's end).
    actions = [
        _move_action(identifier)
        for identifier in ORDER_TRANSITIONS
        if any(identifier in targets for targets in ORDER_TRANSITIONS.values())
    ]

    def has_add_permission(self, request) -> bool:
        return False  # orders come from checkout only

    def get_urls(self):
        refund = self.admin_site.admin_view(
            lambda request, object_id: refund_view(self, request, object_id)
        )
        return [
            path("<path:object_id>/refund/", refund, name="orders_order_refund"),
            *super().get_urls(),
        ]

    @admin.display(description="Refund")
    def refund(self, order: Order) -> str:
        return refund_button(order)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Status")
    def current_status(self, order: Order) -> str:
        current = get_current_status(order)
        return current.status.identifier if current else "-"

    @admin.display(description="Payment")
    def payment_details(self, order: Order) -> str:
        payment = order.payment
        if payment is None:
            return "-"
        rows = [
            ("Email", payment.email),
            ("Type", payment.payment_type),
            ("Name", payment.card_name),
            ("Stripe payment intent", payment.stripe_payment_intent_id or "-"),
            ("Stripe checkout session", payment.stripe_checkout_session_id or "-"),
        ]
        return format_html_join("", "<div>{}: {}</div>", rows)


@admin.register(Orderpayment)
class OrderpaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("email", "payment_type", "stripe_payment_intent_id", "created_date_time")
    search_fields = ("email", "stripe_payment_intent_id", "stripe_checkout_session_id")


@admin.register(Ordershippingaddress, Orderbillingaddress)
class AddressAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "address_line1", "city", "state", "zip", "country_code")
    search_fields = ("name", "address_line1", "city", "zip")


@admin.register(Status)
class StatusAdmin(admin.ModelAdmin):
    list_display = ("identifier", "title")


@admin.register(Orderstatus)
class OrderstatusAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("order", "status", "created_date_time")
    list_filter = ("status",)


@admin.register(Ordersku)
class OrderskuAdmin(ReadOnlyAdminMixin, StoreExportMixin, admin.ModelAdmin):
    resource_classes = [OrderskuResource]
    list_display = ("order", "sku", "quantity", "price_each", "discount_amt")


@admin.register(Orderdiscount)
class OrderdiscountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("order", "code", "applied", "amount")


@admin.register(Ordershippingmethod)
class OrdershippingmethodAdmin(admin.ModelAdmin):
    list_display = ("order", "identifier", "carrier", "shipping_cost", "tracking_number")
    fields = ("order", "identifier", "carrier", "shipping_cost", "tracking_number")
    readonly_fields = ("order", "identifier", "carrier", "shipping_cost")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description="Mark selected failures as resolved")
def mark_resolved(modeladmin, request, queryset) -> None:
    count = queryset.filter(resolved=False).update(
        resolved=True,
        resolved_date_time=timezone.now(),
        resolved_by=request.user.get_username(),
    )
    modeladmin.message_user(request, f"{count} failure(s) marked as resolved.", messages.SUCCESS)


@admin.action(description="Send the confirmation again")
def resend_confirmation(modeladmin, request, queryset) -> None:
    sent, failed = [], []
    for order_id in sorted(set(queryset.filter(resolved=False).values_list("order_id", flat=True))):
        order = get_order_for_confirmation(order_id)
        outcome = resend_order_confirmation(order=order, resolved_by=request.user.get_username())
        if outcome.sent:
            sent.append(order.identifier)
        elif outcome.failure is not None:
            failed.append(f"{order.identifier} ({outcome.failure.get_failure_type_display()})")
    if sent:
        modeladmin.message_user(
            request, f"Confirmation sent again for {', '.join(sent)}.", messages.SUCCESS
        )
    if failed:
        modeladmin.message_user(request, f"Still failing: {', '.join(failed)}.", messages.ERROR)
    if not sent and not failed:
        modeladmin.message_user(
            request,
            "Nothing to send: the selected failures are resolved, or their mail already "
            "went out (email-sent log and cart-delete failures).",
            messages.WARNING,
        )


@admin.register(Orderemailfailure)
class OrderemailfailureAdmin(admin.ModelAdmin):
    """Read-only but for the notes; resolving is the action (who and when are recorded)."""

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
    fields = (
        "order",
        "failure_type",
        "phase",
        "error_message",
        "customer_email",
        "is_member_order",
        "created_date_time",
        "resolved",
        "resolved_date_time",
        "resolved_by",
        "resolution_notes",
    )
    readonly_fields = tuple(name for name in fields if name != "resolution_notes")
    actions = [resend_confirmation, mark_resolved]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Orderconfiguration)
class OrderconfigurationAdmin(CatalogAdminMixin, admin.ModelAdmin):  # the tax rate
    list_display = ("key", "string_value", "decimal_value")
