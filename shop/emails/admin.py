"""Admin of the store's email templates, sent log and settings.

Campaign actions ("Populate Email Codes", "Send Draft Email", "Send Ready Email to
Recipients") belong to shop.campaigns: it extends EmailAdmin.actions (see CAMPAIGN_ACTIONS)
rather than replacing this registration.
"""

from django.contrib import admin

from shop.emails.models import Email, Emailsent, Emailstatus, Emailtype, StoreSettings

# shop.campaigns appends its admin actions here (functions taking modeladmin, request, queryset).
CAMPAIGN_ACTIONS: list = []


@admin.register(Emailtype)
class EmailtypeAdmin(admin.ModelAdmin):
    list_display = ("id", "title")


@admin.register(Emailstatus)
class EmailstatusAdmin(admin.ModelAdmin):
    list_display = ("id", "title")


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "em_cd", "email_type", "email_status", "from_address")
    list_filter = ("email_type", "email_status")
    search_fields = ("subject", "em_cd")

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action in CAMPAIGN_ACTIONS:
            name = action.__name__
            description = getattr(action, "short_description", name.replace("_", " "))
            actions[name] = (action, name, description)
        return actions


@admin.register(Emailsent)
class EmailsentAdmin(admin.ModelAdmin):
    list_display = ("email", "member", "prospect", "transactional", "sent_date_time")
    list_filter = ("transactional", "email")
    raw_id_fields = ("member", "prospect", "email")
    date_hierarchy = "sent_date_time"


@admin.register(StoreSettings)
class StoreSettingsAdmin(admin.ModelAdmin):
    list_display = ("sender_address", "owner_address", "site_url")

    def has_add_permission(self, request) -> bool:
        return not StoreSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
