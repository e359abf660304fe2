"""Every request gets an id (the client's `X-Request-ID`, or a new one), bound for the log
lines and the Celery tasks of the request and returned in the response's `X-Request-ID`.

With settings.REQUEST_LOG on, one access-log line per request goes to `storefleet.requests`
at INFO: path, route name, status, duration and the kind of user who made it. Off (the text
mode default), the per-request work is reading a header and setting a context variable.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

from core.log_context import accept_or_make_request_id, bind_request_id, unbind_request_id

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
PUBLIC_SCHEMA = "public"

access_log = logging.getLogger("storefleet.requests")


class RequestIdMiddleware:
    def __new__(cls, get_response: Callable[[HttpRequest], HttpResponse]) -> RequestIdMiddleware:
        # Django calls every middleware's process_view: only the access log needs one, so
        # without it the class that has none is used.
        if cls is RequestIdMiddleware and getattr(settings, "REQUEST_LOG", False):
            cls = LoggingRequestIdMiddleware
        return super().__new__(cls)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_or_make_request_id(request.META.get(META_KEY))
        token = bind_request_id(request_id)
        try:
            response = self.respond(request)
            if response.status_code >= 400:
                # Django's handler logs these after every middleware has returned, when the
                # request id is gone: logged here instead (it then skips them).
                log_response(
                    "%s: %s", response.reason_phrase, request.path,
                    response=response, request=request,
                )  # fmt: skip
        finally:
            unbind_request_id(token)
        response[HEADER] = request_id
        return response

    def respond(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class LoggingRequestIdMiddleware(RequestIdMiddleware):
    """The same, with the access-log line (settings.REQUEST_LOG)."""

    def respond(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        _log_request(request, response, time.perf_counter() - started)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        # Here, inside the store's schema and after authentication: past the tenant
        # middleware the user could no longer be loaded from the right schema.
        request.log_user_kind = _user_kind(request)


def _user_kind(request: HttpRequest) -> str:
    """anonymous / member / staff (a store's admin) / operator (a platform sign-in: every
    public-schema user is platform staff). No session cookie: no user query for it."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return "anonymous"
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == PUBLIC_SCHEMA:
        return "operator"
    return "staff" if user.is_staff else "member"


def _log_request(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
    tenant = getattr(request, "tenant", None)
    match = getattr(request, "resolver_match", None)
    duration_ms = round(seconds * 1000, 1)
    # Escaped as Django escapes its own request lines: a decoded %0A must not forge a line.
    path = request.path[:200].encode("unicode_escape").decode("ascii")
    extra = {
        "method": request.method,
        "path": path,
        "route": match.view_name if match is not None else None,
        "status": response.status_code,
        "duration_ms": duration_ms,
        # Set before the view (process_view); no view ran: nobody was looked up.
        "user_kind": getattr(request, "log_user_kind", "anonymous"),
    }
    if tenant is not None:
        # The tenant middleware has left the store's context by now.
        extra["tenant"] = tenant.schema_name
    access_log.info(
        "%s %s %s %.1fms", request.method, path, response.status_code, duration_ms,
        extra=extra,
    )  # fmt: skip
