from django.apps import AppConfig


class StorefrontPagesConfig(AppConfig):
    """The storefront's server-rendered pages and the store's look (StoreTheme)."""

    name = "shop.pages"
    label = "storefront"
    verbose_name = "Storefront"
    default_auto_field = "django.db.models.BigAutoField"
