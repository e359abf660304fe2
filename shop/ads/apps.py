from django.apps import AppConfig


class AdsConfig(AppConfig):
    name = "shop.ads"
    label = "ads"
    verbose_name = "Ads"
    default_auto_field = "django.db.models.BigAutoField"
