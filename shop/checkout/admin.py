from django.contrib import admin

from shop.checkout.models import StripeEvent


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
        "created",
        "updated",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
