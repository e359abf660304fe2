"""Campaigns in the store's admin: the three actions on Email (attached through
shop.emails.admin.CAMPAIGN_ACTIONS), and read-only pages that show each campaign's progress
(deliveries by status, rate, start and end) and its deliveries.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from shop.campaigns.drafts import populate_email_codes, send_draft
from shop.campaigns.errors import CampaignError
from shop.campaigns.models import Campaign, CampaignDelivery, CampaignStatusChange
from shop.campaigns.selectors import get_campaign_progress
from shop.campaigns.services import send_ready_email
from shop.emails.admin import CAMPAIGN_ACTIONS
from shop.emails.errors import EmailError


@admin.action(description="Populate Email Codes")
def populate_email_codes_action(modeladmin, request, queryset):
    changed, kept = populate_email_codes(emails=queryset.select_related("email_type"))
    if changed:
        codes = ", ".join(email.em_cd for email in changed)
        modeladmin.message_user(request, f"New codes: {codes}.", messages.SUCCESS)
    if kept:
        names = ", ".join(email.em_cd for email in kept)
        modeladmin.message_user(
            request,
            f"Kept the codes of {names}: transactional, or already sent.",
            messages.WARNING,
        )


@admin.action(description="Send Draft Email (one preview to the BCC address)")
def send_draft_email_action(modeladmin, request, queryset):
    for email in queryset.select_related("email_type", "email_status"):
        try:
            draft = send_draft(email=email)
        except (CampaignError, EmailError) as error:
            modeladmin.message_user(request, f"{email.em_cd}: {error.message}", messages.ERROR)
            continue
        modeladmin.message_user(
            request,
            f"Draft of {email.em_cd} sent to {draft.to} "
            f"({draft.recipient_count} recipient(s) would get it).",
            messages.SUCCESS,
        )


@admin.action(description="Send Ready Email to Recipients")
def send_ready_email_to_recipients_action(modeladmin, request, queryset):
    for email in queryset.select_related("email_type", "email_status"):
        try:
            campaign = send_ready_email(email=email, created_by=request.user.get_username())
        except CampaignError as error:
            modeladmin.message_user(request, f"{email.em_cd}: {error.message}", messages.ERROR)
            continue
        url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
        modeladmin.message_user(
            request,
            format_html(
                '{} is being sent to {} recipient(s): <a href="{}">campaign {}</a>.',
                email.em_cd,
                campaign.recipient_count,
                url,
                campaign.pk,
            ),
            messages.SUCCESS,
        )


for _action in (
    populate_email_codes_action,
    send_draft_email_action,
    send_ready_email_to_recipients_action,
):
    if _action not in CAMPAIGN_ACTIONS:
        CAMPAIGN_ACTIONS.append(_action)


class StatusChangeInline(admin.TabularInline):
    model = CampaignStatusChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ("from_status", "to_status", "changed_at", "note")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "email",
        "audience",
        "status",
        "recipient_count",
        "progress",
        "rate",
        "started_at",
        "finished_at",
    )
    list_filter = ("status", "audience")
    readonly_fields = (
        "email",
        "audience",
        "status",
        "progress_table",
        "rate",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "recipient_count",
        "sent_count",
        "failed_count",
        "skipped_count",
        "subject",
        "body_text",
        "body_html",
        "from_address",
    )
    exclude = ("dispatch_cursor", "heartbeat_at")
    inlines = [StatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False  # made by the Email action "Send Ready Email to Recipients"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="progress")
    def progress(self, obj: Campaign) -> str:
        progress = get_campaign_progress(campaign=obj)
        return f"{progress.done}/{progress.total} ({progress.percent_done}%)"

    @admin.display(description="sent per second")
    def rate(self, obj: Campaign) -> str:
        rate = get_campaign_progress(campaign=obj).sent_per_second
        return "-" if rate is None else f"{rate:.1f}"

    @admin.display(description="deliveries")
    def progress_table(self, obj: Campaign) -> str:
        progress = get_campaign_progress(campaign=obj)
        base = reverse("admin:campaigns_campaigndelivery_changelist")
        rows = format_html_join(
            "",
            '<tr><td><a href="{}?campaign__id__exact={}&amp;status__exact={}">{}</a></td>'
            "<td>{}</td></tr>",
            (
                (base, obj.pk, status, label, progress.counts[status])
                for status, label in CampaignDelivery.Status.choices
            ),
        )
        return format_html(
            "<table>{}<tr><th>total</th><th>{} ({}% done)</th></tr></table>",
            rows,
            progress.total,
            progress.percent_done,
        )


@admin.register(CampaignDelivery)
class CampaignDeliveryAdmin(admin.ModelAdmin):
    list_display = ("address", "campaign", "status", "attempts", "sent_at", "message_id", "error")
    list_filter = ("status", "campaign")
    search_fields = ("address", "message_id")
    list_select_related = ("campaign__email",)
    readonly_fields = [field.name for field in CampaignDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
