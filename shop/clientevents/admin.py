from django.contrib import admin

from shop.clientevents.models import AJAXError, Buttonclick, Configuration, Linkevent, Pageview


@admin.register(Configuration)
class ConfigurationAdmin(admin.ModelAdmin):
    list_display = ("id", "log_client_events")

    def has_add_permission(self, request) -> bool:
        return not Configuration.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ClientEventAdmin(admin.ModelAdmin):
    list_display = ("created_date_time", "url", "user", "anonymous_id")
    search_fields = ("url", "anonymous_id")
    raw_id_fields = ("user",)
    date_hierarchy = "created_date_time"


@admin.register(Pageview)
class PageviewAdmin(ClientEventAdmin):
    list_display = (*ClientEventAdmin.list_display, "page_width", "remote_addr")


@admin.register(AJAXError)
class AJAXErrorAdmin(ClientEventAdmin):
    list_display = (*ClientEventAdmin.list_display, "error_id")


@admin.register(Buttonclick)
class ButtonclickAdmin(ClientEventAdmin):
    list_display = (*ClientEventAdmin.list_display, "button_id")


@admin.register(Linkevent)
class LinkeventAdmin(ClientEventAdmin):
    list_display = (*ClientEventAdmin.list_display, "prospect", "email", "ad")
    raw_id_fields = ("user", "prospect", "email", "ad")
