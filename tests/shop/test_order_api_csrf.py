"""CSRF protects every `/order/*` POST: without the token a browser's request is a 403."""

import pytest
from django.test import Client

from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.shop import seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

TOKEN = "A" * 32  # a CSRF secret as Django stores it in the cookie


def test_a_post_without_the_csrf_token_is_refused(store_a):
    client = Client(HTTP_HOST=primary_host_for(store_a.slug), enforce_csrf_checks=True)
    with tenant_context(store_a):
        sku = seeded_sku("Left Sided Paperclip")
    response = client.post("/order/cart-add-product-sku", {"sku_id": sku.pk, "quantity": 1})
    assert response.status_code == 403
    assert "an_ct" not in response.cookies


def test_a_post_with_the_csrf_cookie_and_header_is_accepted(store_a):
    client = Client(HTTP_HOST=primary_host_for(store_a.slug), enforce_csrf_checks=True)
    client.cookies["csrftoken"] = TOKEN
    with tenant_context(store_a):
        sku = seeded_sku("Left Sided Paperclip")
    response = client.post(
        "/order/cart-add-product-sku",
        {"sku_id": sku.pk, "quantity": 1},
        headers={"X-CSRFToken": TOKEN},
    )
    assert response.status_code == 200
    assert response.json()["cart_add_product_sku"] == "success"


def test_reads_need_no_csrf_token(store_a):
    client = Client(HTTP_HOST=primary_host_for(store_a.slug), enforce_csrf_checks=True)
    assert client.get("/order/cart-totals").status_code == 200


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/order/cart-add-product-sku", "cart_add_product_sku"),
        ("/user/login", "login"),
        ("/clientevent/buttonclick", "buttonclick"),
    ],
)
def test_an_api_refusal_is_json_with_a_stable_code(store_a, path, key):
    client = Client(HTTP_HOST=primary_host_for(store_a.slug), enforce_csrf_checks=True)
    response = client.post(path, {"quantity": 1})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body[key] == "error"
    assert body["errors"]["error"] == "csrf-failed"
    assert "CSRF cookie not set" in body["errors"]["description"]


def test_a_page_refusal_stays_html(store_a):
    client = Client(HTTP_HOST=primary_host_for(store_a.slug), enforce_csrf_checks=True)
    response = client.post("/cart")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
