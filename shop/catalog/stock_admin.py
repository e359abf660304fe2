"""The SKU admin's stock: the available quantity is edited through shop.catalog.stock (a
movement naming who), never saved from the form; movements are shown read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from shop.admin_readonly import ReadOnlyAdminMixin
from shop.catalog import stock
from shop.catalog.models import Sku, StockMovement


class SkuStockForm(forms.ModelForm):
    available = forms.IntegerField(
        min_value=0,
        required=False,
        label="Quantity available",
        help_text="Units for sale now (units held by open checkouts are not included).",
    )

    class Meta:
        model = Sku
        exclude = ("quantity_available", "quantity_reserved")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.track_quantity:
            self.fields["available"].initial = self.instance.quantity_available


class StockMovementInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StockMovement
    extra = 0
    fields = ("created", "delta", "reason", "by_username", "reference")
    readonly_fields = fields
    ordering = ("-created", "-id")


def save_stock(request: HttpRequest, sku: Sku, form: SkuStockForm) -> None:
    """After the SKU row is saved: a changed quantity moves through the domain function."""
    available = form.cleaned_data.get("available")
    changed = {"available", "track_quantity"} & set(form.changed_data)
    if sku.track_quantity and available is not None and changed:
        by = request.user.get_username()
        stock.set_available(sku, quantity=available, by=by, reason=stock.Reason.ADMIN_EDIT)
    elif sku.track_quantity:
        stock.refresh_labels([sku.pk])


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every stock change of the store, newest first: read-only (movements are written by
    shop.catalog.stock only)."""

    list_display = ("created", "sku", "delta", "reason", "by_username", "reference")
    list_filter = ("reason",)
    search_fields = ("sku__description", "reference", "by_username")
    list_select_related = ("sku",)
    ordering = ("-created", "-id")
