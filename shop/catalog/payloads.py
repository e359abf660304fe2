"""The catalog's JSON shapes (reference §1: `products`, `product/<identifier>`)."""

from __future__ import annotations

from typing import Any

from shop.api import render_body
from shop.catalog import selectors
from shop.catalog.models import Product
from shop.catalog.selectors import ProductSummary


def _product_fields(product: Product) -> dict[str, Any]:
    return {
        "title": product.title,
        "title_url": product.title_url,
        "identifier": product.identifier,
        "headline": product.headline,
        "description_part_1": product.description_part_1,
        "description_part_2": product.description_part_2,
    }


def products_data(summaries: list[ProductSummary]) -> dict[str, Any]:
    return {
        summary.product.identifier: {
            **_product_fields(summary.product),
            "price_low": summary.price_low,
            "price_high": summary.price_high,
            "product_image_url": summary.main_image_url,
        }
        for summary in summaries
    }


def _images(images) -> dict[int, dict[str, Any]]:
    return {
        image.pk: {"image_url": image.image_url, "main": image.main_image, "caption": image.caption}
        for image in images
    }


def product_data(product: Product) -> dict[str, Any]:
    skus = {}
    for productsku in product.productskus.all():
        sku = productsku.sku
        skus[sku.pk] = {
            "color": sku.color,
            "size": sku.size,
            "description": sku.description,
            "price": productsku.unit_price,
            "inventory_status_identifier": sku.sku_inventory.identifier,
            "inventory_status_title": sku.sku_inventory.title,
            "inventory_status_description": sku.sku_inventory.description,
            "sku_images": _images(sku.images.all()),
        }
    return {
        **_product_fields(product),
        "product_images": _images(product.images.all()),
        "product_videos": {
            video.pk: {
                "video_url": video.video_url,
                "video_thumbnail_url": video.video_thumbnail_url,
                "caption": video.caption,
            }
            for video in product.videos.all()
        },
        "skus": skus,
    }


# Whole bodies, as shop.catalog.cache keeps them -----------------------------------------------


def build_products_body() -> bytes:
    """`/order/products`'s JSON body."""
    return render_body({"products_data": products_data(selectors.list_product_summaries())})


def build_product_body(identifier: str) -> bytes | None:
    """`/order/product/<identifier>`'s JSON body; None when there is no such product."""
    found = selectors.get_product_detail(identifier=identifier)
    if found is None:
        return None
    return render_body(
        {
            "product": "success",
            "product_identifier": identifier,
            "product_data": product_data(found),
        }
    )
