"""The `/order` API's plumbing: one decorator that turns a view's dict (or an
ApplicationError) into the reference's JSON, and small input readers that never raise
anything but ApplicationError.

Every response carries `"order-api-version": "0.0.1"`. Anticipated errors keep the
reference's shape and HTTP 200 (its client reads the outcome from the body:
`{"<endpoint>": "error", "errors": {"error": "<code>"}}`, or `{"errors": {"<field>": [...]}}`
for field errors); a wrong HTTP method is a 405 and an unparseable body a 400, in the same
shape. Nothing a client sends can make a view raise anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import add_never_cache_headers

from shop.cart.cookies import apply_cart_cookie
from shop.errors import ApplicationError, FieldErrors

API_VERSION = "0.0.1"
VERSION_KEY = "order-api-version"
ECHO_MAX = 100
_ID_RE = re.compile(r"[0-9]{1,18}")

View = Callable[..., dict[str, Any]]


def render(payload: dict[str, Any], *, status: int = 200) -> JsonResponse:
    response = JsonResponse({**payload, VERSION_KEY: API_VERSION}, status=status)
    add_never_cache_headers(response)
    return response


def order_endpoint(
    key: str, *, methods: Iterable[str] = ("GET",), echo: Iterable[str] = ()
) -> Callable[[View], Callable[..., HttpResponse]]:
    """Wrap a view that returns a dict. `key` is the endpoint's status key; `echo` names
    inputs (URL kwargs or request fields) repeated back in an error response."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
    echoed = tuple(echo)

    def decorate(view: View) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in allowed:
                response = render(
                    {key: "error", "errors": {"error": "method-not-allowed"}}, status=405
                )
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            if request.method == "POST" and not _body_is_readable(request):
                return render({key: "error", "errors": {"error": "malformed-request"}}, status=400)
            try:
                payload = view(request, *args, **kwargs)
            except ApplicationError as error:
                errors = error.fields if isinstance(error, FieldErrors) else {"error": error.code}
                payload = {
                    key: "error",
                    "errors": errors,
                    **_echo(request, kwargs, echoed),
                    **error.extra,
                }
            return apply_cart_cookie(request, render(payload))

        return wrapper

    return decorate


def _body_is_readable(request: HttpRequest) -> bool:
    """Parse the form body once, here, where a broken one can still be answered in JSON."""
    try:
        request.POST  # noqa: B018
    except (MultiPartParserError, SuspiciousOperation, UnreadablePostError):
        return False
    return True


def _echo(request: HttpRequest, kwargs: dict[str, Any], names: tuple[str, ...]) -> dict:
    data = request.POST if request.method == "POST" else request.GET
    echoed = {}
    for name in names:
        value = kwargs.get(name, data.get(name))
        echoed[name] = value[:ECHO_MAX] if isinstance(value, str) else value
    return echoed


def read_text(request: HttpRequest, name: str) -> str | None:
    """A form field (POST for POST requests, else the query string), stripped; None when
    missing or blank. NUL characters, which PostgreSQL cannot store, count as blank."""
    data = request.POST if request.method == "POST" else request.GET
    value = data.get(name)
    if value is None:
        return None
    value = value.strip()
    return value if value and "\x00" not in value else None


def parse_id(value: str) -> int | None:
    """A database id: 1 to 18 ASCII digits, more than zero. Anything else is no id at all."""
    if not _ID_RE.fullmatch(value):
        return None
    number = int(value)
    return number if number > 0 else None
