"""Discount limits in the store admin: the limits are editable (form and spreadsheet), the
uses are shown but never set, and the uses list shows orders honoured over a limit."""

import pytest

from shop.discounts.models import Discountcode, DiscountcodeUse
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, order_post
from tests.shop.admin_import_export.conftest import (
    confirm_import,
    export_csv,
    preview_import,
    to_csv,
)
from tests.shop.checkout.journey import skus

pytestmark = pytest.mark.django_db

CODES = "/admin/discounts/discountcode/"
USES = "/admin/discounts/discountcodeuse/"


def test_the_limits_are_editable_and_the_uses_read_only(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    with tenant_context(store_a):
        code = Discountcode.objects.get(code="SAVE10")
        Discountcode.objects.filter(pk=code.pk).update(times_used=7)

    page = client.get(f"{CODES}{code.pk}/change/").content.decode()

    assert 'name="usage_limit"' in page
    assert 'name="usage_limit_per_customer"' in page
    assert 'name="times_used"' not in page
    assert "reserved by open checkouts" in page.lower()
    listing = client.get(CODES).content.decode()
    assert "column-times_used" in listing and "column-usage_limit" in listing


def test_limits_import_and_uses_only_export(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    with tenant_context(store_a):
        Discountcode.objects.filter(code="SAVE10").update(times_used=3)
    rows = export_csv(client, CODES)
    (save10,) = [row for row in rows if row["code"] == "SAVE10"]
    assert (save10["usage_limit"], save10["times_used"]) == ("", "3")
    save10.update(usage_limit="100", usage_limit_per_customer="1", times_used="0")

    preview = preview_import(client, CODES, to_csv(rows))
    assert preview.confirm is not None, preview.page
    page = confirm_import(client, CODES, preview.confirm).content.decode()

    assert "0 new, 1 updated" in page
    with tenant_context(store_a):
        code = Discountcode.objects.get(code="SAVE10")
    assert (code.usage_limit, code.usage_limit_per_customer, code.times_used) == (100, 1, 3)


def test_the_uses_list_shows_an_order_honoured_over_its_limit(
    seeded_stores, store_a, staff_client, client_for, place_guest_order
):
    shopper = client_for(store_a)
    add_to_cart(shopper, skus(store_a)[0], 1)
    order_post(shopper, "cart-apply-discount-code", discount_code_id="SAVE10")
    placed = place_guest_order(shopper, anonymous_email_address="over@example.com")
    with tenant_context(store_a):  # as shop.discounts.limits records a refused limit
        DiscountcodeUse.objects.filter(order__identifier=placed.identifier).update(
            over_limit=True, note="usage limit reached"
        )
    client = staff_client(store_a)

    listing = client.get(USES, {"over_limit__exact": "1"}).content.decode()

    assert placed.identifier in listing
    assert "usage limit reached" in listing
    assert client.get(f"{USES}add/").status_code == 403
