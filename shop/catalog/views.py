"""`/order/products` and `/order/product/<identifier>`: JSON bodies from the catalog cache."""

from __future__ import annotations

from django.http import HttpRequest

from shop.api import Rendered, order_endpoint
from shop.catalog import payloads
from shop.catalog.cache import cached_catalog_json
from shop.errors import NotFound


@order_endpoint("products")
def products(request: HttpRequest) -> Rendered:
    return Rendered(cached_catalog_json("products", "", payloads.build_products_body))


@order_endpoint("product", echo=("product_identifier",))
def product(request: HttpRequest, product_identifier: str) -> Rendered:
    body = cached_catalog_json(
        "product", product_identifier, lambda: payloads.build_product_body(product_identifier)
    )
    if body is None:
        raise NotFound("No such product.", code="product-identifier-not-found")
    return Rendered(body)
