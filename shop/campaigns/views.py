"""The one-click unsubscribe endpoint of campaign messages (RFC 8058).

POST /campaigns/unsubscribe-one-click?token=<member token> (or ?pr_token=<prospect token>)
with the body `List-Unsubscribe=One-Click`: no login, no CSRF token (a mail provider posts
it), the token in the URL is the credential. Answers
`{"email_unsubscribe_one_click": "success"}`, or `"error"` with `errors.error` one of
`one-click-body-required`, `token-required`, `token-invalid`, `token-altered` (HTTP 400/404).

GET (a mail program that opens the link instead) shows the store's page whose button makes
that POST; that POST (marked `from_page=1`) is answered with a page too.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from shop.campaigns.compose import ONE_CLICK_BODY
from shop.campaigns.errors import UnsubscribeFailed
from shop.campaigns.unsubscribe import unsubscribe_by_token
from shop.errors import ApplicationError
from shop.pages.views import render_page

KEY = "email_unsubscribe_one_click"


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_one_click(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    prospect = "pr_token" in request.GET
    token = request.GET.get("pr_token" if prospect else "token", "")
    from_page = request.POST.get("from_page") == "1"  # a person pressed the page's button
    try:
        if request.POST.get("List-Unsubscribe") != "One-Click":
            raise UnsubscribeFailed(
                f"The body must be {ONE_CLICK_BODY}.", code="one-click-body-required"
            )
        unsubscribe_by_token(token=token, prospect=prospect)
    except ApplicationError as error:
        if from_page:
            return _page(request, problem=error.code, status=error.http_status)
        return _json({KEY: "error", "errors": {"error": error.code}}, status=error.http_status)
    if from_page:
        return _page(request, done=True)
    return _json({KEY: "success"})


def _json(payload: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status)
    add_never_cache_headers(response)
    return response


def _page(request: HttpRequest, *, status: int = 200, **context) -> HttpResponse:
    """For a mail program that opens the link instead of POSTing it: the store's page with
    a button that makes the POST (and, after it, says what happened)."""
    response = render_page(
        request,
        "storefront/account/one_click_unsubscribe.html",
        status=status,
        action=request.get_full_path(),
        **context,
    )
    add_never_cache_headers(response)
    return response
