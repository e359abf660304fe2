"""The `an_ct` cookie: signed, bound to its store, set once and never rotated (defect 21)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from shop.cart.cookies import read_cart_cookie
from shop.cart.models import Cart
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, order_get, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


@pytest.fixture
def clip(store_a):
    with tenant_context(store_a):
        return seeded_sku("Left Sided Paperclip")


def test_the_cookie_is_set_once_and_kept_on_later_adds(store_a, client_for, clip):
    client = client_for(store_a)
    first = client.post("/order/cart-add-product-sku", {"sku_id": clip.pk, "quantity": 1})
    value = first.cookies["an_ct"].value
    with tenant_context(store_a):
        small = seeded_sku("Small Binder Clip")
    second = client.post("/order/cart-add-product-sku", {"sku_id": small.pk, "quantity": 1})
    third = client.post("/order/cart-add-product-sku", {"sku_id": clip.pk, "quantity": 1})

    assert "an_ct" not in second.cookies and "an_ct" not in third.cookies
    assert client.cookies["an_ct"].value == value
    with tenant_context(store_a):
        assert Cart.objects.get().anonymous_cart_id == unsigned(value)


def unsigned(value):
    return read_cart_cookie(RequestFactory().get("/", HTTP_COOKIE=f"an_ct={value}"))


def test_a_cookie_verifies_only_in_the_store_that_signed_it(store_a, store_b, client_for, clip):
    client = client_for(store_a)
    add_to_cart(client, clip)
    value = client.cookies["an_ct"].value
    with tenant_context(store_a):
        in_a = unsigned(value)
    with tenant_context(store_b):
        in_b = unsigned(value)
    assert (len(in_a), in_b) == (20, None)


def test_the_cookie_is_http_only_lax_and_lasts_a_year(store_a, client_for, clip):
    response = client_for(store_a).post(
        "/order/cart-add-product-sku", {"sku_id": clip.pk, "quantity": 1}
    )
    cookie = response.cookies["an_ct"]
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"], cookie["path"]) == (
        True,
        "Lax",
        31536000,
        "/",
    )


def test_a_tampered_cookie_finds_no_cart(store_a, client_for, clip):
    client = client_for(store_a)
    add_to_cart(client, clip)
    value = client.cookies["an_ct"].value
    client.cookies["an_ct"] = value[:-1] + ("A" if value[-1] != "A" else "B")
    assert order_get(client, "cart-items")["cart_found"] is False


def test_a_cookie_signed_without_the_stores_name_is_refused(store_a, client_for, clip):
    client = client_for(store_a)
    add_to_cart(client, clip)
    with tenant_context(store_a):
        cart_id = Cart.objects.get().anonymous_cart_id
    # The reference's salt alone, as an old single-store deployment would have signed it.
    forged = HttpResponse()
    forged.set_signed_cookie("an_ct", cart_id, salt="anonymouscartcookieisthis")
    client.cookies["an_ct"] = forged.cookies["an_ct"].value
    assert order_get(client, "cart-items")["cart_found"] is False


def test_the_cookie_is_secure_whenever_the_session_cookie_is(store_a, client_for, clip, settings):
    """With DEBUG off the session cookie is Secure; the cart id is as much a bearer token."""
    settings.SESSION_COOKIE_SECURE = True
    response = client_for(store_a).post(
        "/order/cart-add-product-sku", {"sku_id": clip.pk, "quantity": 1}
    )
    assert response.cookies["an_ct"]["secure"] is True
