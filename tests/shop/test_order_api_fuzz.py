"""Every `/order/*` route, fed missing, malformed, negative and huge inputs, answers JSON
with the API version and a status below 500, with and without a cart."""

import json

import pytest

from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

MISSING = object()
BAD_VALUES = [
    MISSING,
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "1e3",
    "NaN",
    "9" * 40,
    "-" + "9" * 5000,
    "\x00",
    "1\x00",
    "١٢",  # Arabic-Indic digits: int() would accept them
    "x" * 10_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "None",
    "😀",
]

GET_ROUTES = [
    "products",
    "product/bSusp6dBHm",
    "product/" + "A" * 5000,
    "cart-items",
    "cart-shipping-methods",
    "cart-totals",
    "cart-discount-codes",
    "checkout-allowed",
    "confirm-items",
    "confirm-shipping-method",
    "confirm-totals",
    "confirm-discount-codes",
]

POST_ROUTES = {
    "cart-add-product-sku": {"sku_id": "1", "quantity": "1"},
    "cart-update-sku-quantity": {"sku_id": "1", "quantity": "1"},
    "cart-remove-sku": {"sku_id": "1"},
    "cart-update-shipping-method": {"shipping_method_identifier": "FedExGround"},
    "cart-delete-cart": {},
    "cart-apply-discount-code": {"discount_code_id": "SAVE10"},
    "cart-remove-discount-code": {"discount_code_id": "1"},
}
FIELD_CASES = [(route, field) for route, fields in POST_ROUTES.items() for field in fields]


@pytest.fixture(params=["without a cart", "with a cart"])
def client(request, store_a, client_for):
    client = client_for(store_a)
    if request.param == "with a cart":
        with tenant_context(store_a):
            add_to_cart(client, seeded_sku("Left Sided Paperclip"), 2)
    return client


def assert_json_below_500(response, context):
    assert response.status_code < 500, context
    assert response["Content-Type"] == "application/json", context
    assert json.loads(response.content)["order-api-version"] == "0.0.1", context


@pytest.mark.parametrize(("route", "field"), FIELD_CASES)
def test_a_bad_value_in_any_field_is_a_json_answer(client, route, field):
    for value in BAD_VALUES:
        data = dict(POST_ROUTES[route])
        if value is MISSING:
            del data[field]
        else:
            data[field] = value
        response = client.post(f"/order/{route}", data)
        assert_json_below_500(response, (route, field, repr(value)[:40]))
        assert response.status_code == 200


@pytest.mark.parametrize("route", POST_ROUTES)
def test_an_empty_body_a_json_body_and_a_broken_multipart_body_are_answered(client, route):
    bodies = [
        ({}, "application/x-www-form-urlencoded"),
        ('{"sku_id": 1}', "application/json"),
        (b"--xyz\r\nbroken", "multipart/form-data; boundary=xyz"),
        (b"--\r\n", "multipart/form-data"),
        ("%%%=%%%&&&", "application/x-www-form-urlencoded"),
    ]
    for body, content_type in bodies:
        response = client.post(f"/order/{route}", body, content_type=content_type)
        assert_json_below_500(response, (route, content_type))


@pytest.mark.parametrize("route", GET_ROUTES)
def test_get_routes_ignore_junk_query_parameters(client, route):
    # (A NUL byte never gets this far: tests/core/test_request_guard.py.)
    response = client.get(f"/order/{route}", {"sku_id": "\x01<>", "x": "9" * 5000})
    assert_json_below_500(response, route)
    assert response.status_code == 200


@pytest.mark.parametrize("route", POST_ROUTES)
def test_a_post_route_asked_with_get_is_a_405_in_json(client, route):
    response = client.get(f"/order/{route}", POST_ROUTES[route])
    assert_json_below_500(response, route)
    assert response.status_code == 405
    key = route.replace("-", "_")
    assert response.json()[key] == "error"
    assert response.json()["errors"] == {"error": "method-not-allowed"}
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("route", GET_ROUTES)
def test_a_get_route_asked_with_post_or_delete_is_a_405_in_json(client, route):
    for method in (client.post, client.delete, client.put):
        response = method(f"/order/{route}")
        assert_json_below_500(response, (route, method.__name__))
        assert response.status_code == 405
