"""The storefront's order pages: `/account/orders` (a member's orders) and `/account/order`
(one order, for whoever may see it: shop.orders.selectors.access_order)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from shop.accounts.selectors import get_member_for_user
from shop.orders.errors import LogInRequiredToViewOrder, OrderNotFound, OrderNotInAccount
from shop.orders.grants import has_order_grant
from shop.orders.selectors import access_order
from shop.pages import order_selectors
from shop.pages.views import render_page

LOGIN_PATH = "/login"  # the account pages' login (shop/pages/account_urls.py)


@require_safe
@never_cache
@ensure_csrf_cookie
def order_history(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=LOGIN_PATH)
    member = get_member_for_user(request.user)
    # A signed-in user without a Member row (a staff account) has no orders in this store.
    orders = list(order_selectors.list_order_history(member=member)) if member else []
    return render_page(request, "storefront/orders/history.html", page="orders", orders=orders)


@require_safe
@never_cache
@ensure_csrf_cookie
def order_detail(request: HttpRequest) -> HttpResponse:
    """`/account/order?identifier=..`: a member's order for that member, signed in (else to
    the login page and back); a guest's with the email link's `pr_cd`, or in the browser that
    paid for it. An order one may not see is "not found", as in the API."""
    identifier = request.GET.get("identifier", "")
    try:
        order = access_order(
            identifier=identifier,
            member=get_member_for_user(request.user),
            prospect_code=request.GET.get("pr_cd"),
            granted=has_order_grant(request, identifier),
        )
    except LogInRequiredToViewOrder:
        return redirect_to_login(request.get_full_path(), login_url=LOGIN_PATH)
    except OrderNotInAccount:
        return render_page(request, "storefront/orders/not_in_account.html", status=403)
    except OrderNotFound:
        return render_page(request, "storefront/orders/not_found.html", status=404)
    return render_page(
        request,
        "storefront/orders/detail.html",
        page="order",
        order=order_selectors.get_order_page_data(order),
    )
