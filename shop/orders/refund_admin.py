"""The store admin's refunds: a "Refund" page on each order (full or part, a reason, return
items to stock), and the order's refunds listed read-only on its page. Refusals (too much,
nothing left, Stripe said no) come back as admin messages on the same page, never a 500."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from shop.admin_readonly import ReadOnlyAdminMixin
from shop.errors import ApplicationError
from shop.orders.models import Order, Refund
from shop.orders.refunds import get_refundable_amount, refund_order


class RefundInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Refund
    extra = 0
    fields = (
        "created_at",
        "amount",
        "status",
        "reason",
        "restock_lines",
        "created_by_username",
        "stripe_refund_id",
        "failure_reason",
    )
    readonly_fields = fields


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text="Leave empty to refund everything that is left.",
    )
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, order: Order, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One "return to stock" count per line: what goes back is the admin's choice (one
        # damaged item of three), checked against what earlier refunds returned.
        self.lines = list(order.orderskus.all())
        for line in self.lines:
            label = " ".join(
                part for part in (line.product_title, line.sku_color, line.sku_size) if part
            )
            self.fields[f"return_{line.pk}"] = forms.IntegerField(
                required=False,
                min_value=0,
                max_value=line.quantity,
                initial=0,
                label=f"Return to stock: {label} (bought {line.quantity})",
            )

    def restock_lines(self) -> list[tuple[int, int]]:
        return [
            (line.sku_id, units)
            for line in self.lines
            if (units := self.cleaned_data.get(f"return_{line.pk}") or 0) > 0
        ]


def refund_url(order: Order) -> str:
    return reverse("admin:orders_order_refund", args=[order.pk])


def refund_button(order: Order) -> str:
    if order.pk is None or order.payment is None or not order.payment.stripe_payment_intent_id:
        return "-"
    return format_html('<a class="button" href="{}">Refund</a>', refund_url(order))


def refund_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str
) -> HttpResponse:
    order = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.has_change_permission(request, order):
        raise PermissionDenied
    form = RefundForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        try:
            refund = refund_order(
                order=order,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                by_user=request.user,
                restock_lines=form.restock_lines(),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"Refund of {refund.amount} {order.currency}: {refund.get_status_display()}.",
            )
            return redirect(reverse("admin:orders_order_change", args=[order.pk]))
    order.refresh_from_db()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"Refund order {order.identifier}",
        "order": order,
        "form": form,
        "refundable": get_refundable_amount(order),
        "refunds": order.refunds.all(),
    }
    return TemplateResponse(request, "admin/orders/refund.html", context)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every refund of the store, read-only: refunds are made from an order's Refund page."""

    list_display = ("order", "amount", "status", "created_by_username", "created_at")
    list_filter = ("status", "restock")
    search_fields = ("order__identifier", "stripe_refund_id", "reason")
    readonly_fields = RefundInline.fields
