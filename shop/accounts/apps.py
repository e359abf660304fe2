from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shop.accounts"
    label = "accounts"
    verbose_name = "Members and prospects"
    default_auto_field = "django.db.models.BigAutoField"
