"""An import belongs to the store it was uploaded to: its pending file is cached under that
store's keys only, so store B can neither read it nor confirm it (the same SKU ids exist
there), and importing in store A leaves store B's catalog alone."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from shop.catalog.models import Sku, Skuprice
from shop.importexport import StoreCacheStorage
from tenants.context import tenant_context
from tests.shop.admin_import_export.conftest import (
    confirm_import,
    export_csv,
    preview_import,
    to_csv,
)

pytestmark = pytest.mark.django_db

SKUS = "/admin/catalog/sku/"


def _prices(store):
    with tenant_context(store):
        return list(Skuprice.objects.order_by("id").values_list("sku_id", "price"))


def _preview_a_price_change(store, client):
    rows = export_csv(client, SKUS)
    (edited,) = [row for row in rows if row["description"] == "Small Binder Clip"]
    edited["price"] = "4.25"
    preview = preview_import(client, SKUS, to_csv(rows))
    assert preview.confirm is not None, preview.page
    return int(edited["id"]), preview.confirm


def test_the_pending_file_is_cached_under_the_uploading_store_only(
    seeded_stores, store_a, store_b, staff_client
):
    _, confirm = _preview_a_price_change(store_a, staff_client(store_a))
    key = StoreCacheStorage.CACHE_PREFIX + confirm["import_file_name"]

    with tenant_context(store_a):
        assert b"4.25" in cache.get(key)
    with tenant_context(store_b):
        assert cache.get(key) is None


def test_store_b_cannot_confirm_store_as_import_and_a_still_can(
    seeded_stores, store_a, store_b, staff_client
):
    a_client, b_client = staff_client(store_a), staff_client(store_b)
    sku_id, confirm = _preview_a_price_change(store_a, a_client)
    with tenant_context(store_b):
        # Store B has a SKU with the same id: confirming there would change it.
        assert Sku.objects.filter(pk=sku_id, description="Small Binder Clip").exists()
    a_before, b_before = _prices(store_a), _prices(store_b)

    refused = confirm_import(b_client, SKUS, confirm)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert refused.redirect_chain[-1][0] == f"{SKUS}import/"
    assert "Nothing was imported: this import&#x27;s file is no longer waiting here" in page
    assert (_prices(store_a), _prices(store_b)) == (a_before, b_before)

    confirmed = confirm_import(a_client, SKUS, confirm)

    assert "Import finished: 0 new, 1 updated" in confirmed.content.decode()
    assert _prices(store_a) == [*a_before, (sku_id, Decimal("4.25"))]
    assert _prices(store_b) == b_before


def test_a_confirmed_import_cannot_be_confirmed_again(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    _, confirm = _preview_a_price_change(store_a, client)
    confirm_import(client, SKUS, confirm)
    prices = _prices(store_a)

    again = confirm_import(client, SKUS, confirm)

    assert "Nothing was imported" in again.content.decode()
    assert _prices(store_a) == prices


def test_a_tampered_confirm_form_is_refused_without_an_error_page(
    seeded_stores, store_a, staff_client
):
    client = staff_client(store_a)
    _, confirm = _preview_a_price_change(store_a, client)
    prices = _prices(store_a)

    for tampered in (
        {"format": "x"},
        {"format": "99"},
        {"resource": "7"},
        {"import_file_name": ""},
    ):
        response = confirm_import(client, SKUS, {**confirm, **tampered})
        assert response.status_code == 200, tampered
    assert _prices(store_a) == prices
