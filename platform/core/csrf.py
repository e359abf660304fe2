"""The answer to a request refused by Django's CSRF check.

Pages get Django's own HTML 403. The JSON APIs (`/order/`, `/user/`, `/clientevent/` on a
store, and any request that asks for JSON) get a 403 in the APIs' shape, with a stable code
the storefront's script matches on to fetch a fresh token and retry once.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.csrf import csrf_failure as html_csrf_failure

from core.http_errors import json_error

JSON_PREFIXES = ("/order/", "/user/", "/clientevent/")
CODE = "csrf-failed"


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(JSON_PREFIXES) or "application/json" in request.headers.get(
        "Accept", ""
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if not wants_json(request):
        return html_csrf_failure(request, reason=reason)
    return json_error(request, code=CODE, description=reason, status=403)
