"""The orders admin exports orders (totals, status, lines, codes, addresses) and their lines
as CSV, and stays read-only: no import, no Stripe session or payment ids, no card data."""

import pytest

from shop.orders.models import Order
from tenants.context import tenant_context
from tests.shop.admin_import_export.conftest import export_csv

pytestmark = pytest.mark.django_db


def test_the_orders_csv_has_the_order_with_its_totals_and_lines_and_no_secrets(
    store_a, staff_client, place_guest_order
):
    placed = place_guest_order()
    with tenant_context(store_a):
        order = Order.objects.select_related("payment").get(identifier=placed.identifier)
        payment = order.payment
    client = staff_client(store_a)

    rows = export_csv(client, "/admin/orders/order/")

    (row,) = [row for row in rows if row["identifier"] == placed.identifier]
    assert row["status"] == "accepted"
    assert row["customer_email"] == "guest@example.com"
    assert (row["item_subtotal"], row["shipping_amt"], row["order_total"]) == (
        "21.99",
        "9.56",
        "31.55",
    )
    assert row["currency"] == "USD"
    assert row["shipping_method"] == "USPSRetailGround"
    assert "2 x Paper Clips" in row["lines"] and "@ 3.50" in row["lines"]
    assert "1 x Rubber Bands" in row["lines"] and "@ 14.99" in row["lines"]
    text = repr(rows)
    secrets = [
        placed.session_id,
        payment.stripe_payment_intent_id,
        payment.stripe_checkout_session_id,
    ]
    for secret in filter(None, secrets):
        assert secret not in text
    assert not any("stripe" in header or "card" in header for header in row)


def test_the_order_lines_csv_has_one_row_per_line(store_a, staff_client, place_guest_order):
    placed = place_guest_order()

    rows = export_csv(staff_client(store_a), "/admin/orders/ordersku/")

    lines = {
        (row["sku_description"], row["quantity"], row["price_each"])
        for row in rows
        if row["order"] == placed.identifier
    }
    assert lines == {
        ("Left Sided Paperclip", "2", "3.50"),
        ("Multiple sizes and colors", "1", "14.99"),
    }


def test_the_order_admin_offers_export_but_no_import_and_stays_read_only(
    store_a, staff_client, place_guest_order
):
    place_guest_order()
    client = staff_client(store_a)

    changelist = client.get("/admin/orders/order/").content.decode()

    assert 'href="/admin/orders/order/export/' in changelist
    assert "/admin/orders/order/import/" not in changelist
    assert client.get("/admin/orders/order/add/").status_code == 403
    assert client.post("/admin/orders/order/process_import/").status_code in (302, 404)
