from django.apps import AppConfig


class DiscountsConfig(AppConfig):
    name = "shop.discounts"
    label = "discounts"
    verbose_name = "Discounts"
    default_auto_field = "django.db.models.BigAutoField"
