"""One JSON shape for the errors answered outside a view (a CSRF refusal, a malformed request,
a server error): the store APIs' shape, so the storefront's script reads them all alike.

    {"<endpoint>": "error", "errors": {"error": "<code>", "description": "<for people>"}}

The key is the endpoint's name, as in the reference (/order/cart-add-product-sku ->
"cart_add_product_sku"); `code` is the stable string a client matches on.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers


def endpoint_key(path: str) -> str:
    return (
        path.rstrip("/").rsplit("/", 1)[-1].replace("-", "_").replace("\x00", "")[:100] or "error"
    )


def json_error(request: HttpRequest, *, code: str, description: str, status: int) -> JsonResponse:
    response = JsonResponse(
        {
            endpoint_key(request.path): "error",
            "errors": {"error": code, "description": description},
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response
