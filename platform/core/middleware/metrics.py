"""Count and time every response, by URL pattern name and status: one histogram observation
and one counter increment per request (scripts/bench/storefront_profile.py measures it)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.metrics import REQUEST_SECONDS, REQUESTS


def route_name(request: HttpRequest) -> str:
    """The matched URL pattern's name; never the path, which the client chooses."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Answered before URL resolution: the tenant middleware's /healthz, unknown hosts,
        # closed stores, the request guard's refusals.
        return "healthz" if request.path == "/healthz" else "unmatched"
    return match.url_name or "unnamed"


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route = route_name(request)
        REQUEST_SECONDS.labels(route).observe(time.perf_counter() - started)
        REQUESTS.labels(route, str(response.status_code)).inc()
        return response
