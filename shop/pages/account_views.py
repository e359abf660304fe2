"""The storefront's account pages: sign-in, sign-up, password help, the member's account and
its edit pages, unsubscribing from a mail link, and the store's terms and info pages.

Each page is rendered here with what its first paint needs; its small script
(static/storefront/js/account-*.js, login.js, …) then talks to the `/user/*` JSON API, which
keeps every rule. Pages for members send a signed-out visitor to `/login?next=<this page>`.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST, require_safe

from shop.accounts import data_export, payloads, terms, unsubscribe
from shop.accounts.errors import UnsubscribeError
from shop.accounts.selectors import get_member_for_user
from shop.accounts.validators import (
    CHAT_MESSAGE_MAX,
    EMAIL_MAX,
    FIRST_NAME_MAX,
    LAST_NAME_MAX,
    USERNAME_MAX,
)
from shop.emails.selectors import get_store_settings
from shop.pages.account_navigation import next_after_sign_in
from shop.pages.account_rules import list_password_rules
from shop.pages.views import render_page

RECENT_ORDERS = 3  # the account page lists these; /account/orders has them all
FIELD_LIMITS = {
    "first_name_max": FIRST_NAME_MAX,
    "last_name_max": LAST_NAME_MAX,
    "username_max": USERNAME_MAX,
    "email_max": EMAIL_MAX,
    "chat_message_max": CHAT_MESSAGE_MAX,
}


def page(view):
    """A storefront page: GET/HEAD only, never cached, and it sets the CSRF cookie its
    script sends back."""
    return require_safe(never_cache(ensure_csrf_cookie(view)))


def members_only(view):
    """Signed-out visitors (and users without a Member) go to the sign-in page, which
    brings them back here, query string included (an email link's code)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        member = get_member_for_user(request.user)
        if member is None:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('store-login')}?{query}")
        return view(request, member, *args, **kwargs)

    return wrapper


# Signing in and up -----------------------------------------------------------------------


@page
def login(request: HttpRequest) -> HttpResponse:
    next_path = next_after_sign_in(request.GET)
    if get_member_for_user(request.user) is not None:
        return HttpResponseRedirect(next_path)
    return render_page(request, "storefront/account/login.html", page="login", next_path=next_path)


@page
def create_account(request: HttpRequest) -> HttpResponse:
    next_path = next_after_sign_in(request.GET)
    if get_member_for_user(request.user) is not None:
        return HttpResponseRedirect(next_path)
    return render_page(
        request,
        "storefront/account/create_account.html",
        page="sign-up",
        next_path=next_path,
        password_rules=list_password_rules(),
        latest_terms=terms.get_latest_terms(),
        **FIELD_LIMITS,
    )


@page
def forgot_username(request: HttpRequest) -> HttpResponse:
    return render_page(request, "storefront/account/forgot_username.html", page="sign-up")


@page
def reset_password(request: HttpRequest) -> HttpResponse:
    return render_page(request, "storefront/account/reset_password.html", page="sign-up")


@page
def set_new_password(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("password_reset_code") or "").strip()
    return render_page(
        request,
        "storefront/account/set_new_password.html",
        page="sign-up",
        password_reset_code=code[:500],
        password_rules=list_password_rules(),
    )


# The member's account ----------------------------------------------------------------------


def _account_data(member) -> dict:
    """The same data `/user/account-content` gives, its dates as datetimes for the page."""
    content = payloads.account_content(member)
    personal = content["personal_data"]
    for key in ("joined_date_time", "last_login_date_time", "terms_of_use_agreed_date_time"):
        personal[key] = parse_datetime(personal[key]) if personal[key] else None
    content["orders"] = [
        {**order, "order_date_time": parse_datetime(order["order_date_time"])}
        for order in content["orders_data"].values()  # newest first
    ]
    return content


@page
@members_only
def account(request: HttpRequest, member) -> HttpResponse:
    code = (request.GET.get("email_verification_code") or "").strip()
    content = _account_data(member)
    return render_page(
        request,
        "storefront/account/account.html",
        page="account",
        personal=content["personal_data"],
        email=content["email_data"],
        order_count=len(content["orders"]),
        recent_orders=content["orders"][:RECENT_ORDERS],
        email_verification_code=code[:500],
    )


@require_POST
@members_only
def download_my_data(request: HttpRequest, member) -> StreamingHttpResponse:
    """The member's data as a JSON file, streamed (shop.accounts.data_export)."""
    response = StreamingHttpResponse(
        data_export.export_member_data(member=member), content_type="application/json"
    )
    name = f"{request.tenant.slug}-my-data-{timezone.now():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@page
@members_only
def edit_my_information(request: HttpRequest, member) -> HttpResponse:
    return render_page(
        request,
        "storefront/account/edit_my_information.html",
        page="account",
        user=member.user,
        **FIELD_LIMITS,
    )


@page
@members_only
def edit_communication_preferences(request: HttpRequest, member) -> HttpResponse:
    return render_page(
        request,
        "storefront/account/edit_communication_preferences.html",
        page="account",
        preferences=member,
    )


@page
@members_only
def change_password(request: HttpRequest, member) -> HttpResponse:
    return render_page(
        request,
        "storefront/account/change_password.html",
        page="account",
        password_rules=list_password_rules(),
    )


@page
def email_unsubscribe(request: HttpRequest) -> HttpResponse:
    """A mail's unsubscribe link: `?token=` (a member) or `?pr_token=` (a prospect). The
    lookup happens here, so the first paint already says whose address it is, or why the
    link no longer works."""
    token = (request.GET.get("token") or "").strip() or None
    pr_token = (request.GET.get("pr_token") or "").strip() or None
    masked, problem = None, None
    try:
        masked = unsubscribe.look_up_unsubscribe(token=token, pr_token=pr_token)
    except UnsubscribeError as error:
        problem = error.code
    return render_page(
        request,
        "storefront/account/email_unsubscribe.html",
        masked_email=masked,
        problem=problem,
        token_name="token" if token else "pr_token",
        token_value=(token or pr_token or "")[:200],
    )


# The store's terms and info pages ------------------------------------------------------------


@page
def terms_of_use(request: HttpRequest) -> HttpResponse:
    return render_page(
        request, "storefront/info/terms_of_use.html", page="info", terms=terms.get_latest_terms()
    )


def _info_page(template: str):
    @page
    def view(request: HttpRequest) -> HttpResponse:
        return render_page(
            request,
            f"storefront/info/{template}.html",
            page="info",
            owner_address=get_store_settings().owner_address,
        )

    view.__name__ = template
    return view


terms_of_sale = _info_page("terms_of_sale")
privacy_policy = _info_page("privacy_policy")
about = _info_page("about")
contact = _info_page("contact")
