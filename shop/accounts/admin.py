"""Store admin of members, prospects, terms of use, chat messages and unsubscribe reasons.

The User admin gets a Member inline, on a store's own admin only: the platform's admin (the
public schema) has users but no members.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django_tenants.utils import get_public_schema_name

from shop.accounts.erasure_admin import erase_members, erase_prospects
from shop.accounts.models import (
    Chatmessage,
    DataRequest,
    Emailunsubscribereasons,
    Member,
    Membertermsofuseversionagreed,
    Prospect,
    Termsofuse,
)
from shop.accounts.prospects import populate_prospect_codes
from shop.accounts.resources import MemberResource, ProspectResource
from shop.importexport import StoreExportMixin

User = get_user_model()


def _in_store(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.schema_name != get_public_schema_name()


class MemberInline(admin.StackedInline):
    model = Member
    can_delete = False
    extra = 0
    fields = (
        "mb_cd",
        "newsletter_subscriber",
        "email_verified",
        "email_unsubscribed",
        "email_verification_requested_date_time",
        "reset_password_requested_date_time",
    )
    readonly_fields = (
        "mb_cd",
        "email_verification_requested_date_time",
        "reset_password_requested_date_time",
    )


class StoreUserChangeForm(UserChangeForm):
    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise forms.ValidationError("Another account of this store uses this email address.")
        return email


class StoreUserAdmin(UserAdmin):
    form = StoreUserChangeForm
    inlines = [MemberInline]

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if _in_store(request) else []


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StoreUserAdmin)


@admin.register(Member)
class MemberAdmin(StoreExportMixin, admin.ModelAdmin):
    resource_classes = [MemberResource]
    list_display = (
        "user",
        "mb_cd",
        "newsletter_subscriber",
        "email_verified",
        "email_unsubscribed",
    )
    list_filter = ("newsletter_subscriber", "email_verified", "email_unsubscribed")
    search_fields = ("user__username", "user__email", "mb_cd")
    readonly_fields = ("mb_cd",)
    exclude = ("email_verification_string_signed", "reset_password_string_signed")
    raw_id_fields = ("user",)
    actions = [erase_members]


@admin.register(Prospect)
class ProspectAdmin(StoreExportMixin, admin.ModelAdmin):
    resource_classes = [ProspectResource]
    list_display = ("email", "first_name", "last_name", "email_unsubscribed", "created_date_time")
    list_filter = ("email_unsubscribed",)
    search_fields = ("email", "first_name", "last_name", "pr_cd")
    readonly_fields = ("pr_cd", "created_date_time")
    actions = ["populate_prospect_codes", erase_prospects]

    @admin.action(description="Populate Prospect Codes")
    def populate_prospect_codes(self, request, queryset):
        changed = populate_prospect_codes(prospects=queryset)
        self.message_user(request, f"{changed} prospect(s) got codes.", messages.SUCCESS)


@admin.register(Termsofuse)
class TermsofuseAdmin(admin.ModelAdmin):
    list_display = ("version", "publication_date_time", "version_note")


@admin.register(Membertermsofuseversionagreed)
class MembertermsofuseversionagreedAdmin(admin.ModelAdmin):
    list_display = ("member", "termsofuseversion", "agreed_date_time")
    raw_id_fields = ("member",)


@admin.register(Chatmessage)
class ChatmessageAdmin(admin.ModelAdmin):
    list_display = ("created_date_time", "name", "email_address", "member", "prospect")
    search_fields = ("name", "email_address", "message")
    raw_id_fields = ("member", "prospect")


@admin.register(Emailunsubscribereasons)
class EmailunsubscribereasonsAdmin(admin.ModelAdmin):
    list_display = (
        "created_date_time",
        "member",
        "prospect",
        "no_longer_want_to_receive",
        "never_signed_up",
        "inappropriate",
        "spam",
    )
    raw_id_fields = ("member", "prospect")


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    """Read only: the record of the store's answers to shoppers' data requests."""

    list_display = ("created_at", "kind", "acting_username", "counts")
    list_filter = ("kind",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
