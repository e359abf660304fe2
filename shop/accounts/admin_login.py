"""The store admin's sign-in (`/admin/login/` on the store's host): Django's admin login
behind core.login_throttle, which it shares with the store's `/user/login` (one allowance per
address and per username for both). Its password change (which asks for the current password)
counts against the signed-in user's allowance. Past the limit, a page in the store's look."""

from __future__ import annotations

from core.login_throttle import (
    get_retry_minutes,
    guard_login_view,
    guard_password_change_view,
)
from core.ratelimit import RateLimited
from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from shop.pages.views import render_page


def too_many_sign_ins_page(request: HttpRequest, error: RateLimited) -> HttpResponse:
    return render_page(
        request,
        "storefront/too_many_sign_ins.html",
        status=429,
        retry_minutes=get_retry_minutes(error),
    )


admin_login = guard_login_view(admin.site.login, refusal_page=too_many_sign_ins_page)
admin_password_change = guard_password_change_view(
    admin.site.admin_view(admin.site.password_change, cacheable=True),
    refusal_page=too_many_sign_ins_page,
)
