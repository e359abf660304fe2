"""The platform's sign-ins, the operator dashboard's and the platform admin's
(`/admin/login/` on the platform host), behind core.login_throttle: the platform counts on
its own, apart from every store; the platform admin's password change counts against the
signed-in user's allowance. Past the limit, a page in the platform's look."""

from __future__ import annotations

from core.login_throttle import (
    get_retry_minutes,
    guard_login_view,
    guard_password_change_view,
)
from core.ratelimit import RateLimited
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from control_plane.platform_admin import platform_admin_site


def too_many_sign_ins_page(request: HttpRequest, error: RateLimited) -> HttpResponse:
    context = {"retry_minutes": get_retry_minutes(error), "nav_current": "login"}
    return render(request, "control_plane/too_many_sign_ins.html", context, status=429)


admin_login = guard_login_view(platform_admin_site.login, refusal_page=too_many_sign_ins_page)
admin_password_change = guard_password_change_view(
    platform_admin_site.admin_view(platform_admin_site.password_change, cacheable=True),
    refusal_page=too_many_sign_ins_page,
)
