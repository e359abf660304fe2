from django.contrib import admin, messages

from shop.ads.models import Ad, Adstatus, Adtype
from shop.ads.services import populate_ad_codes


@admin.register(Adtype)
class AdtypeAdmin(admin.ModelAdmin):
    list_display = ("id", "title")


@admin.register(Adstatus)
class AdstatusAdmin(admin.ModelAdmin):
    list_display = ("id", "title")


@admin.register(Ad)
class AdAdmin(admin.ModelAdmin):
    list_display = ("headline_1", "ad_cd", "ad_type", "ad_status", "campaignid", "adid")
    list_filter = ("ad_type", "ad_status")
    search_fields = ("headline_1", "ad_cd", "campaignid", "adgroupid", "adid")
    actions = ["populate_ad_codes"]

    @admin.action(description="Populate Ad Codes")
    def populate_ad_codes(self, request, queryset):
        filled = populate_ad_codes(ads=queryset)
        self.message_user(request, f"{filled} ad(s) got a code.", messages.SUCCESS)
