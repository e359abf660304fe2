"""`checkout-allowed` and the `confirm-*` reads: the allow-list, plus a cart that is not
empty and holds only lines in stock (inventory enforced on the server, defect 4)."""

import pytest
from django.test import RequestFactory

from shop.cart.cookies import read_cart_cookie
from shop.catalog.models import Skuinventory
from tenants.context import tenant_context
from tests.fixtures.shop import (
    add_to_cart,
    make_member,
    order_get,
    order_post,
    seeded_sku,
    set_config,
)

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

VERSION = {"order-api-version": "0.0.1"}
CLOSED = {"checkout_allowed": False, **VERSION}


@pytest.fixture
def clip(store_a):
    with tenant_context(store_a):
        return seeded_sku("Left Sided Paperclip")


@pytest.fixture
def shopper(store_a, client_for, clip):
    client = client_for(store_a)
    add_to_cart(client, clip, 2)
    return client


def allowed(client):
    return order_get(client, "checkout-allowed")["checkout_allowed"]


def test_a_shopper_with_an_in_stock_cart_may_check_out(shopper):
    assert order_get(shopper, "checkout-allowed") == {"checkout_allowed": True, **VERSION}


def test_no_cart_means_no_checkout(store_a, client_for):
    assert allowed(client_for(store_a)) is False


def test_an_emptied_cart_means_no_checkout(shopper, clip):
    order_post(shopper, "cart-remove-sku", sku_id=str(clip.pk))
    assert allowed(shopper) is False


@pytest.mark.parametrize("state", ["back-ordered", "out-of-stock"])
def test_a_line_that_is_no_longer_in_stock_blocks_checkout(store_a, shopper, clip, state):
    with tenant_context(store_a):
        clip.sku_inventory = Skuinventory.objects.get(identifier=state)
        clip.save(update_fields=["sku_inventory"])
    assert allowed(shopper) is False
    assert order_get(shopper, "confirm-items") == CLOSED


def test_an_anonymous_shopper_must_hold_a_listed_cookie_value(store_a, shopper, client_for, clip):
    other = client_for(store_a)
    add_to_cart(other, clip)
    with tenant_context(store_a):
        cart_id = read_cart_cookie(
            RequestFactory().get("/", HTTP_COOKIE=f"an_ct={shopper.cookies['an_ct'].value}")
        )
        set_config("an_ct_values_allowed_to_checkout", string_value=f"other,{cart_id}")
    assert (allowed(shopper), allowed(other)) == (True, False)


def test_a_member_must_be_a_listed_username(store_a, member_client, clip):
    with tenant_context(store_a):
        listed, unlisted = make_member("listed1"), make_member("unlisted1")
        set_config("usernames_allowed_to_checkout", string_value="someone, listed1")
    listed_client, unlisted_client = (
        member_client(store_a, listed),
        member_client(store_a, unlisted),
    )
    add_to_cart(listed_client, clip)
    add_to_cart(unlisted_client, clip)
    assert (allowed(listed_client), allowed(unlisted_client)) == (True, False)


def test_confirm_reads_show_the_cart_when_checkout_is_allowed(shopper, clip):
    order_get(shopper, "cart-shipping-methods")
    items = order_get(shopper, "confirm-items")
    method = order_get(shopper, "confirm-shipping-method")
    totals = order_get(shopper, "confirm-totals")
    codes = order_get(shopper, "confirm-discount-codes")

    assert (items["checkout_allowed"], items["cart_found"]) == (True, True)
    assert items["item_data"]["product_sku_data"]["0"]["sku_id"] == clip.pk
    assert method["confirm_shipping_method"]["identifier"] == "USPSRetailGround"
    assert totals == {
        "checkout_allowed": True,
        "cart_found": True,
        "confirm_totals_data": {
            "item_subtotal": "7.00",
            "item_discount": "0.00",
            "shipping_subtotal": "9.56",
            "shipping_discount": "0.00",
            "sales_tax_amt": "0.00",
            "cart_total": "16.56",
        },
        **VERSION,
    }
    assert codes == {
        "checkout_allowed": True,
        "cart_found": True,
        "discount_code_data": {},
        **VERSION,
    }


def test_confirm_shipping_method_is_empty_before_one_is_chosen(shopper):
    assert order_get(shopper, "confirm-shipping-method")["confirm_shipping_method"] == {}


@pytest.mark.parametrize(
    "endpoint",
    ["confirm-items", "confirm-shipping-method", "confirm-totals", "confirm-discount-codes"],
)
def test_confirm_reads_say_only_no_when_checkout_is_not_allowed(store_a, client_for, endpoint):
    assert order_get(client_for(store_a), endpoint) == CLOSED
