"""Who is shopping: a member (signed in, with a Member row) or an anonymous cookie holder."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from shop.accounts.models import Member
from shop.accounts.selectors import get_member_for_user
from shop.cart.cookies import read_cart_cookie


@dataclass(frozen=True)
class Shopper:
    member: Member | None
    username: str | None
    anonymous_cart_id: str | None  # from a verified `an_ct` cookie, if any

    @property
    def is_member(self) -> bool:
        return self.member is not None


def get_shopper(request: HttpRequest) -> Shopper:
    """A signed-in user without a Member row (e.g. a `createsuperuser` account) shops like an
    anonymous visitor, by cookie, instead of crashing (defect 14)."""
    # Users are known by their session only: without its cookie the request is anonymous,
    # and the (lazy) user and session need not be looked up at all.
    signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
    member = get_member_for_user(getattr(request, "user", None)) if signed_in else None
    if member is not None:
        return Shopper(member=member, username=request.user.get_username(), anonymous_cart_id=None)
    return Shopper(member=None, username=None, anonymous_cart_id=read_cart_cookie(request))
