"""Every response carries the security headers: those the tenant middleware answers itself
(an unknown host, /healthz, a suspended or provisioning store), the request guard's 400s and
the error handlers' pages, as well as the views'."""

import json

import pytest
from core import error_views
from django.test import Client, RequestFactory

from tenants import services

pytestmark = pytest.mark.django_db(databases=["default", "second"])

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_secured(response) -> None:
    for header, value in EXPECTED.items():
        assert response[header] == value, header
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize(
    ("host", "path", "status"),
    [
        ("nobody.example.org", "/", 404),
        ("platform.test", "/healthz", 200),
        ("nobody.example.org", "/healthz", 200),
        ("alpha.platform.test", "/", 200),
        ("platform.test", "/", 200),
        ("alpha.platform.test", "/?q=%00", 400),
    ],
)
def test_answers_of_every_layer_carry_the_headers(store_a, host, path, status):
    response = Client(HTTP_HOST=host).get(path, secure=True)

    assert response.status_code == status
    assert_secured(response)


def test_suspended_and_provisioning_pages_carry_the_headers(
    client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suspended = services.create_tenant(slug="dozing", name="Dozing")
        services.suspend_tenant(suspended)
        opening = services.create_tenant(slug="opening", name="Opening", activate=False)

    for tenant in (suspended, opening):
        response = client_for(tenant).get("/", secure=True)
        assert response.status_code == 503
        assert_secured(response)


def test_the_error_handlers_never_read_the_body():
    # Django's own handlers ran the CSRF check again, which read a body it could not decode,
    # and the exception escaped to the server's bare 500 page.
    request = RequestFactory().post(
        "/dashboard/login/", "a=b", content_type="application/x-www-form-urlencoded; charset=utf-16"
    )

    assert error_views.server_error(request).status_code == 500
    assert error_views.bad_request(request).status_code == 400


def test_the_error_handlers_answer_json_to_the_apis():
    request = RequestFactory().post("/order/cart-add-product-sku")

    response = error_views.server_error(request)

    assert json.loads(response.content) == {
        "cart_add_product_sku": "error",
        "errors": {
            "error": "server-error",
            "description": "Something went wrong on our side; it has been logged. "
            "Please try again.",
        },
    }
