"""A store's admin exports its catalog as CSV: every seeded product, and every SKU with its
current price (the newest of its history), inventory state and products."""

import pytest

from tests.shop.admin_import_export.conftest import export_csv

pytestmark = pytest.mark.django_db


def test_the_products_csv_lists_the_seeded_products(seeded_stores, store_a, staff_client):
    rows = export_csv(staff_client(store_a), "/admin/catalog/product/")

    assert [(row["identifier"], row["title"]) for row in rows] == [
        ("bSusp6dBHm", "Paper Clips"),
        ("ITHJW3mytn", "Binder Clips"),
        ("v26ujdy3N1", "Rubber Bands"),
    ]
    assert rows[0]["headline"] == "Holds a stack of up to twenty sheets."


def test_the_skus_csv_has_each_sku_with_its_current_price(seeded_stores, store_a, staff_client):
    rows = export_csv(staff_client(store_a), "/admin/catalog/sku/")

    assert list(rows[0]) == [
        "id",
        "products",
        "sku_type",
        "sku_inventory",
        "color",
        "size",
        "description",
        "price",
        "track_quantity",
        "quantity_available",
    ]
    by_description = {row["description"]: row for row in rows}
    assert len(rows) == 6
    assert by_description["Left Sided Paperclip"]["price"] == "3.50"
    assert by_description["Small Binder Clip"]["sku_inventory"] == "in-stock"
    assert by_description["Small Binder Clip"]["products"] == "ITHJW3mytn"
    # Two prices in its history: the newer one is the price.
    assert by_description["Multiple sizes and colors"]["price"] == "14.99"
    assert {row["sku_type"] for row in rows} == {"product"}
