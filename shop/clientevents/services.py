"""Recording client events. Inputs are untrusted query parameters: every text is cut to
its column's size, ids that are not numbers and codes that name nothing become null (never
an error), so a client can always report and never break the endpoint."""

from __future__ import annotations

import ipaddress

from django.contrib.auth import get_user_model

from shop.accounts.models import Member, Prospect
from shop.ads.models import Ad
from shop.clientevents.models import URL_MAX, AJAXError, Buttonclick, Linkevent, Pageview
from shop.emails.models import Email

_CODE_MAX = 50


def _cut(value: str | None, size: int) -> str:
    return (value or "").replace("\x00", "")[:size]


def _user_id(client_event_id: str | None) -> int | None:
    """The `client_event_id` the storefront sends: a user id, or the string 'null'."""
    if not client_event_id or not client_event_id.isascii() or not client_event_id.isdigit():
        return None
    if len(client_event_id) > 18:
        return None
    return (
        get_user_model()
        .objects.filter(pk=int(client_event_id))
        .values_list("pk", flat=True)
        .first()
    )


def _ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _code(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if 0 < len(value) <= _CODE_MAX and "\x00" not in value else None


def record_pageview(
    *,
    client_event_id: str | None,
    anonymous_id: str | None,
    url: str,
    page_width: str | None,
    remote_addr: str | None,
    user_agent: str | None,
) -> Pageview:
    width = int(page_width) if page_width and page_width.isdigit() and len(page_width) < 7 else None
    return Pageview.objects.create(
        user_id=_user_id(client_event_id),
        anonymous_id=_cut(anonymous_id, 100),
        url=_cut(url, URL_MAX),
        page_width=width,
        remote_addr=_ip(remote_addr),
        http_user_agent=_cut(user_agent, 1000),
    )


def record_ajax_error(
    *, client_event_id: str | None, anonymous_id: str | None, url: str, error_id: str | None
) -> AJAXError:
    return AJAXError.objects.create(
        user_id=_user_id(client_event_id),
        anonymous_id=_cut(anonymous_id, 100),
        url=_cut(url, URL_MAX),
        error_id=_cut(error_id, 100),
    )


def record_button_click(
    *, client_event_id: str | None, anonymous_id: str | None, url: str, button_id: str | None
) -> Buttonclick:
    return Buttonclick.objects.create(
        user_id=_user_id(client_event_id),
        anonymous_id=_cut(anonymous_id, 100),
        url=_cut(url, URL_MAX),
        button_id=_cut(button_id, 100),
    )


def record_link_event(
    *,
    mb_cd: str | None,
    pr_cd: str | None,
    em_cd: str | None,
    ad_cd: str | None,
    anonymous_id: str | None,
    url: str,
) -> Linkevent:
    """The codes resolve to the member's user, the prospect, the email and the ad of this
    store; an unknown code is null."""
    member_code, prospect_code = _code(mb_cd), _code(pr_cd)
    email_code, ad_code = _code(em_cd), _code(ad_cd)
    user_id = (
        Member.objects.filter(mb_cd=member_code).values_list("user_id", flat=True).first()
        if member_code
        else None
    )
    return Linkevent.objects.create(
        user_id=user_id,
        prospect=Prospect.objects.filter(pr_cd=prospect_code).first() if prospect_code else None,
        email=Email.objects.filter(em_cd=email_code).first() if email_code else None,
        ad=Ad.objects.filter(ad_cd=ad_code).first() if ad_code else None,
        anonymous_id=_cut(anonymous_id, 100),
        url=_cut(url, URL_MAX),
    )
