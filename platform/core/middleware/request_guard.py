"""Malformed requests get a 400 before any view, on every host.

Refused here, in one place, rather than in each view that would trip over them:
- a body in a charset other than UTF-8 (Django refuses to decode such a form, and its own
  500 handler, checking CSRF again, failed the same way: gunicorn's bare 500 page);
- a NUL byte in the path, the query string or a cookie (PostgreSQL text cannot hold one:
  psycopg raised when a lookup carried it);
- a declared body larger than REQUEST_BODY_MAX_BYTES, or a Content-Length that is no number;
- a JSON body holding a NUL, or nested deeper than REQUEST_JSON_MAX_DEPTH (a signed webhook
  5,000 deep ran the JSON parser out of stack).

Each refusal is the APIs' JSON error (core.http_errors) with a stable code, logged at INFO:
it is the client's mistake, not ours.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from core.http_errors import json_error

logger = logging.getLogger("storefleet.request_guard")

UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
# A JSON string (escapes included): the brackets inside one are text, not nesting.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_JSON_NUL = re.compile(rb"\\u0000", re.IGNORECASE)
# Bodies never read here (check_request).
_FORM = "application/x-www-form-urlencoded"
_NOT_SNIFFED = frozenset({"multipart/form-data", _FORM})


class MalformedRequest(Exception):
    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def json_depth(body: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest, without parsing it (no recursion,
    linear time): strings are blanked out, then brackets are counted."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _looks_like_json(content_type: str, body: bytes) -> bool:
    return content_type.endswith(("/json", "+json")) or body.lstrip()[:1] in (b"{", b"[")


def check_request(request: HttpRequest) -> None:
    """Raise MalformedRequest for the first thing wrong with the request."""
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in request.path or "\x00" in query or "%00" in query.lower():
        raise MalformedRequest("nul-byte", "The address holds a NUL byte.")
    if any("\x00" in value for value in request.COOKIES.values()):
        raise MalformedRequest("nul-byte", "A cookie holds a NUL byte.")

    charset = request.content_params.get("charset") if request.content_params else None
    if charset is not None and charset.strip().lower() not in UTF8_NAMES:
        raise MalformedRequest(
            "unsupported-charset", f"Bodies must be UTF-8, not {charset[:40]!r}."
        )

    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.strip().isdigit():
        raise MalformedRequest("invalid-content-length", "Content-Length is not a number.")
    if int(declared) > settings.REQUEST_BODY_MAX_BYTES:
        raise MalformedRequest(
            "body-too-large",
            f"The body is larger than {settings.REQUEST_BODY_MAX_BYTES} bytes.",
        )
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if request.content_type == _FORM and limit is not None and int(declared) > limit:
        # What reading it would raise (HttpRequest.body), refused here without reading it.
        raise MalformedRequest(
            "body-too-large", "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
        )
    if int(declared) == 0 or request.content_type in _NOT_SNIFFED:
        # Uploads stream to disk (their size is bounded above); a form's body is read once,
        # by Django's form parser, and a NUL in a form field is the form's to refuse (Django's
        # fields do, as do our APIs). Only other bodies, which may be JSON, are read here.
        return

    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise MalformedRequest("body-too-large", str(exc)) from exc
    if _looks_like_json(request.content_type or "", body):
        if b"\x00" in body or _JSON_NUL.search(body):
            raise MalformedRequest("nul-byte", "The JSON body holds a NUL character.")
        if json_depth(body) > settings.REQUEST_JSON_MAX_DEPTH:
            raise MalformedRequest(
                "json-too-deep",
                f"The JSON body nests deeper than {settings.REQUEST_JSON_MAX_DEPTH} levels.",
            )


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except MalformedRequest as refusal:
            logger.info(
                "refused a malformed request (%s) %s %r",
                refusal.code,
                request.method,
                request.path[:200],
            )
            response = json_error(
                request, code=refusal.code, description=refusal.description, status=400
            )
            response._has_been_logged = True  # logged above, at INFO: not django.request's WARNING
            return response
        return self.get_response(request)
