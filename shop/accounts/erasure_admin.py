"""The store admin's "Erase personal data" action on members and prospects: a confirmation
page first, then one erasure per selected row (shop.accounts.data_requests). The admin site
is the store's own (its schema), so only this store's rows can be selected."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from shop.accounts.data_requests import erase_member, erase_prospect
from shop.accounts.models import Member, Prospect
from shop.errors import NotFound


def _label(row: Member | Prospect) -> str:
    return row.user.email or row.user.username if isinstance(row, Member) else row.email


def _erase_action(erase: Callable[[object, object], object]):
    @admin.action(description="Erase personal data (GDPR/CCPA)", permissions=["delete"])
    def erase_personal_data(modeladmin, request: HttpRequest, queryset: QuerySet):
        if request.POST.get("confirm") != "yes":
            opts = modeladmin.model._meta
            return TemplateResponse(
                request,
                "admin/accounts/erase_confirmation.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "opts": opts,
                    "subjects": [{"pk": row.pk, "label": _label(row)} for row in queryset],
                    "action": "erase_personal_data",
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "changelist_url": f"admin:{opts.app_label}_{opts.model_name}_changelist",
                    "title": "Erase personal data",
                },
            )
        if not request.user.is_active or not request.user.is_staff:
            raise PermissionDenied
        erased = 0
        for pk in queryset.values_list("pk", flat=True):
            try:
                erase(pk, request.user)
            except NotFound:  # erased by someone else since the page was shown
                continue
            erased += 1
        modeladmin.message_user(
            request, f"Erased the personal data of {erased} shopper(s).", messages.SUCCESS
        )
        return None

    return erase_personal_data


erase_members = _erase_action(lambda pk, user: erase_member(member_id=pk, acting_user=user))
erase_prospects = _erase_action(lambda pk, user: erase_prospect(prospect_id=pk, acting_user=user))
