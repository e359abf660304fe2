"""Signing in and out of the storefront (Django sessions in the store's own schema).

Sign-in is by username, case-sensitive. It merges the visitor's anonymous cart into the
member's (shop.cart.merge.merge_carts); the caller deletes the `an_ct` cookie. Without
`remember_me` the session ends when the browser closes; with it, it lasts
SESSION_COOKIE_AGE (two weeks).
"""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.http import HttpRequest

from shop.accounts.models import Member
from shop.accounts.services import ensure_member
from shop.cart.cookies import read_cart_cookie
from shop.cart.merge import merge_carts
from shop.cart.selectors import get_cart
from shop.cart.shopper import Shopper


def start_session(request: HttpRequest, *, member: Member, remember_me: bool) -> None:
    """Sign `member` in on this request, then move the anonymous cart over."""
    anonymous_cart = get_cart(
        shopper=Shopper(member=None, username=None, anonymous_cart_id=read_cart_cookie(request))
    )
    login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.set_expiry(None if remember_me else 0)
    merge_carts(anonymous_cart=anonymous_cart, member=member)


def log_in(
    request: HttpRequest, *, username: str, password: str, remember_me: bool
) -> Member | None:
    """The signed-in member, or None when the username and password do not match."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        return None
    member = ensure_member(user=user)
    start_session(request, member=member, remember_me=remember_me)
    return member


def log_out(request: HttpRequest) -> bool:
    """Whether someone was signed in."""
    if not request.user.is_authenticated:
        return False
    logout(request)
    return True


def keep_session_after_password_change(request: HttpRequest, *, member: Member) -> None:
    """A new password ends the user's other sessions but keeps this one signed in."""
    update_session_auth_hash(request, member.user)
