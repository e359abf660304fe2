"""Reads for the storefront's pages (current store schema). The cart reads go through the same
selectors and payloads as `/order/cart-*`, so a page's first paint and the API agree.

The theme and the catalog's page data (product cards, a product's page) come from the catalog
cache (shop.catalog.cache) as immutable values; the cart and the shopper never do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from shop.cart import payloads
from shop.cart import selectors as cart_selectors
from shop.cart.models import Cart
from shop.catalog import selectors as catalog_selectors
from shop.catalog import stock
from shop.catalog.cache import cached_catalog_data
from shop.catalog.models import Product
from shop.pages.models import StoreTheme
from shop.pages.theme import Theme
from shop.shipping.models import Shippingmethod


def get_store_theme(*, store_name: str) -> Theme:
    """The store's look; its defaults until the admin saves one. The store's name (from the
    platform, not cached) stands in for a blank display name."""
    theme = cached_catalog_data("theme", "", _read_theme)
    return theme if theme.display_name else replace(theme, display_name=store_name)


def _read_theme() -> Theme:
    row = StoreTheme.objects.filter(pk=StoreTheme.SINGLETON_ID).first() or StoreTheme()
    version = row.updated_date_time.strftime("%Y%m%d%H%M%S%f") if row.updated_date_time else "0"
    return Theme(
        display_name=row.display_name,
        primary_color=row.primary_color,
        accent_color=row.accent_color,
        logo_url=row.logo_url,
        version=version,
    )


@dataclass(frozen=True)
class ProductCard:
    """A product on the home page."""

    identifier: str
    title: str
    headline: str
    main_image_url: str | None
    price_low: Decimal | None
    price_high: Decimal | None


def list_product_cards() -> tuple[ProductCard, ...]:
    return cached_catalog_data("product-cards", "", _read_product_cards)


def _read_product_cards() -> tuple[ProductCard, ...]:
    return tuple(
        ProductCard(
            identifier=summary.product.identifier,
            title=summary.product.title,
            headline=summary.product.headline,
            main_image_url=summary.main_image_url,
            price_low=summary.price_low,
            price_high=summary.price_high,
        )
        for summary in catalog_selectors.list_product_summaries()
    )


@dataclass(frozen=True)
class SkuOption:
    sku_id: int
    color: str
    size: str
    description: str
    price: Decimal | None
    status_identifier: str
    status_title: str
    status_description: str
    image_url: str | None
    tracked: bool = False

    @property
    def purchasable(self) -> bool:
        """The rule of shop.cart.services.get_purchasable_sku: in stock and priced."""
        sellable = stock.can_add_to_cart(state=self.status_identifier, tracked=self.tracked)
        return sellable and self.price is not None


def list_sku_options(*, product: Product) -> list[SkuOption]:
    """A product's SKUs (from shop.catalog.selectors.get_product_detail), by id."""
    options = []
    for productsku in product.productskus.all():
        sku = productsku.sku
        mains = [image for image in sku.images.all() if image.main_image]
        options.append(
            SkuOption(
                sku_id=sku.pk,
                color=sku.color,
                size=sku.size,
                description=sku.description,
                price=productsku.unit_price,
                status_identifier=sku.sku_inventory.identifier,
                status_title=sku.sku_inventory.title,
                status_description=sku.sku_inventory.description,
                image_url=mains[0].image_url if mains else None,
                tracked=sku.track_quantity,
            )
        )
    return options


def get_default_sku_option(options: list[SkuOption] | tuple[SkuOption, ...]) -> SkuOption | None:
    """The first SKU one can buy, else the first SKU."""
    return next(
        (option for option in options if option.purchasable), options[0] if options else None
    )


@dataclass(frozen=True)
class PageImage:
    image_url: str
    caption: str


@dataclass(frozen=True)
class PageVideo:
    video_url: str
    caption: str


@dataclass(frozen=True)
class ProductPage:
    """What a product's page shows of the catalog: images main first, videos newest first,
    SKU options by id."""

    identifier: str
    title: str
    headline: str
    description_part_1: str
    description_part_2: str
    images: tuple[PageImage, ...]
    videos: tuple[PageVideo, ...]
    sku_options: tuple[SkuOption, ...]

    @property
    def selected(self) -> SkuOption | None:
        return get_default_sku_option(self.sku_options)


def get_product_page(*, identifier: str) -> ProductPage | None:
    return cached_catalog_data("product-page", identifier, lambda: _read_product_page(identifier))


def _read_product_page(identifier: str) -> ProductPage | None:
    product = catalog_selectors.get_product_detail(identifier=identifier)
    if product is None:
        return None
    return ProductPage(
        identifier=product.identifier,
        title=product.title,
        headline=product.headline,
        description_part_1=product.description_part_1,
        description_part_2=product.description_part_2,
        images=tuple(PageImage(i.image_url, i.caption) for i in product.images.all()),
        videos=tuple(PageVideo(v.video_url, v.caption) for v in product.videos.all()),
        sku_options=tuple(list_sku_options(product=product)),
    )


def get_cart_page_data(
    *, cart: Cart | None, shipping_method: Shippingmethod | None
) -> dict[str, Any]:
    """The cart as `/order/cart-items`, `cart-shipping-methods`, `cart-discount-codes` and
    `cart-totals` give it, for the page's first paint (`shipping_method`: the cart's)."""
    totals = cart_selectors.get_cart_totals(cart=cart)
    items = payloads.item_data(cart).get("product_sku_data", {})
    lines = []
    for item in items.values():
        line = totals.line_for(item["sku_id"])
        lines.append({**item, "line_total": line.total if line else None})
    return {
        "lines": lines,
        "shipping_methods": list(payloads.shipping_methods_data().values()),
        "shipping_method_selected": shipping_method.identifier if shipping_method else None,
        "discount_codes": list(payloads.discount_code_data(cart, totals).values()),
        "totals": payloads.totals_data(totals),
    }
