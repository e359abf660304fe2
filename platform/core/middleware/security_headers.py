"""Security headers Django does not set itself: a Content-Security-Policy on every response.

The policy comes from settings.CONTENT_SECURITY_POLICY (default-src 'self', no inline script,
no framing); a view that needs another policy sets the header itself and is left alone.
HSTS, X-Frame-Options, nosniff and the referrer policy come from Django's own middleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Read once, at start-up (as Django's SecurityMiddleware reads its settings).
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and HEADER not in response:
            response[HEADER] = self.policy
        return response
