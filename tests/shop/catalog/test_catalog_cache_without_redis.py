"""Redis unreachable: catalog reads are built from the database every time (right answers,
no error), and a write's version bump is logged as lost instead of failing the write."""

import logging

import pytest
from django.contrib import admin
from django.test import RequestFactory

from shop.catalog.models import Product
from tenants.context import tenant_context

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]

UNREACHABLE = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
               "LOCATION": "redis://127.0.0.1:1/0"}  # fmt: skip


@pytest.fixture
def redis_down(settings):
    reachable = settings.CACHES
    settings.CACHES = {**reachable, "catalog": UNREACHABLE}
    yield
    settings.CACHES = reachable  # before catalog_cache cleans up


def test_reads_are_built_uncached_and_writes_show_at_once(
    store_a, client_for, settings, redis_down, caplog, django_capture_on_commit_callbacks
):
    client = client_for(store_a)
    with caplog.at_level(logging.WARNING, logger="shop.catalog.cache"):
        first = client.get("/order/product/ITHJW3mytn")
        page = client.get("/product/ITHJW3mytn")
        with tenant_context(store_a), django_capture_on_commit_callbacks(execute=True):
            product = Product.objects.get(identifier="ITHJW3mytn")
            product.title = "Binder Clips While Redis Is Down"
            admin.site._registry[Product].save_model(
                RequestFactory().post("/"), product, None, True
            )
        second = client.get("/order/product/ITHJW3mytn")
        home = client.get("/")

    assert (first.status_code, page.status_code, second.status_code, home.status_code) == (
        200,
        200,
        200,
        200,
    )
    assert first.json()["product_data"]["title"] == "Binder Clips"
    assert second.json()["product_data"]["title"] == "Binder Clips While Redis Is Down"
    assert "Binder Clips While Redis Is Down" in home.content.decode()
    assert "catalog cache unavailable, building uncached" in caplog.text
    assert "[CATALOG_VERSION_BUMP_FAILED]" in caplog.text
