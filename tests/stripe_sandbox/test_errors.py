"""Bad keys and bad parameters get Stripe's JSON errors, which the SDK raises as its own."""

import pytest
import requests
import stripe

from tests.stripe_sandbox.checkout_params import line, session_params


@pytest.fixture
def client(stripe_server, stripe_account) -> stripe.StripeClient:
    return stripe.StripeClient(
        stripe_account.secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )


def create(client, **overrides):
    return client.v1.checkout.sessions.create(params=session_params(**overrides))


def test_an_unknown_secret_key_is_an_authentication_error(stripe_server):
    client = stripe.StripeClient(
        "sk_test_nobodyhasthiskey0000wxyz", base_addresses={"api": stripe_server.base_url}
    )

    with pytest.raises(stripe.AuthenticationError) as caught:
        client.v1.checkout.sessions.create(params=session_params())

    assert caught.value.http_status == 401
    assert caught.value.user_message == "Invalid API Key provided: sk_test_****wxyz"


def test_a_publishable_key_cannot_call_the_api(stripe_server, stripe_account):
    client = stripe.StripeClient(
        stripe_account.publishable_key, base_addresses={"api": stripe_server.base_url}
    )

    with pytest.raises(stripe.AuthenticationError, match="publishable API key"):
        client.v1.checkout.sessions.create(params=session_params())


def test_a_request_without_a_key_is_401_json(stripe_server):
    response = requests.post(f"{stripe_server.base_url}/v1/checkout/sessions", timeout=5)

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert response.json()["error"]["message"].startswith("You did not provide an API key.")


def test_an_unknown_url_is_404_json(stripe_server, stripe_account):
    response = requests.get(
        f"{stripe_server.base_url}/v1/prices",
        headers={"Authorization": f"Bearer {stripe_account.secret_key}"},
        timeout=5,
    )

    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith(
        "Unrecognized request URL (GET: /v1/prices)"
    )


@pytest.mark.parametrize(
    ("overrides", "param", "message"),
    [
        ({"mode": None}, "mode", "Missing required param: mode."),
        ({"line_items": []}, "line_items", "Missing required param: line_items."),
        (
            {"line_items": [line("Paper", -1, 1)]},
            "line_items[0][price_data][unit_amount]",
            "This value must be greater than or equal to 0.",
        ),
        (
            {"line_items": [line("Paper", "4.35", 1)]},
            "line_items[0][price_data][unit_amount]",
            "Invalid integer: 4.35",
        ),
        (
            {"line_items": [line("Paper", 435, 0)]},
            "line_items[0][quantity]",
            "This value must be greater than or equal to 1.",
        ),
        (
            {"line_items": [line("", 435, 1)]},
            "line_items[0][price_data][product_data][name]",
            "Missing required param: line_items[0][price_data][product_data][name].",
        ),
        (
            {"line_items": [line("Paper", 100_000_000, 1)]},
            "line_items[0][price_data][unit_amount]",
            "This value must be less than or equal to 99999999.",
        ),
        (
            {"customer_email": "not-an-email"},
            "customer_email",
            "Invalid email address: not-an-email",
        ),
        ({"success_url": "javascript:alert(1)"}, "success_url", "Not a valid URL"),
        ({"colour": "red"}, "colour", "Received unknown parameter: colour"),
        (
            {"discounts": [{"coupon": "nope"}]},
            "discounts[0][coupon]",
            "No such coupon: 'nope'",
        ),
        (
            {"billing_address_collection": "always"},
            "billing_address_collection",
            "Invalid billing_address_collection: must be one of `auto`, `required`",
        ),
    ],
)
def test_bad_session_parameters_are_invalid_request_errors(client, overrides, param, message):
    params = session_params(**overrides)
    params = {key: value for key, value in params.items() if value is not None}

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=params)

    assert caught.value.http_status == 400
    assert caught.value.param == param
    assert caught.value.user_message == message


def test_a_total_above_stripes_limit_is_refused(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        create(client, line_items=[line("Gold", 99_999_999, 2)])

    assert caught.value.code == "amount_too_large"


def test_discounts_and_promotion_codes_cannot_be_combined(client):
    coupon = client.v1.coupons.create(params={"amount_off": 100, "currency": "usd"})

    with pytest.raises(stripe.InvalidRequestError, match="only specify one of these parameters"):
        create(client, discounts=[{"coupon": coupon.id}], allow_promotion_codes=True)


def test_a_coupon_in_another_currency_is_refused(client):
    coupon = client.v1.coupons.create(params={"amount_off": 100, "currency": "eur"})

    with pytest.raises(stripe.InvalidRequestError, match="currency"):
        create(client, discounts=[{"coupon": coupon.id}])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"currency": "usd"}, "exactly one of `amount_off` or `percent_off`"),
        ({"amount_off": 0, "currency": "usd"}, "greater than or equal to 1"),
        ({"amount_off": 100}, "Missing required param: currency."),
        ({"percent_off": "101"}, "at most 100"),
        ({"amount_off": 100, "currency": "usd", "duration": "sometimes"}, "Invalid duration"),
    ],
)
def test_bad_coupon_parameters_are_invalid_request_errors(client, params, message):
    with pytest.raises(stripe.InvalidRequestError, match=message):
        client.v1.coupons.create(params=params)


def test_a_failed_request_does_not_consume_its_idempotency_key(client):
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.create(
            params=session_params(customer_email="bad"), options={"idempotency_key": "retry-me"}
        )

    session = client.v1.checkout.sessions.create(
        params=session_params(customer_email="ok@example.com"),
        options={"idempotency_key": "retry-me"},
    )

    assert session.customer_email == "ok@example.com"


def test_unknown_expansions_are_refused(client):
    session = create(client)

    with pytest.raises(stripe.InvalidRequestError, match="cannot be expanded"):
        client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["customer"]})
