"""`/user/*`: the reference's paths, form fields and status strings. Each view parses its
fields, calls one service and returns the reference's JSON (shop.api.user_endpoint renders
it, and anticipated errors). Signed-out callers of member endpoints get
`user_not_authenticated` (a signed-in user without a Member, such as an admin account, too).
"""

from __future__ import annotations

from core.login_throttle import throttle_login
from core.ratelimit import client_ip, enforce_rate_limit
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.views.decorators.csrf import ensure_csrf_cookie

from shop.accounts import passwords, payloads, prospects, services, sessions, terms, unsubscribe
from shop.accounts.errors import NotAuthenticated, required
from shop.accounts.inputs import read_bool, read_password, read_text
from shop.accounts.models import Member
from shop.accounts.selectors import get_member_for_user
from shop.api import API_VERSION, on_response, user_endpoint
from shop.cart.cookies import delete_cart_cookie
from shop.cart.selectors import count_cart_items, get_cart
from shop.cart.shopper import get_shopper
from shop.clientevents.cookies import read_anonymous_id, set_new_anonymous_id
from shop.clientevents.selectors import get_log_client_events
from shop.errors import FieldErrors

POST = ("POST",)
ANY = ("GET", "POST")
HOUR = 60 * 60
CODE_ERRORS = ("code-doesnt-match", "signature-invalid", "signature-expired")
UNSUBSCRIBE_REASONS = ("no_longer_want_to_receive", "never_signed_up", "inappropriate", "spam")


def _member(request: HttpRequest) -> Member:
    member = get_member_for_user(request.user)
    if member is None:
        raise NotAuthenticated()
    return member


def _reasons(request: HttpRequest) -> services.UnsubscribeReasons:
    flags = {name: read_bool(request, name) is True for name in UNSUBSCRIBE_REASONS}
    return services.UnsubscribeReasons(**flags, other=read_text(request, "other") or "")


def index(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        f"Hello, you're at the user API (version {API_VERSION}) root. Nothing to see here...",
        content_type="text/plain; charset=utf-8",
    )
    add_never_cache_headers(response)
    return response


@ensure_csrf_cookie
@user_endpoint("token")
def token(request: HttpRequest) -> dict:
    field = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    return {"token": format_html(field, get_token(request))}


@ensure_csrf_cookie
@user_endpoint("logged_in")
def logged_in(request: HttpRequest) -> dict:
    member = get_member_for_user(request.user)
    payload = {
        "log_client_events": get_log_client_events(),
        "cart_item_count": count_cart_items(cart=get_cart(shopper=get_shopper(request))),
    }
    if member is None:
        if read_anonymous_id(request) is None:
            on_response(request, set_new_anonymous_id)
        return {"logged_in": False, "client_event_id": "null", **payload}
    user = member.user
    return {
        "logged_in": True,
        "client_event_id": user.pk,
        "member_initials": payloads.initials(member),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email_address": user.email,
        **payload,
    }


@user_endpoint("login", methods=POST, invalid_status="false")
def login(request: HttpRequest) -> dict:
    username, password = read_text(request, "username"), read_password(request, "password")
    # Counted with the store admin's sign-in, per address and per username, before any check.
    throttle_login(request, username=username)
    if username is None or password is None:
        raise FieldErrors(
            {name: [{"type": "required", "description": f"{name} is required."}]
             for name, value in (("username", username), ("password", password)) if value is None}
        )  # fmt: skip
    member = sessions.log_in(
        request,
        username=username,
        password=password,
        remember_me=read_bool(request, "remember_me") is True,
    )
    if member is None:
        return {"login": "false"}
    on_response(request, delete_cart_cookie)
    return {"login": "true"}


@user_endpoint("logout", methods=ANY)
def logout(request: HttpRequest) -> dict:
    if not sessions.log_out(request):
        raise NotAuthenticated()
    on_response(request, delete_cart_cookie)
    on_response(request, set_new_anonymous_id)
    return {"logout": "true"}


@user_endpoint("account_content")
def account_content(request: HttpRequest) -> dict:
    member = get_member_for_user(request.user)
    if member is None:
        return {"account_content": {"authenticated": "false"}}
    return {"account_content": payloads.account_content(member)}


@user_endpoint("create_account", methods=POST, invalid_status="false")
def create_account(request: HttpRequest) -> dict:
    enforce_rate_limit(scope="create-account", key=client_ip(request), limit=5, period=HOUR)
    registration = services.Registration(
        firstname=read_text(request, "firstname"),
        lastname=read_text(request, "lastname"),
        username=read_text(request, "username"),
        email_address=read_text(request, "email_address"),
        password=read_password(request, "password"),
        confirm_password=read_password(request, "confirm_password"),
        newsletter=read_bool(request, "newsletter") is True,
    )
    member = services.create_account(registration=registration)
    sessions.start_session(
        request, member=member, remember_me=read_bool(request, "remember_me") is True
    )
    on_response(request, delete_cart_cookie)
    return {"create_account": "true"}


@user_endpoint("verify_email_address", methods=ANY)
def verify_email_address(request: HttpRequest) -> dict:
    services.request_email_verification(member=_member(request))
    return {"verify_email_address": "verification_email_sent"}


@user_endpoint("verify_email_address_response", methods=POST, status_errors=CODE_ERRORS)
def verify_email_address_response(request: HttpRequest) -> dict:
    member = _member(request)
    code = read_text(request, "email_verification_code")
    if code is None:
        raise required("email_verification_code")
    services.verify_email_address(member=member, code=code)
    return {"verify_email_address_response": "success"}


@user_endpoint("reset_password", methods=POST)
def reset_password(request: HttpRequest) -> dict:
    username, email_address = read_text(request, "username"), read_text(request, "email_address")
    if username is None:
        raise required("username")
    # Each request mails someone: cap it per client (no probing many usernames) and per
    # username (no mail-bombing one member).
    enforce_rate_limit(scope="reset-password-client", key=client_ip(request), limit=20, period=HOUR)
    enforce_rate_limit(scope="reset-password", key=username.lower(), limit=5, period=HOUR)
    if email_address is None:
        raise required("email_address")
    passwords.request_password_reset(username=username, email_address=email_address)
    return {"reset_password": "success"}


@user_endpoint(
    "set_new_password",
    methods=POST,
    status_errors=(*CODE_ERRORS, "username-not-found"),
    invalid_status="password-error",
)
def set_new_password(request: HttpRequest) -> dict:
    username, code = read_text(request, "username"), read_text(request, "password_reset_code")
    if username is None:
        raise required("username")
    if code is None:
        raise required("password_reset_code")
    passwords.set_new_password(
        username=username,
        code=code,
        new_password=read_password(request, "new_password"),
        confirm=read_password(request, "confirm_new_password"),
    )
    return {"set_new_password": "success"}


@user_endpoint("forgot_username", methods=POST)
def forgot_username(request: HttpRequest) -> dict:
    email_address = read_text(request, "email_address")
    if email_address is None:
        raise required("email_address")
    # Each request mails someone: cap it per address (no mail-bombing one inbox) and per
    # client (no probing many).
    enforce_rate_limit(scope="forgot-username", key=client_ip(request), limit=20, period=HOUR)
    enforce_rate_limit(
        scope="forgot-username-address", key=email_address.lower(), limit=5, period=HOUR
    )
    passwords.send_forgotten_username(email_address=email_address)
    return {"forgot_username": "success"}


@user_endpoint("update_my_information", methods=POST, invalid_status="errors")
def update_my_information(request: HttpRequest) -> dict:
    services.update_my_information(
        member=_member(request),
        firstname=read_text(request, "firstname"),
        lastname=read_text(request, "lastname"),
        email_address=read_text(request, "email_address"),
    )
    return {"update_my_information": "success"}


@user_endpoint("update_communication_preferences", methods=POST, invalid_status="errors")
def update_communication_preferences(request: HttpRequest) -> dict:
    member = _member(request)
    newsletter, unsubscribed = (
        read_bool(request, "newsletter"),
        read_bool(request, "email_unsubscribe"),
    )
    if newsletter is None or unsubscribed is None:
        raise FieldErrors({"data_missing": "Required data was missing from the request."})
    services.update_communication_preferences(
        member=member,
        newsletter=newsletter,
        email_unsubscribed=unsubscribed,
        reasons=_reasons(request),
    )
    return {"update_communication_preferences": "success"}


@user_endpoint("change_my_password", methods=POST, invalid_status="errors")
def change_my_password(request: HttpRequest) -> dict:
    member = _member(request)
    # Each try of the current password counts like a sign-in: a session is not a licence
    # to guess its password faster than /user/login allows.
    throttle_login(request, username=member.user.get_username())
    passwords.change_my_password(
        member=member,
        current_password=read_password(request, "current_password"),
        new_password=read_password(request, "new_password"),
        confirm=read_password(request, "confirm_new_password"),
    )
    sessions.keep_session_after_password_change(request, member=member)
    return {"change_my_password": "success"}


@user_endpoint("email_unsubscribe_lookup")
def email_unsubscribe_lookup(request: HttpRequest) -> dict:
    masked = unsubscribe.look_up_unsubscribe(
        token=read_text(request, "token"), pr_token=read_text(request, "pr_token")
    )
    return {"email_unsubscribe_lookup": "success", "email_address": masked}


@user_endpoint("email_unsubscribe_confirm", methods=POST)
def email_unsubscribe_confirm(request: HttpRequest) -> dict:
    masked, new_token = unsubscribe.confirm_unsubscribe(
        token=read_text(request, "token"), pr_token=read_text(request, "pr_token")
    )
    return {"email_unsubscribe_confirm": "success", "email_address": masked, "token": new_token}


@user_endpoint("email_unsubscribe_why", methods=POST)
def email_unsubscribe_why(request: HttpRequest) -> dict:
    unsubscribe.record_unsubscribe_why(
        token=read_text(request, "token"),
        pr_token=read_text(request, "pr_token"),
        reasons=_reasons(request),
    )
    return {"email_unsubscribe_why": "success"}


@user_endpoint("terms_of_use_agree_check")
def terms_of_use_agree_check(request: HttpRequest) -> dict:
    agreed, latest = terms.has_agreed_to_latest_terms(member=_member(request))
    if agreed:
        return {"terms_of_use_agree_check": True}
    return {
        "terms_of_use_agree_check": False,
        "version": latest.version,
        "version_note": latest.version_note,
    }


@user_endpoint("terms_of_use_agree", methods=POST)
def terms_of_use_agree(request: HttpRequest) -> dict:
    agreed = terms.agree_to_terms(member=_member(request), version=read_text(request, "version"))
    return {"terms_of_use_agree": "success", "version": agreed.version}


@user_endpoint("put_chat_message", methods=POST, invalid_status="validation_error")
def put_chat_message(request: HttpRequest) -> dict:
    # Each message mails the store's owner.
    enforce_rate_limit(scope="chat-message", key=client_ip(request), limit=20, period=HOUR)
    prospects.put_chat_message(
        name=read_text(request, "name"),
        email_address=read_text(request, "email_address"),
        message=read_text(request, "message"),
        member=get_member_for_user(request.user),
    )
    return {"put_chat_message": "true"}


@user_endpoint(
    "pythonabot_notify_me",
    methods=POST,
    status_errors=("duplicate_prospect",),
    invalid_status="validation_error",
)
def pythonabot_notify_me(request: HttpRequest) -> dict:
    prospects.add_notify_me_prospect(
        email_address=read_text(request, "email_address"),
        how_excited=read_text(request, "how_excited"),
    )
    return {"pythonabot_notify_me": "success"}
