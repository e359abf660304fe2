"""Reads of the catalog, each a fixed number of queries whatever the catalog's size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery

from shop.catalog.models import Product, Productimage, Productsku, Skuimage, Skuprice


def latest_price_subquery(sku_ref: str = "sku") -> Subquery:
    """The newest Skuprice of the SKU named by `sku_ref` in the outer query."""
    newest = Skuprice.objects.filter(sku=OuterRef(sku_ref)).order_by("-created_date_time", "-id")
    return Subquery(newest.values("price")[:1])


@dataclass
class ProductSummary:
    product: Product
    main_image_url: str | None
    prices: list[Decimal] = field(default_factory=list)

    @property
    def price_low(self) -> Decimal | None:
        return min(self.prices) if self.prices else None

    @property
    def price_high(self) -> Decimal | None:
        return max(self.prices) if self.prices else None


def list_product_summaries() -> list[ProductSummary]:
    """Every product with its main image and the range of its SKUs' current prices."""
    products = Product.objects.prefetch_related(
        Prefetch("images", queryset=Productimage.objects.filter(main_image=True).order_by("id"))
    ).order_by("id")
    prices: dict[int, list[Decimal]] = defaultdict(list)
    for product_id, price in (
        Productsku.objects.annotate(price=latest_price_subquery("sku"))
        .filter(price__isnull=False)
        .values_list("product_id", "price")
    ):
        prices[product_id].append(price)
    return [
        ProductSummary(
            product=product,
            main_image_url=product.images.all()[0].image_url if product.images.all() else None,
            prices=prices[product.pk],
        )
        for product in products
    ]


def get_product_detail(*, identifier: str) -> Product | None:
    """A product with images (main first), videos (newest first) and SKUs (by id), each SKU
    carrying `unit_price` (its current price) and its images (main first)."""
    skus = (
        Productsku.objects.select_related("sku__sku_inventory")
        .annotate(unit_price=latest_price_subquery("sku"))
        .prefetch_related(
            Prefetch("sku__images", queryset=Skuimage.objects.order_by("-main_image", "id"))
        )
        .order_by("sku_id")
    )
    return (
        Product.objects.filter(identifier=identifier)
        .prefetch_related(
            Prefetch("images", queryset=Productimage.objects.order_by("-main_image", "id")),
            "videos",
            Prefetch("productskus", queryset=skus),
        )
        .first()
    )
