"""The store admin's catalog pages. Every ModelAdmin here takes CatalogAdminMixin: its saves
and deletes bump the store's catalog version after commit (shop.catalog.cache)."""

from django.contrib import admin

from shop.catalog.cache import CatalogAdminMixin
from shop.catalog.models import (
    Product,
    Productimage,
    Productsku,
    Productvideo,
    Sku,
    Skuimage,
    Skuinventory,
    Skuprice,
    Skutype,
)
from shop.catalog.resources import (
    ProductimageResource,
    ProductResource,
    ProductskuResource,
    ProductvideoResource,
    SkuimageResource,
    SkuinventoryResource,
    SkupriceResource,
    SkuResource,
)
from shop.catalog.stock_admin import SkuStockForm, StockMovementInline, save_stock
from shop.importexport import StoreExportMixin, StoreImportExportMixin


class ProductimageInline(admin.TabularInline):
    model = Productimage
    extra = 0


class ProductvideoInline(admin.TabularInline):
    model = Productvideo
    extra = 0


class ProductskuInline(admin.TabularInline):
    model = Productsku
    extra = 0
    raw_id_fields = ("sku",)


class SkupriceInline(admin.TabularInline):
    """Price history is append-only: add a row to change the price, never edit an old one."""

    model = Skuprice
    extra = 1
    can_delete = False
    fields = ("price", "created_date_time")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SkuimageInline(admin.TabularInline):
    model = Skuimage
    extra = 0


class SkuProductInline(admin.TabularInline):
    model = Productsku
    extra = 0
    raw_id_fields = ("product",)


@admin.register(Product)
class ProductAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [ProductResource]
    list_display = ("title", "identifier", "title_url", "continue_selling_when_out_of_stock")
    search_fields = ("title", "identifier")
    inlines = [ProductskuInline, ProductimageInline, ProductvideoInline]


@admin.register(Sku)
class SkuAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [SkuResource]
    list_display = (
        "id",
        "description",
        "color",
        "size",
        "sku_type",
        "sku_inventory",
        "track_quantity",
        "quantity_available",
        "quantity_reserved",
    )
    list_filter = ("sku_type", "sku_inventory", "track_quantity")
    search_fields = ("description", "color", "size")
    form = SkuStockForm
    readonly_fields = ("quantity_reserved",)
    inlines = [SkupriceInline, SkuimageInline, SkuProductInline, StockMovementInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        save_stock(request, obj, form)


@admin.register(Skuprice)
class SkupriceAdmin(CatalogAdminMixin, StoreExportMixin, admin.ModelAdmin):
    """Export only: a price changes by importing SKUs (a new history row)."""

    resource_classes = [SkupriceResource]
    list_display = ("sku", "price", "created_date_time")
    raw_id_fields = ("sku",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Skutype)
class SkutypeAdmin(CatalogAdminMixin, admin.ModelAdmin):
    list_display = ("title",)


@admin.register(Skuinventory)
class SkuinventoryAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [SkuinventoryResource]
    list_display = ("identifier", "title", "description")


@admin.register(Productimage)
class ProductimageAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [ProductimageResource]


@admin.register(Productvideo)
class ProductvideoAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [ProductvideoResource]


@admin.register(Skuimage)
class SkuimageAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [SkuimageResource]


@admin.register(Productsku)
class ProductskuAdmin(CatalogAdminMixin, StoreImportExportMixin, admin.ModelAdmin):
    resource_classes = [ProductskuResource]
