"""The one rule against password guessing, used by every sign-in: a store's admin and its
`/user/login` API, the platform's admin and the operator dashboard.

    throttle_login(request, username=typed)      # raises RateLimited past either limit

Each attempt counts once against the client's address (scope "login", the counter the store's
JSON login has always used) and once against the username typed (scope "login-username"), in
core.ratelimit's shared counters: per store schema, so a store's admin and its API draw on one
allowance, other stores and the platform on their own. The count is an atomic INCR made before
the password is looked at, so concurrent attempts never get more than the limit through; every
attempt counts, a right password too. Limits: settings LOGIN_RATE_LIMIT_*.

    guard_login_view(view, refusal_page=...)

wraps an HTML sign-in view: each POST is counted before the view sees it; past the limit the
view is not called and `refusal_page(request, error)` is answered with HTTP 429 and
Retry-After. A GET of the form is never counted. `guard_password_change_view` does the same
for a form that asks a signed-in user for the current password (the username is theirs), and
the store's `/user/change-my-password` API counts each attempt the same way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from core.ratelimit import RateLimited, client_ip, enforce_rate_limit

ADDRESS_SCOPE = "login"
USERNAME_SCOPE = "login-username"
USERNAME_FIELD = "username"  # django.contrib.auth's AuthenticationForm, and the /user API
USERNAME_KEY_MAX = 300  # longer is no one's username; the key is hashed anyway

View = Callable[..., HttpResponse]
RefusalPage = Callable[[HttpRequest, RateLimited], HttpResponse]


def get_username_key(username: object) -> str:
    """The counter's key for what was typed: normalized as the sign-in forms do (NFKC,
    stripped) and case-folded, so 'Admin' and 'admin' share one allowance; '' for none."""
    if not isinstance(username, str):
        return ""
    return unicodedata.normalize("NFKC", username[:USERNAME_KEY_MAX]).strip().casefold()


def throttle_login(request: HttpRequest, *, username: object) -> None:
    """Count one password attempt; RateLimited once the address or the username is over its
    limit. An attempt without a username counts against the address only."""
    period = settings.LOGIN_RATE_LIMIT_PERIOD
    enforce_rate_limit(
        scope=ADDRESS_SCOPE,
        key=client_ip(request),
        limit=settings.LOGIN_RATE_LIMIT_PER_ADDRESS,
        period=period,
    )
    key = get_username_key(username)
    if key:
        enforce_rate_limit(
            scope=USERNAME_SCOPE,
            key=key,
            limit=settings.LOGIN_RATE_LIMIT_PER_USERNAME,
            period=period,
        )


def _typed_username(request: HttpRequest) -> object:
    return request.POST.get(USERNAME_FIELD)


def _signed_in_username(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else None


def guard_login_view(
    view: View,
    *,
    refusal_page: RefusalPage,
    username_of: Callable[[HttpRequest], object] = _typed_username,
) -> View:
    """`view` with each POST counted first (see the module's docstring)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            try:
                throttle_login(request, username=username_of(request))
            except RateLimited as error:
                response = refusal_page(request, error)
                response.status_code = 429
                response["Retry-After"] = str(error.retry_after)
                add_never_cache_headers(response)
                return response
        return view(request, *args, **kwargs)

    return guarded


def guard_password_change_view(view: View, *, refusal_page: RefusalPage) -> View:
    """A form that asks for the current password (the admins' password change): each POST
    counts as a sign-in attempt of the signed-in user, so whoever holds a session cannot
    guess its password faster than the sign-in forms allow."""
    return guard_login_view(view, refusal_page=refusal_page, username_of=_signed_in_username)


def get_retry_minutes(error: RateLimited) -> int:
    """The wait a refusal page names, in whole minutes (at least one)."""
    return max(1, -(-error.retry_after // 60))
