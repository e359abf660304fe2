"""A shopper of one store cannot reach another store's catalog, carts or codes by id,
cookie or session: every lookup happens in the schema of the host's store."""

import pytest

from shop.cart.models import Cart, Cartsku
from shop.catalog.models import Sku
from tenants.context import tenant_context
from tests.fixtures.shop import (
    add_to_cart,
    make_discount_code,
    make_member,
    make_sku,
    order_get,
    order_post,
    seeded_sku,
    set_price,
)

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def test_store_as_cart_cookie_finds_no_cart_on_store_b(store_a, store_b, client_for):
    client_a = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client_a, seeded_sku("Left Sided Paperclip"), 3)
    client_b = client_for(store_b)
    client_b.cookies = client_a.cookies

    assert order_get(client_b, "cart-items")["cart_found"] is False
    assert order_post(client_b, "cart-delete-cart")["errors"] == {"error": "cart-not-found"}
    with tenant_context(store_a):
        assert Cartsku.objects.get().quantity == 3  # untouched


def test_a_cookie_of_store_a_on_the_far_store_is_ignored_and_replaced(
    store_a, store_far, client_for
):
    client_a = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client_a, seeded_sku("Left Sided Paperclip"))
    cookie_a = client_a.cookies["an_ct"].value
    client_far = client_for(store_far)
    client_far.cookies["an_ct"] = cookie_a
    with tenant_context(store_far):
        response = client_far.post(
            "/order/cart-add-product-sku",
            {"sku_id": seeded_sku("Small Binder Clip").pk, "quantity": 1},
        )
        far_cart = Cart.objects.get()
    with tenant_context(store_a):
        a_cart = Cart.objects.get()

    assert response.json()["cart_add_product_sku"] == "success"
    assert response.cookies["an_ct"].value != cookie_a
    assert far_cart.anonymous_cart_id != a_cart.anonymous_cart_id


def test_a_sku_id_means_the_row_of_the_store_it_is_sent_to(store_a, store_b, client_for):
    with tenant_context(store_a):
        clip_a = seeded_sku("Left Sided Paperclip")
    with tenant_context(store_b):
        clip_b = Sku.objects.get(pk=clip_a.pk)  # the same id in B is B's own row
        set_price(clip_b, "9.99")
    client_b = client_for(store_b)
    add_to_cart(client_b, clip_a, 1)
    line = order_get(client_b, "cart-items")["item_data"]["product_sku_data"]["0"]
    assert (line["sku_id"], line["price"]) == (clip_a.pk, "9.99")


def test_a_sku_that_exists_only_in_store_a_is_not_found_on_store_b(store_a, store_b, client_for):
    with tenant_context(store_a):
        only_in_a = make_sku(price="2.00")
    with tenant_context(store_b):
        assert not Sku.objects.filter(pk=only_in_a.pk).exists()
    body = order_post(
        client_for(store_b), "cart-add-product-sku", sku_id=str(only_in_a.pk), quantity="1"
    )
    assert body["errors"] == {"error": "sku-not-found"}


def test_a_discount_code_of_store_a_is_unknown_on_store_b(store_a, store_b, client_for):
    with tenant_context(store_a):
        make_discount_code("ALPHAONLY", amount="50")
    client_b = client_for(store_b)
    with tenant_context(store_b):
        add_to_cart(client_b, seeded_sku("Left Sided Paperclip"))
    body = order_post(client_b, "cart-apply-discount-code", discount_code_id="ALPHAONLY")
    assert body["errors"] == {"error": "cart-discount-code-not-found"}


def test_a_member_session_of_store_a_is_anonymous_on_store_b(
    store_a, store_b, client_for, member_client
):
    with tenant_context(store_a):
        member = make_member("alice1")
        clip = seeded_sku("Left Sided Paperclip")
    client_a = member_client(store_a, member)
    add_to_cart(client_a, clip, 2)
    client_b = client_for(store_b)
    client_b.cookies = client_a.cookies

    assert order_get(client_b, "cart-items")["cart_found"] is False
    with tenant_context(store_a):
        assert Cart.objects.get().member_id == member.pk
    with tenant_context(store_b):
        assert not Cart.objects.exists()


def test_each_store_lists_only_its_own_products(store_a, store_b, client_for):
    with tenant_context(store_a):
        extra = make_sku(price="1.00").productskus.get().product
    identifiers_a = set(order_get(client_for(store_a), "products")["products_data"])
    identifiers_b = set(order_get(client_for(store_b), "products")["products_data"])
    assert identifiers_a - identifiers_b == {extra.identifier}
    body = order_get(client_for(store_b), f"product/{extra.identifier}")
    assert body["errors"] == {"error": "product-identifier-not-found"}
