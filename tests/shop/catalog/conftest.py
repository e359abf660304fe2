"""The catalog cache (shop.catalog.cache) switched on for a test, on a clean slate: this
process's memo emptied and the session stores' versions forgotten, so no entry built inside
another test's (rolled-back) transaction can be read."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from shop.catalog import cache as catalog_cache_module


def forget_versions(*stores) -> None:
    catalog_cache_module.clear_process_memo()
    names = [f"{store.schema_name}:{store.pk}:version" for store in stores]
    caches[catalog_cache_module.CACHE_ALIAS].delete_many(names)


@pytest.fixture
def catalog_cache(settings, session_stores):
    settings.CATALOG_CACHE_ENABLED = True
    stores = list(session_stores.values())
    forget_versions(*stores)
    yield
    forget_versions(*stores)


def version_of(store) -> str | None:
    return caches[catalog_cache_module.CACHE_ALIAS].get(f"{store.schema_name}:{store.pk}:version")
