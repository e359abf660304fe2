"""A write bumps the store's catalog version after it commits, so the next read is rebuilt; a
rolled-back write bumps nothing and the cached answer (still the truth) stays."""

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory

from shop.catalog.models import Product
from shop.seed import seed_store
from tenants.context import current_alias, tenant_context
from tests.fixtures.catalog_cache import version_of

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]

CLIPS = "ITHJW3mytn"


class Refused(Exception):
    pass


def _admin_save(title: str) -> None:
    product = Product.objects.get(identifier=CLIPS)
    product.title = title
    admin.site._registry[Product].save_model(RequestFactory().post("/"), product, None, True)


def _title(client) -> str:
    return client.get(f"/order/product/{CLIPS}").json()["product_data"]["title"]


def test_a_rolled_back_admin_save_bumps_nothing(
    store_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for(store_a)
    assert _title(client) == "Binder Clips"
    before = version_of(store_a)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        tenant_context(store_a),
        pytest.raises(Refused),
        transaction.atomic(using=current_alias()),
    ):
        _admin_save("Never Saved")
        raise Refused

    assert callbacks == []
    assert version_of(store_a) == before
    assert _title(client) == "Binder Clips"


def test_a_committed_admin_save_bumps_once_and_the_next_read_shows_it(
    store_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for(store_a)
    assert _title(client) == "Binder Clips"
    before = version_of(store_a)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        tenant_context(store_a),
        transaction.atomic(using=current_alias()),
    ):
        _admin_save("Binder Clips Deluxe")

    assert len(callbacks) == 1
    assert version_of(store_a) not in (before, None)
    assert _title(client) == "Binder Clips Deluxe"


def test_a_write_in_one_store_leaves_the_other_stores_version(
    store_a, store_b, client_for, django_capture_on_commit_callbacks
):
    client_for(store_b).get("/order/products")
    other = version_of(store_b)

    with django_capture_on_commit_callbacks(execute=True), tenant_context(store_a):
        _admin_save("Only In Alpha")

    assert version_of(store_b) == other


def test_seeding_a_store_bumps_its_version(store_a, client_for, django_capture_on_commit_callbacks):
    client_for(store_a).get("/order/products")
    before = version_of(store_a)

    with django_capture_on_commit_callbacks(execute=True), tenant_context(store_a):
        seed_store(catalog="office-supplies")

    assert version_of(store_a) not in (before, None)
