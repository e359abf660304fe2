"""The catalog as spreadsheets: products, SKUs with their current price, price history
(export only: it is append-only), inventory states, product-SKU links and media.

A merchant exports SKUs, edits prices in a spreadsheet and imports the file back: a changed
price is a new Skuprice row (the history stays), an unchanged row is skipped.

Every resource here is a CatalogResource: an import that commits bumps the store's catalog
version (shop.catalog.cache); a dry run or a rolled-back import bumps nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from import_export import fields
from import_export.widgets import IntegerWidget

from shop.catalog import stock
from shop.catalog.cache import bump_catalog_version
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
from shop.catalog.selectors import latest_price_subquery
from shop.importexport import LookupWidget, MoneyWidget, StoreResource


class CatalogResource(StoreResource):
    def after_import(self, dataset, result, **kwargs) -> None:
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run"):
            bump_catalog_version()  # on commit: a rollback of the import drops it


def _product_field() -> fields.Field:
    return fields.Field(
        attribute="product",
        column_name="product",
        widget=LookupWidget(Product, "identifier", label="product"),
    )


def _sku_field() -> fields.Field:
    return fields.Field(
        attribute="sku", column_name="sku", widget=LookupWidget(Sku, "pk", label="SKU")
    )


class ProductResource(CatalogResource):
    class Meta(StoreResource.Meta):
        model = Product
        fields = (
            "identifier",
            "title",
            "title_url",
            "headline",
            "description_part_1",
            "description_part_2",
        )
        import_id_fields = ("identifier",)


class SkuResource(CatalogResource):
    """One row per SKU; `price` is its current price and importing a new one appends it."""

    sku_type = fields.Field(
        attribute="sku_type",
        column_name="sku_type",
        widget=LookupWidget(Skutype, "title", label="SKU type"),
    )
    sku_inventory = fields.Field(
        attribute="sku_inventory",
        column_name="sku_inventory",
        widget=LookupWidget(Skuinventory, "identifier", label="inventory state"),
    )
    products = fields.Field(column_name="products", readonly=True)
    # Written to a plain attribute on import; after_save_instance turns it into history.
    price = fields.Field(attribute="new_price", column_name="price", widget=MoneyWidget())
    # Like price: a plain attribute, applied by shop.catalog.stock (a movement, never a save).
    quantity_available = fields.Field(
        attribute="new_available", column_name="quantity_available", widget=IntegerWidget()
    )

    class Meta(StoreResource.Meta):
        model = Sku
        fields = (
            "id",
            "products",
            "sku_type",
            "sku_inventory",
            "color",
            "size",
            "description",
            "price",
            "track_quantity",
            "quantity_available",
        )
        import_id_fields = ("id",)

    def filter_export(self, queryset: QuerySet, **kwargs) -> QuerySet:
        return queryset.annotate(current_price=latest_price_subquery("pk")).prefetch_related(
            "productskus__product"
        )

    def dehydrate_price(self, sku: Sku) -> Decimal | str:
        price = getattr(sku, "current_price", None)
        return "" if price is None else price

    def dehydrate_products(self, sku: Sku) -> str:
        return " ".join(link.product.identifier for link in sku.productskus.all())

    def after_init_instance(self, instance: Sku, new: bool, row: dict, **kwargs) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        # The current price, so an unchanged price leaves the row unchanged (skipped).
        instance.new_price = None if new else _current_price(instance)
        # As exported (blank when untracked), so an unchanged row stays skipped.
        instance.new_available = instance.quantity_available if instance.track_quantity else None

    def after_save_instance(self, instance: Sku, row: dict, **kwargs) -> None:
        super().after_save_instance(instance, row, **kwargs)
        new_price = getattr(instance, "new_price", None)
        if new_price is not None and new_price != _current_price(instance):
            Skuprice.objects.create(sku=instance, price=new_price)
        new_available = getattr(instance, "new_available", None)
        if new_available is not None and new_available != instance.quantity_available:
            user = kwargs.get("user")
            by = user.get_username() if user is not None else stock.SYSTEM
            stock.set_available(instance, quantity=new_available, by=by, reason=stock.Reason.IMPORT)
        elif instance.track_quantity:
            stock.refresh_labels([instance.pk])  # tracking just turned on: label from quantity

    def dehydrate_quantity_available(self, sku: Sku) -> int | str:
        return sku.quantity_available if sku.track_quantity else ""


def _current_price(sku: Sku) -> Decimal | None:
    return (
        Skuprice.objects.filter(sku=sku)
        .order_by("-created_date_time", "-id")
        .values_list("price", flat=True)
        .first()
    )


class SkupriceResource(CatalogResource):
    """Price history, export only (prices change by importing SKUs)."""

    sku = _sku_field()
    price = fields.Field(attribute="price", column_name="price", widget=MoneyWidget())

    class Meta(StoreResource.Meta):
        model = Skuprice
        fields = ("id", "sku", "price", "created_date_time")


class SkuinventoryResource(CatalogResource):
    class Meta(StoreResource.Meta):
        model = Skuinventory
        fields = ("identifier", "title", "description")
        import_id_fields = ("identifier",)


class ProductskuResource(CatalogResource):
    """Which SKUs each product offers: adding a row links, nothing here unlinks."""

    product = _product_field()
    sku = _sku_field()

    class Meta(StoreResource.Meta):
        model = Productsku
        fields = ("product", "sku")
        import_id_fields = ("product", "sku")


class ProductimageResource(CatalogResource):
    product = _product_field()

    class Meta(StoreResource.Meta):
        model = Productimage
        fields = ("id", "product", "image_url", "main_image", "caption")
        import_id_fields = ("id",)


class ProductvideoResource(CatalogResource):
    product = _product_field()

    class Meta(StoreResource.Meta):
        model = Productvideo
        fields = ("id", "product", "video_url", "video_thumbnail_url", "caption")
        import_id_fields = ("id",)


class SkuimageResource(CatalogResource):
    sku = _sku_field()

    class Meta(StoreResource.Meta):
        model = Skuimage
        fields = ("id", "sku", "image_url", "main_image", "caption")
        import_id_fields = ("id",)
