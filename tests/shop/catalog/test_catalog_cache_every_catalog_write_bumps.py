"""Every way the store admin writes what the cached reads show bumps the catalog version: each
admin page of a catalog model (and the theme's) and each catalog import resource carries the
bump, so a model added later without it fails here."""

from django.apps import apps
from django.contrib import admin

from shop.catalog.cache import CatalogAdminMixin
from shop.catalog.models import StockMovement
from shop.catalog.resources import CatalogResource
from shop.pages.models import StoreTheme

# Shown by no cached read, written only by shop.catalog.stock (which bumps on a label move).
NOT_SHOWN = {StockMovement}


def test_every_catalog_admin_page_and_the_theme_page_bump_the_version():
    models = [*apps.get_app_config("catalog").get_models(), StoreTheme]
    without = [
        model.__name__
        for model in models
        if model not in NOT_SHOWN and not isinstance(admin.site._registry[model], CatalogAdminMixin)
    ]
    assert without == []


def test_every_catalog_import_resource_bumps_the_version():
    used = [
        resource
        for model in apps.get_app_config("catalog").get_models()
        for resource in getattr(admin.site._registry[model], "resource_classes", [])
    ]
    assert len(used) == 8
    assert [r.__name__ for r in used if not issubclass(r, CatalogResource)] == []
