"""The one-click unsubscribe endpoint of campaign messages (RFC 8058).

POST /campaigns/unsubscribe-one-click?token=<member token> (or ?pr_token=<prospect token>)
with the body `List-Unsubscribe=One-Click`: no login, no CSRF token (a mail provider posts
it), the token in the URL is the credential. Answers
`{"email_unsubscribe_one_click": "success"}`, or `"error"` with `errors.error` one of
`one-click-body-required`, `token-required`, `token-invalid`, `token-altered` (HTTP 400/404).

GET (a mail program that opens the link instead) shows a page whose button makes that POST.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from shop.campaigns.compose import ONE_CLICK_BODY
from shop.campaigns.errors import UnsubscribeFailed
from shop.campaigns.unsubscribe import unsubscribe_by_token
from shop.errors import ApplicationError

KEY = "email_unsubscribe_one_click"


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_one_click(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _confirmation_page(request)
    prospect = "pr_token" in request.GET
    token = request.GET.get("pr_token" if prospect else "token", "")
    try:
        if request.POST.get("List-Unsubscribe") != "One-Click":
            raise UnsubscribeFailed(
                f"The body must be {ONE_CLICK_BODY}.", code="one-click-body-required"
            )
        unsubscribe_by_token(token=token, prospect=prospect)
    except ApplicationError as error:
        return _json({KEY: "error", "errors": {"error": error.code}}, status=error.http_status)
    return _json({KEY: "success"})


def _json(payload: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status)
    add_never_cache_headers(response)
    return response


def _confirmation_page(request: HttpRequest) -> HttpResponse:
    store = getattr(request, "tenant", None)
    name = getattr(store, "name", "this store")
    page = format_html(
        "<!doctype html><html><head><meta charset='utf-8'><title>Unsubscribe</title></head>"
        "<body><h1>Unsubscribe from {} emails?</h1>"
        "<form method='post' action='{}'>"
        "<input type='hidden' name='List-Unsubscribe' value='One-Click'>"
        "<button type='submit'>Unsubscribe</button></form></body></html>",
        name,
        request.get_full_path(),
    )
    response = HttpResponse(page)
    add_never_cache_headers(response)
    return response
