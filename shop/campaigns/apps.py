from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "shop.campaigns"
    label = "campaigns"
    verbose_name = "Email campaigns"
    default_auto_field = "django.db.models.BigAutoField"
