from django.contrib import admin

from shop.admin_readonly import ReadOnlyAdminMixin
from shop.checkout.models import (
    CheckoutSnapshot,
    CheckoutSnapshotDiscount,
    CheckoutSnapshotLine,
    StripeEvent,
)


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    """What Stripe sent and how its handling went; written by the webhook only."""

    list_display = ("event_id", "type", "status", "deliveries", "created", "updated")
    list_filter = ("status", "type")
    search_fields = ("event_id", "checkout_session_id")
    readonly_fields = (
        "event_id",
        "type",
        "status",
        "handler_error",
        "checkout_session_id",
        "deliveries",
        "claimed_until",
        "result",
        "created",
        "updated",
    )
    # The claim's token and the replayable payload (the shopper's details) stay out of view.
    exclude = ("claim", "payload")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class CheckoutSnapshotLineInline(_ReadOnlyInline):
    model = CheckoutSnapshotLine
    fields = ("sku", "name", "description", "quantity", "unit_price", "line_total", "discount")


class CheckoutSnapshotDiscountInline(_ReadOnlyInline):
    model = CheckoutSnapshotDiscount
    fields = ("code", "action", "applied", "amount")


@admin.register(CheckoutSnapshot)
class CheckoutSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What each Checkout Session charges, frozen at checkout. Filter by status "Amount
    mismatch" for paid sessions whose amount differed and became no order. Read-only: the
    snapshot is what was shown and charged."""

    list_display = (
        "stripe_session_id",
        "status",
        "total",
        "amount_charged",
        "currency",
        "email",
        "cart",
        "created",
    )
    list_filter = ("status",)
    list_select_related = ("cart",)
    search_fields = ("stripe_session_id", "email")
    inlines = (CheckoutSnapshotLineInline, CheckoutSnapshotDiscountInline)

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [field.name for field in self.model._meta.fields]
