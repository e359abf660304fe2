from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class TenantsConfig(AppConfig):
    name = "tenants"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Fail at start-up, not inside a request, when tenancy is misconfigured.
        from django.conf import settings

        for alias, db in settings.DATABASES.items():
            if db["ENGINE"] != "django_tenants.postgresql_backend":
                raise ImproperlyConfigured(
                    f"DATABASES[{alias!r}] must use django_tenants.postgresql_backend"
                )
        if not settings.PLATFORM_DOMAIN or "/" in settings.PLATFORM_DOMAIN:
            raise ImproperlyConfigured("PLATFORM_DOMAIN must be a bare host name")
        if settings.TENANT_APPS[-1] == "tenants":
            raise ImproperlyConfigured("tenants is a shared app, never a tenant app")
