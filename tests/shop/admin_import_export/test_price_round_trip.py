"""Export the SKUs, change one price in the CSV, preview the import (a dry run that changes
nothing), confirm it: exactly that SKU gets a new price, appended to its history."""

from decimal import Decimal

import pytest

from shop.catalog.models import Product, Sku, Skuprice
from tenants.context import tenant_context
from tests.shop.admin_import_export.conftest import (
    confirm_import,
    export_csv,
    preview_import,
    to_csv,
)

pytestmark = pytest.mark.django_db

SKUS = "/admin/catalog/sku/"


def _catalog_state(store):
    with tenant_context(store):
        skus = list(Sku.objects.order_by("id").values())
        prices = list(Skuprice.objects.order_by("id").values_list("sku_id", "price"))
        products = list(Product.objects.order_by("id").values())
    return skus, prices, products


def test_a_changed_price_in_the_csv_becomes_that_skus_new_price_and_nothing_else_changes(
    seeded_stores, store_a, staff_client
):
    client = staff_client(store_a)
    rows = export_csv(client, SKUS)
    (edited,) = [row for row in rows if row["description"] == "Small Binder Clip"]
    edited["price"] = "4.25"
    skus_before, prices_before, products_before = _catalog_state(store_a)

    preview = preview_import(client, SKUS, to_csv(rows))

    assert preview.status_code == 200
    assert preview.confirm is not None, preview.page
    assert "Update" in preview.page and "4.25" in preview.page
    assert _catalog_state(store_a) == (skus_before, prices_before, products_before)  # dry run

    response = confirm_import(client, SKUS, preview.confirm)

    assert response.redirect_chain[-1][0] == SKUS
    assert "Import finished: 0 new, 1 updated, 0 deleted and 5 skipped skus." in (
        response.content.decode()
    )
    skus_after, prices_after, products_after = _catalog_state(store_a)
    assert skus_after == skus_before and products_after == products_before
    assert prices_after == [*prices_before, (int(edited["id"]), Decimal("4.25"))]
    with tenant_context(store_a):
        assert Sku.objects.get(pk=edited["id"]).prices.latest().price == Decimal("4.25")
    assert export_csv(client, SKUS) == rows


def test_an_unchanged_export_imports_as_all_skipped(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    text = to_csv(export_csv(client, "/admin/catalog/product/"))
    before = _catalog_state(store_a)

    preview = preview_import(client, "/admin/catalog/product/", text)
    response = confirm_import(client, "/admin/catalog/product/", preview.confirm)

    assert "Import finished: 0 new, 0 updated, 0 deleted and 3 skipped products." in (
        response.content.decode()
    )
    assert _catalog_state(store_a) == before


def test_a_new_product_and_a_changed_title_import_together(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    rows = export_csv(client, "/admin/catalog/product/")
    rows[2]["title"] = "Elastic Bands"
    rows.append({**rows[0], "identifier": "NewStapler1", "title": "Stapler"})

    preview = preview_import(client, "/admin/catalog/product/", to_csv(rows))
    response = confirm_import(client, "/admin/catalog/product/", preview.confirm)

    assert "1 new, 1 updated" in response.content.decode()
    with tenant_context(store_a):
        assert Product.objects.get(identifier="v26ujdy3N1").title == "Elastic Bands"
        assert Product.objects.get(identifier="NewStapler1").title == "Stapler"


def test_a_row_without_an_id_adds_a_sku_with_its_price(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    rows = export_csv(client, SKUS)
    rows.append(
        {
            **rows[0],
            "id": "",
            "products": "ignored",
            "color": "Gold",
            "description": "Gold Paperclip",
            "price": "7.00",
        }
    )

    preview = preview_import(client, SKUS, to_csv(rows))
    response = confirm_import(client, SKUS, preview.confirm)

    assert "1 new, 0 updated" in response.content.decode()
    with tenant_context(store_a):
        sku = Sku.objects.get(description="Gold Paperclip")
        assert [price.price for price in sku.prices.all()] == [Decimal("7.00")]
        assert (sku.color, sku.sku_inventory.identifier) == ("Gold", rows[0]["sku_inventory"])
