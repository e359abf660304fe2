"""Members and prospects as spreadsheets, export only.

A whitelist of columns: never the password hash, nor the verification, reset or
unsubscribe strings, nor the member and prospect codes that tracking links carry.
"""

from __future__ import annotations

from django.db.models import QuerySet
from import_export import fields

from shop.accounts.models import Member, Prospect
from shop.importexport import SpreadsheetSafeResource


class MemberResource(SpreadsheetSafeResource):
    username = fields.Field(attribute="user__username", column_name="username")
    email = fields.Field(attribute="user__email", column_name="email")
    first_name = fields.Field(attribute="user__first_name", column_name="first_name")
    last_name = fields.Field(attribute="user__last_name", column_name="last_name")
    date_joined = fields.Field(attribute="user__date_joined", column_name="date_joined")
    is_active = fields.Field(attribute="user__is_active", column_name="is_active")

    class Meta:
        model = Member
        fields = (
            "username",
            "email",
            "first_name",
            "last_name",
            "date_joined",
            "is_active",
            "newsletter_subscriber",
            "email_verified",
            "email_unsubscribed",
        )
        export_order = fields

    def filter_export(self, queryset: QuerySet, **kwargs) -> QuerySet:
        return queryset.select_related("user")


class ProspectResource(SpreadsheetSafeResource):
    class Meta:
        model = Prospect
        fields = (
            "email",
            "first_name",
            "last_name",
            "phone",
            "email_unsubscribed",
            "prospect_comment",
            "swa_comment",
            "created_date_time",
            "converted_date_time",
        )
        export_order = fields
