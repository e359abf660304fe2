from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class ShopConfig(AppConfig):
    name = "shop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shop.seed import CATALOGS

        unknown = [c for c in getattr(settings, "TENANT_SPARE_CATALOGS", ()) if c not in CATALOGS]
        if unknown:
            raise ImproperlyConfigured(
                f"TENANT_SPARE_CATALOGS names unknown starter catalogs {', '.join(unknown)}; "
                f"choose from {', '.join(CATALOGS)}"
            )
