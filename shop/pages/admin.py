"""The store admin's page for the storefront's look (one row)."""

from django.contrib import admin

from shop.catalog.cache import CatalogAdminMixin
from shop.pages.models import StoreTheme


@admin.register(StoreTheme)
class StoreThemeAdmin(CatalogAdminMixin, admin.ModelAdmin):
    """The theme is cached with the catalog: a save bumps the catalog version."""

    list_display = ("display_name", "primary_color", "accent_color", "logo_url")
    fields = ("display_name", "primary_color", "accent_color", "logo_url")

    def has_add_permission(self, request) -> bool:
        return not StoreTheme.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
