"""`cart-totals`: always priced now, from the newest price, the store's tax rate and codes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tenants.context import tenant_context
from tests.fixtures.shop import (
    add_to_cart,
    make_discount_code,
    order_get,
    order_post,
    seeded_sku,
    set_config,
    set_price,
)

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

VERSION = {"order-api-version": "0.0.1"}


def test_without_a_cart_every_total_is_zero(store_a, client_for):
    assert order_get(client_for(store_a), "cart-totals") == {
        "cart_found": False,
        "cart_totals_data": {
            "item_subtotal": "0.00",
            "item_discount": "0.00",
            "shipping_subtotal": "0.00",
            "shipping_discount": "0.00",
            "sales_tax_amt": "0.00",
            "cart_total": "0.00",
        },
        **VERSION,
    }


def test_a_price_change_after_add_to_cart_is_what_the_totals_show(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        small = seeded_sku("Small Binder Clip")
    add_to_cart(client, small, 3)
    assert order_get(client, "cart-totals")["cart_totals_data"]["item_subtotal"] == "11.97"

    with tenant_context(store_a):
        set_price(small, "4.25")
    totals = order_get(client, "cart-totals")["cart_totals_data"]
    items = order_get(client, "cart-items")["item_data"]["product_sku_data"]["0"]

    assert (totals["item_subtotal"], totals["cart_total"], items["price"]) == (
        "12.75",
        "12.75",
        "4.25",
    )


def test_a_future_dated_price_row_is_already_the_newest_price(store_a, client_for):
    # The newest row is the price (reference: latest created_date_time).
    client = client_for(store_a)
    with tenant_context(store_a):
        small = seeded_sku("Small Binder Clip")
        set_price(small, "1.00", when=timezone.now() + dt.timedelta(days=30))
    add_to_cart(client, small, 1)
    assert order_get(client, "cart-totals")["cart_totals_data"]["item_subtotal"] == "1.00"


def test_tax_uses_the_stores_rate_on_items_after_the_item_discount(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        set_config("sales_tax_rate", decimal_value=Decimal("0.0825"))
        make_discount_code("TENOFF", amount="10")
        bands = seeded_sku("Multiple sizes and colors")
    add_to_cart(client, bands, 2)  # 29.98
    order_get(client, "cart-shipping-methods")  # assigns USPSRetailGround 9.56
    body = order_post(client, "cart-apply-discount-code", discount_code_id="TENOFF")
    # discount 3.00 (2.998 rounded); tax (29.98 - 3.00) x 8.25% = 2.22585 -> 2.23
    assert body["cart_totals_data"] == {
        "item_subtotal": "29.98",
        "item_discount": "3.00",
        "shipping_subtotal": "9.56",
        "shipping_discount": "0.00",
        "sales_tax_amt": "2.23",
        "cart_total": "38.77",
    }


def test_a_code_that_expires_while_in_the_cart_stops_applying(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        code = make_discount_code("SHORTLIVED", amount="50")
        add_to_cart(client, seeded_sku("Small Binder Clip"), 2)  # 7.98
    order_post(client, "cart-apply-discount-code", discount_code_id="SHORTLIVED")
    assert order_get(client, "cart-totals")["cart_totals_data"]["item_discount"] == "3.99"

    with tenant_context(store_a):
        code.end_date_time = timezone.now() - dt.timedelta(seconds=1)
        code.save(update_fields=["end_date_time"])

    totals = order_get(client, "cart-totals")["cart_totals_data"]
    codes = order_get(client, "cart-discount-codes")["discount_code_data"]
    assert (totals["item_discount"], totals["cart_total"]) == ("0.00", "7.98")
    assert [c["discount_applied"] for c in codes.values()] == [False]
