from django.contrib import admin

from shop.accounts.models import Member, Prospect


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
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
    raw_id_fields = ("user",)


@admin.register(Prospect)
class ProspectAdmin(admin.ModelAdmin):
    list_display = ("email", "first_name", "last_name", "email_unsubscribed", "created_date_time")
    list_filter = ("email_unsubscribed",)
    search_fields = ("email", "first_name", "last_name", "pr_cd")
    readonly_fields = ("pr_cd", "created_date_time")
