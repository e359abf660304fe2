"""The answer to a request refused by Django's CSRF check.

Pages get Django's own HTML 403. The JSON APIs (`/order/`, `/user/`, `/clientevent/` on a
store, and any request that asks for JSON) get a 403 in the APIs' shape, with a stable code
the storefront's script matches on to fetch a fresh token and retry once.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.csrf import csrf_failure as html_csrf_failure

JSON_PREFIXES = ("/order/", "/user/", "/clientevent/")
CODE = "csrf-failed"


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(JSON_PREFIXES) or "application/json" in request.headers.get(
        "Accept", ""
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if not wants_json(request):
        return html_csrf_failure(request, reason=reason)
    # The reference's status key is the endpoint's name: /order/cart-add-product-sku ->
    # "cart_add_product_sku".
    key = request.path.rstrip("/").rsplit("/", 1)[-1].replace("-", "_")[:100] or "error"
    response = JsonResponse(
        {key: "error", "errors": {"error": CODE, "description": reason}}, status=403
    )
    add_never_cache_headers(response)
    return response
