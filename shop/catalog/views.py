"""`/order/products` and `/order/product/<identifier>`."""

from __future__ import annotations

from django.http import HttpRequest

from shop.api import order_endpoint
from shop.catalog import payloads, selectors
from shop.errors import NotFound


@order_endpoint("products")
def products(request: HttpRequest) -> dict:
    return {"products_data": payloads.products_data(selectors.list_product_summaries())}


@order_endpoint("product", echo=("product_identifier",))
def product(request: HttpRequest, product_identifier: str) -> dict:
    found = selectors.get_product_detail(identifier=product_identifier)
    if found is None:
        raise NotFound("No such product.", code="product-identifier-not-found")
    return {
        "product": "success",
        "product_identifier": product_identifier,
        "product_data": payloads.product_data(found),
    }
