"""Discount codes and shipping methods round-trip through CSV: an unchanged file changes
nothing, an edited cell changes that row, and a code is matched whatever its case."""

from decimal import Decimal

import pytest

from shop.discounts.models import Discountcode
from shop.shipping.models import Shippingmethod
from tenants.context import tenant_context
from tests.shop.admin_import_export.conftest import (
    confirm_import,
    export_csv,
    preview_import,
    to_csv,
)

pytestmark = pytest.mark.django_db

CODES = "/admin/discounts/discountcode/"
METHODS = "/admin/shipping/shippingmethod/"


def _codes(store):
    with tenant_context(store):
        return list(Discountcode.objects.order_by("id").values())


def _import(client, changelist, rows):
    preview = preview_import(client, changelist, to_csv(rows))
    assert preview.confirm is not None, preview.page
    return confirm_import(client, changelist, preview.confirm).content.decode()


def test_an_unchanged_discount_code_file_changes_nothing(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    rows = export_csv(client, CODES)
    before = _codes(store_a)

    page = _import(client, CODES, rows)

    assert "0 new, 0 updated, 0 deleted and 4 skipped" in page
    assert _codes(store_a) == before


def test_an_edited_code_changes_that_code_matched_whatever_its_case(
    seeded_stores, store_a, staff_client
):
    client = staff_client(store_a)
    rows = export_csv(client, CODES)
    (save10,) = [row for row in rows if row["code"] == "SAVE10"]
    save10["code"] = "save10"
    save10["order_minimum"] = "25.00"
    before = {row["id"]: row for row in _codes(store_a)}

    page = _import(client, CODES, rows)

    assert "0 new, 1 updated" in page
    after = {row["id"]: row for row in _codes(store_a)}
    assert after.keys() == before.keys()
    changed = [pk for pk in after if after[pk] != before[pk]]
    assert len(changed) == 1
    assert after[changed[0]]["order_minimum"] == Decimal("25.00")


def test_a_shipping_cost_changes_through_the_csv(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    rows = export_csv(client, METHODS)
    (ground,) = [row for row in rows if row["identifier"] == "USPSRetailGround"]
    assert ground["shipping_cost"] == "9.56"
    ground["shipping_cost"] = "8.00"

    page = _import(client, METHODS, rows)

    assert "0 new, 1 updated" in page
    with tenant_context(store_a):
        assert Shippingmethod.objects.get(identifier="USPSRetailGround").shipping_cost == (
            Decimal("8.00")
        )
