"""The cart page's first paint: the same lines, shipping choice, codes and totals as the
/order/cart-* API gives."""

import re

import pytest

from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_member, order_get, order_post, seeded_sku
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def _totals(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-total="([a-z_]+)"(?: data-discount-amount)?>([^<]*)<', html))


def test_an_empty_cart_page_says_the_cart_is_empty(store_a, client_for):
    response = client_for(store_a).get("/cart")

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<div class="cart-empty" data-cart-empty>', html)
    assert re.search(r'<div class="cart" data-cart hidden>', html)
    assert_page_is_clean(response.content, h1="Your cart")


def test_the_cart_page_shows_lines_default_shipping_code_and_the_apis_totals(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        clip, bands = seeded_sku("Left Sided Paperclip"), seeded_sku("Multiple sizes and colors")
    add_to_cart(client, clip, quantity=2)
    add_to_cart(client, bands)
    order_post(client, "cart-apply-discount-code", discount_code_id="WELCOME10")

    html = client.get("/cart").content.decode()
    api = order_get(client, "cart-totals")["cart_totals_data"]

    assert re.findall(r'name="quantity" type="number"[^>]* value="(\d+)"', html) == ["2", "1"]
    assert re.findall(r"data-line-total>([^<]+)<", html) == ["$7.00", "$14.99"]
    assert re.search(r'id="shipping-USPSRetailGround" value="USPSRetailGround" checked', html)
    assert '<span class="discount__code">WELCOME10</span>' in html
    assert api == {
        "item_subtotal": "21.99",
        "item_discount": "2.20",
        "shipping_subtotal": "9.56",
        "shipping_discount": "0.00",
        "sales_tax_amt": "0.00",
        "cart_total": "29.35",
    }
    assert _totals(html) == {
        "item_subtotal": "$21.99",
        "item_discount": "\u2212$2.20",
        "shipping_subtotal": "$9.56",
        "shipping_discount": "$0.00",
        "sales_tax_amt": "$0.00",
        "cart_total": "$29.35",
    }


def test_the_cart_page_is_clean_markup_with_every_field_labelled(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client, seeded_sku("Left Sided Paperclip"))

    page = assert_page_is_clean(client.get("/cart").content, h1="Your cart")

    assert page.script_srcs == ["/static/storefront/js/cart.js"]
    assert len(page.field_ids) == 1 + 4 + 1  # a quantity, four shipping methods, a code


def test_the_header_counts_the_carts_lines(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client, seeded_sku("Left Sided Paperclip"), quantity=3)
        add_to_cart(client, seeded_sku("Small Binder Clip"))

    html = client.get("/").content.decode()

    assert re.search(r"data-cart-count>2<", html)


def test_a_signed_in_member_sees_their_own_cart_not_the_anonymous_one(
    store_a, client_for, member_client
):
    with tenant_context(store_a):
        member = make_member("pagemember")
        bands, clip = seeded_sku("Multiple sizes and colors"), seeded_sku("Left Sided Paperclip")
    signed_in = member_client(store_a, member)
    add_to_cart(signed_in, bands)
    add_to_cart(client_for(store_a), clip)

    html = signed_in.get("/cart").content.decode()

    assert re.findall(r'class="cart-line__sku">([^<·]+)', html) == ["Multiple sizes and colors "]
    assert re.search(r"data-cart-count>1<", html)
