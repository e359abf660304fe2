"""Who may use the operator dashboard: platform staff of the public schema's auth, in the
group `operator` (may change things) or `viewer` (read-only). A superuser is an operator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum

from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class Role(StrEnum):
    OPERATOR = "operator"
    VIEWER = "viewer"


def get_role(user) -> Role | None:
    if not (user and user.is_authenticated and user.is_active):
        return None
    if user.is_superuser:
        return Role.OPERATOR
    names = {group.name for group in user.groups.all()}
    if Role.OPERATOR in names:
        return Role.OPERATOR
    if Role.VIEWER in names:
        return Role.VIEWER
    return None


def grant_role(*, user, role: Role) -> None:
    """Put a public-schema user in exactly one dashboard role."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in Role}
    user.groups.remove(*groups.values())
    user.groups.add(groups[role])


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Any dashboard role may look; everyone else is sent to the dashboard's login (or 403)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        role = get_role(request.user)
        if role is None:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "control_plane:dashboard:login")
            raise PermissionDenied("not platform staff")
        request.dashboard_role = role
        return view(request, *args, **kwargs)

    return wrapper


def operator_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A change: operators only (a viewer gets 403), POST only."""

    @staff_view
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.dashboard_role is not Role.OPERATOR:
            raise PermissionDenied("viewers cannot change anything")
        return view(request, *args, **kwargs)

    return wrapper
