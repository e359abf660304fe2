"""A file with a bad row is refused whole: the preview names the row and the problem in
words, offers no confirm step and changes nothing; nothing a merchant uploads is a 500."""

import re

import pytest

from shop.catalog.models import Product, Productsku, Sku, Skuprice
from shop.discounts.models import Discountcode
from tenants.context import tenant_context
from tests.fixtures.shop import make_sku
from tests.shop.admin_import_export.conftest import (
    confirm_import,
    export_csv,
    preview_import,
    to_csv,
)

pytestmark = pytest.mark.django_db

SKUS = "/admin/catalog/sku/"


def _counts(store):
    with tenant_context(store):
        return (
            list(Sku.objects.order_by("id").values()),
            list(Skuprice.objects.order_by("id").values()),
            Productsku.objects.count(),
            list(Discountcode.objects.order_by("id").values()),
        )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("price", "abc", "&#x27;abc&#x27; is not an amount of money (write it like 12.50)."),
        ("price", "-1.00", "-1.00 is negative: an amount of money must be 0 or more."),
        ("price", "1.999", "1.999 has more than 2 decimal places."),
        ("price", "NaN", "&#x27;NaN&#x27; is not an amount of money"),
        ("sku_inventory", "in-the-warehouse", "No inventory state &#x27;in-the-warehouse&#x27;"),
        ("id", "999999", "No sku with id 999999 in this store: leave id empty to add one."),
    ],
)
def test_a_bad_cell_is_shown_with_its_row_and_nothing_changes(
    seeded_stores, store_a, staff_client, column, value, message
):
    client = staff_client(store_a)
    rows = export_csv(client, SKUS)
    rows[0]["price"] = "9.99"  # a good change in the same file is not made either
    rows[3][column] = value
    before = _counts(store_a)

    preview = preview_import(client, SKUS, to_csv(rows))

    assert preview.status_code == 200
    assert preview.confirm is None
    assert message in preview.page, preview.page
    # The invalid rows' table: row 4 only, its error next to it.
    assert re.findall(r"<td>(\d+) </td>\s*<td class=\"errors\">", preview.page) == ["4"]
    assert _counts(store_a) == before


def test_a_link_to_an_unknown_sku_is_an_error(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    with tenant_context(store_a):
        linked = Productsku.objects.filter(product__identifier="bSusp6dBHm").first()
    text = f"product,sku\nbSusp6dBHm,{linked.sku_id}\nbSusp6dBHm,999999\n"

    preview = preview_import(client, "/admin/catalog/productsku/", text)

    assert preview.status_code == 200
    assert preview.confirm is None
    assert "Line number: 2 - No SKU &#x27;999999&#x27; in this store." in preview.page
    assert "Traceback" not in preview.page


def test_a_discount_code_that_breaks_the_rules_is_refused(seeded_stores, store_a, staff_client):
    client = staff_client(store_a)
    rows = export_csv(client, "/admin/discounts/discountcode/")
    (welcome,) = [row for row in rows if row["code"] == "WELCOME10"]
    welcome["discount_amount"] = "150.00"  # a percentage over 100
    before = _counts(store_a)

    preview = preview_import(client, "/admin/discounts/discountcode/", to_csv(rows))

    assert preview.confirm is None
    assert "A percentage must be more than 0 and at most 100." in preview.page
    assert _counts(store_a) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
            "are not present in the file headers: id",
        ),
        (b"", "The submitted file is empty."),
        # No id column: the rows cannot be matched to SKUs.
        (b"colour,size\nred,big\n", "are not present in the file headers: id"),
        (
            b'id,price\n"unterminated,1\n',
            "Line number: 1 - &#x27;unterminated,1&#x27; is not a whole number.",
        ),
        (b"id,price\n2.5,1.00\n", "&#x27;2.5&#x27; is not a whole number."),
    ],
)
def test_a_file_that_is_not_a_sku_csv_is_refused_with_a_message(
    seeded_stores, store_a, staff_client, content, message
):
    client = staff_client(store_a)
    before = _counts(store_a)

    preview = preview_import(client, SKUS, content.decode("latin-1"))

    assert preview.status_code == 200
    assert preview.confirm is None
    assert message in preview.page
    assert "Traceback" not in preview.page
    assert _counts(store_a) == before


def test_a_row_that_fails_at_the_confirm_step_undoes_the_whole_file(
    seeded_stores, store_a, staff_client
):
    """Between the preview and the confirm the store changed (a SKU was deleted): the rows
    before the failing one are rolled back too, and the admin says nothing was imported."""
    client = staff_client(store_a)
    with tenant_context(store_a):
        product = Product.objects.get(identifier="bSusp6dBHm")
        doomed = make_sku(product=product, description="Doomed")
        Productsku.objects.filter(sku=doomed).delete()
        kept = Sku.objects.get(description="Small Binder Clip")
    text = f"product,sku\nbSusp6dBHm,{kept.pk}\nbSusp6dBHm,{doomed.pk}\n"
    preview = preview_import(client, "/admin/catalog/productsku/", text)
    assert preview.confirm is not None, preview.page
    with tenant_context(store_a):
        doomed.delete()

    response = confirm_import(client, "/admin/catalog/productsku/", preview.confirm)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: row 2: No SKU &#x27;" in page
    assert "Import finished" not in page
    with tenant_context(store_a):
        assert not Productsku.objects.filter(product=product, sku=kept).exists()


def test_a_file_too_large_to_wait_for_confirmation_is_refused(
    seeded_stores, store_a, staff_client, settings
):
    settings.STORE_IMPORT_MAX_BYTES = 1_000_000
    client = staff_client(store_a)
    text = "id,price\n" + "".join(f",{n}.00\n" for n in range(120_000))

    preview = preview_import(client, SKUS, text)

    assert preview.status_code == 200
    assert preview.confirm is None
    assert "The file is larger than 1 MB: split it into smaller files." in preview.page
