"""`/checkout/confirm`: the cart's items, shipping method, codes and the same totals as
`/order/confirm-totals`; a guest's email form or the member's address; the terms checkbox;
a clear message instead of a form when there is nothing (or nothing allowed) to check out."""

import re

import pytest

from shop.catalog.models import Skuinventory
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_member, order_get, order_post, seeded_sku
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_stores")]


def _totals(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-total="([a-z_]+)"(?: data-discount-amount)?>([^<]*)<', html))


def _fill(client, store):
    with tenant_context(store):
        clip, bands = seeded_sku("Left Sided Paperclip"), seeded_sku("Multiple sizes and colors")
    add_to_cart(client, clip, quantity=2)
    add_to_cart(client, bands)
    return clip, bands


def test_the_confirm_page_shows_the_cart_with_confirm_totals_numbers(store_a, client_for):
    client = client_for(store_a)
    _fill(client, store_a)
    order_post(client, "cart-apply-discount-code", discount_code_id="WELCOME10")
    order_post(client, "cart-update-shipping-method", shipping_method_identifier="FedExGround")

    response = client.get("/checkout/confirm")

    html = response.content.decode()
    assert response.status_code == 200
    api = order_get(client, "confirm-totals")["confirm_totals_data"]
    assert api == {
        "item_subtotal": "21.99",
        "item_discount": "2.20",
        "shipping_subtotal": "10.85",
        "shipping_discount": "0.00",
        "sales_tax_amt": "0.00",
        "cart_total": "30.64",
    }
    assert _totals(html) == {
        "item_subtotal": "$21.99",
        "item_discount": "\u2212$2.20",
        "shipping_subtotal": "$10.85",
        "shipping_discount": "$0.00",
        "sales_tax_amt": "$0.00",
        "cart_total": "$30.64",
    }
    assert re.findall(r'class="checkout-line__quantity">([^<]+)<', html) == [
        "2 × $3.50",
        "1 × $14.99",
    ]
    assert 'data-shipping-method="FedExGround">FedEx Ground' in html
    assert '<span class="discount__code">WELCOME10</span>' in html
    assert 'href="/terms-of-sale"' in html
    assert "Pay with Stripe" in html
    page = assert_page_is_clean(response.content, h1="Review and pay")
    assert "/static/storefront/js/checkout.js" in page.script_srcs
    assert "/static/storefront/checkout.css" in page.stylesheets


def test_a_guest_gets_the_email_form_and_a_member_sees_their_address(
    store_a, client_for, member_client
):
    guest = client_for(store_a)
    _fill(guest, store_a)
    with tenant_context(store_a):
        member = make_member("confirm1", email="confirm1@example.com")
    signed_in = member_client(store_a, member)
    _fill(signed_in, store_a)

    guest_html = guest.get("/checkout/confirm").content.decode()
    member_html = signed_in.get("/checkout/confirm").content.decode()

    assert 'name="anonymous_email_address" type="email"' in guest_html
    assert 'aria-describedby="anonymous-email-hint anonymous-email-error"' in guest_html
    assert 'id="newsletter"' in guest_html
    assert "anonymous_email_address" not in member_html
    assert 'id="newsletter"' not in member_html
    assert "<strong data-confirmation-email>confirm1@example.com</strong>" in member_html


def test_a_cart_without_shipping_gets_the_default_like_the_cart_page(store_a, client_for):
    client = client_for(store_a)
    _fill(client, store_a)
    order_post(client, "cart-delete-cart")
    with tenant_context(store_a):
        add_to_cart(client, seeded_sku("Left Sided Paperclip"))

    html = client.get("/checkout/confirm").content.decode()

    assert 'data-shipping-method="USPSRetailGround"' in html
    assert order_get(client, "confirm-totals")["confirm_totals_data"]["shipping_subtotal"] == "9.56"


def test_no_cart_or_an_empty_cart_says_so_without_a_pay_button(store_a, client_for):
    client = client_for(store_a)

    response = client.get("/checkout/confirm")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-checkout-blocked="empty"' in html
    assert "Your cart is empty" in html
    assert "Pay with Stripe" not in html
    page = assert_page_is_clean(response.content, h1="Review and pay")
    assert "/static/storefront/js/checkout.js" not in page.script_srcs


def test_a_cart_that_may_not_be_checked_out_says_so(store_a, client_for):
    client = client_for(store_a)
    clip, _ = _fill(client, store_a)
    with tenant_context(store_a):
        clip.sku_inventory = Skuinventory.objects.get(identifier="out-of-stock")
        clip.save(update_fields=["sku_inventory"])

    html = client.get("/checkout/confirm").content.decode()

    assert order_get(client, "checkout-allowed")["checkout_allowed"] is False
    assert 'data-checkout-blocked="not-allowed"' in html
    assert "Pay with Stripe" not in html
    assert 'href="/cart"' in html


def test_the_cart_page_links_to_checkout(store_a, client_for):
    client = client_for(store_a)
    _fill(client, store_a)

    html = client.get("/cart").content.decode()

    assert '<a class="button button--primary" href="/checkout/confirm">Check out</a>' in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_confirm_page_answers_only_get(store_a, client_for, method):
    response = getattr(client_for(store_a), method)("/checkout/confirm")
    assert response.status_code == 405
