from django.apps import AppConfig


class ClienteventsConfig(AppConfig):
    name = "shop.clientevents"
    label = "clientevents"
    verbose_name = "Client events"
    default_auto_field = "django.db.models.BigAutoField"
