"""Malformed requests get a 400 in the APIs' JSON shape before any view, on every host."""

import json

import pytest
from core.middleware.request_guard import json_depth
from django.conf import settings
from django.test import Client
from stripe_sandbox.events import sign_payload

pytestmark = pytest.mark.django_db(databases=["default", "second"])

HOSTS = ["platform.test", "alpha.platform.test", "nobody.example.org"]


def error_code(response) -> str:
    assert response["Content-Type"] == "application/json"
    return response.json()["errors"]["error"]


@pytest.mark.parametrize("host", HOSTS)
def test_a_form_in_utf16_is_refused(store_a, host):
    response = Client(HTTP_HOST=host).post(
        "/user/login",
        "username=a&password=b",  # the client encodes it in UTF-16
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )

    assert response.status_code == 400
    assert error_code(response) == "unsupported-charset"


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("path", ["/signup/jobs/a%00b/", "/a\x00b/", "/?q=a%00b", "/?q=a\x00"])
def test_a_nul_byte_in_the_address_is_refused(store_a, host, path):
    response = Client(HTTP_HOST=host).get(path)

    assert response.status_code == 400
    assert error_code(response) == "nul-byte"


def test_a_nul_byte_in_a_cookie_is_refused(store_a):
    client = Client(HTTP_HOST="alpha.platform.test", HTTP_COOKIE='sessionid="a\\000b"')

    response = client.get("/")

    assert response.status_code == 400
    assert error_code(response) == "nul-byte"


def test_a_nul_character_in_a_json_body_is_refused(store_a):
    response = Client(HTTP_HOST="alpha.platform.test").post(
        "/order/stripe-webhook", '{"id": "evt_\\u0000"}', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "stripe_webhook": "error",
        "errors": {"error": "nul-byte", "description": "The JSON body holds a NUL character."},
    }


def test_a_signed_webhook_nested_5000_deep_is_refused_not_a_500(store_a, store_stripe):
    account = store_stripe(store_a)
    payload = '{"a":' * 5000 + "1" + "}" * 5000

    response = Client(HTTP_HOST="alpha.platform.test").post(
        "/order/stripe-webhook",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload(payload, secret=account.webhook_secret),
    )

    assert response.status_code == 400
    assert error_code(response) == "json-too-deep"


def test_json_nested_within_the_limit_reaches_the_view(store_a, store_stripe):
    account = store_stripe(store_a)
    depth = settings.REQUEST_JSON_MAX_DEPTH
    payload = '{"a":' * depth + "1" + "}" * depth

    response = Client(HTTP_HOST="alpha.platform.test").post(
        "/order/stripe-webhook",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload(payload, secret=account.webhook_secret),
    )

    # The webhook view answers (it is no Stripe event), not the guard.
    assert response.status_code == 400
    assert "errors" not in response.json()  # the webhook's own answer: {"error": ...}


def test_a_declared_body_over_the_limit_is_refused(store_a, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000

    response = Client(HTTP_HOST="alpha.platform.test").post(
        "/user/login", b"x=" + b"y" * 2000, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert error_code(response) == "body-too-large"


def test_a_content_length_that_is_no_number_is_refused(store_a):
    response = Client(HTTP_HOST="alpha.platform.test").generic(
        "POST",
        "/user/login",
        b"a=b",
        CONTENT_LENGTH="12abc",
        CONTENT_TYPE="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert error_code(response) == "invalid-content-length"


def test_well_formed_utf8_requests_pass(store_a):
    client = Client(HTTP_HOST="alpha.platform.test")

    assert client.get("/?q=caf%C3%A9").status_code == 200
    response = client.post(
        "/user/login",
        "username=caf%C3%A9&password=x",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code != 400 or error_code(response) not in {
        "nul-byte",
        "unsupported-charset",
    }


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"1", 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": 2}]}', 3),
        (b'{"a": "[[[[[[{{{{"}', 1),
        (b'{"a": "\\"[[[["}', 1),
        (b"[" * 100 + b"]" * 100, 100),
    ],
)
def test_json_depth_counts_brackets_outside_strings(text, depth):
    assert json_depth(text) == depth
    if depth < 50:
        json.loads(text)  # the samples are real JSON
