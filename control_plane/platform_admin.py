"""The platform host's Django admin: only the models whose tables the public schema holds.

`admin.site` is the stores' admin: every shop model is registered there, and those tables
exist only in a store's schema. Served on the platform host, its index listed them and the
first one that queried its table (the email settings' add permission) answered a 500.
This site takes over the registrations of the shared apps (auth: the operators' users and
groups) and nothing else.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib import admin


class PlatformAdminSite(admin.AdminSite):
    site_header = "Storefleet platform admin"
    site_title = "Storefleet platform admin"
    index_title = "Platform"


def public_app_labels() -> frozenset[str]:
    """Labels of the apps whose tables live in the public schema."""
    return frozenset(
        config.label for config in apps.get_app_configs() if config.name in settings.SHARED_APPS
    )


def build_platform_admin_site() -> PlatformAdminSite:
    site = PlatformAdminSite(name="admin")
    labels = public_app_labels()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in labels:
            site.register(model, type(model_admin))
    return site


platform_admin_site = build_platform_admin_site()
