"""Reads for the storefront's pages (current store schema). The cart reads go through the same
selectors and payloads as `/order/cart-*`, so a page's first paint and the API agree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shop.cart import payloads
from shop.cart import selectors as cart_selectors
from shop.cart.models import Cart
from shop.catalog import stock
from shop.catalog.models import Product
from shop.pages.models import StoreTheme
from shop.pages.theme import Theme
from shop.shipping.models import Shippingmethod


def get_store_theme(*, store_name: str) -> Theme:
    """The store's look; its defaults until the admin saves one."""
    row = StoreTheme.objects.filter(pk=StoreTheme.SINGLETON_ID).first() or StoreTheme()
    version = row.updated_date_time.strftime("%Y%m%d%H%M%S%f") if row.updated_date_time else "0"
    return Theme(
        display_name=row.display_name or store_name,
        primary_color=row.primary_color,
        accent_color=row.accent_color,
        logo_url=row.logo_url,
        version=version,
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


def get_default_sku_option(options: list[SkuOption]) -> SkuOption | None:
    """The first SKU one can buy, else the first SKU."""
    return next(
        (option for option in options if option.purchasable), options[0] if options else None
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
