from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured

_TENANT_ENGINES = ("django_tenants.postgresql_backend", "tenants.postgresql_backend")


class TenantsConfig(AppConfig):
    name = "tenants"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Fail at start-up, not inside a request, when tenancy is misconfigured.
        from django.conf import settings

        for alias, db in settings.DATABASES.items():
            # tenants.postgresql_backend: django-tenants' own, for transaction pooling.
            if db["ENGINE"] not in _TENANT_ENGINES:
                raise ImproperlyConfigured(
                    f"DATABASES[{alias!r}] must use one of {_TENANT_ENGINES}"
                )
        if not settings.PLATFORM_DOMAIN or "/" in settings.PLATFORM_DOMAIN:
            raise ImproperlyConfigured("PLATFORM_DOMAIN must be a bare host name")
        if settings.TENANT_APPS[-1] == "tenants":
            raise ImproperlyConfigured("tenants is a shared app, never a tenant app")
