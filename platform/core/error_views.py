"""The 400 and 500 answers of both URL confs (platform and store).

Django's own handlers are wrapped in `requires_csrf_token`, which runs the CSRF check again:
a request whose body broke that check the first time broke the error handler too, and the
exception escaped to the server's bare 500 page. These touch nothing of the request but its
path and Accept header, and answer JSON to the APIs and a plain page to browsers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.csrf import wants_json
from core.http_errors import json_error


def _answer(request: HttpRequest, *, status: int, code: str, description: str) -> HttpResponse:
    if wants_json(request):
        return json_error(request, code=code, description=description, status=status)
    html = render_to_string("errors/error.html", {"status": status, "description": description})
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(
        request, status=400, code="bad-request", description="The request could not be read."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(
        request,
        status=500,
        code="server-error",
        description="Something went wrong on our side; it has been logged. Please try again.",
    )
