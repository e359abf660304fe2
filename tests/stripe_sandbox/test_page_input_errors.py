"""Bad input on the hosted page is answered field by field, never with a server error, and
nothing is paid."""

import re
from html import unescape

import pytest
import requests
import stripe

from tests.stripe_sandbox.checkout_params import session_params
from tests.stripe_sandbox.test_page import FORM


@pytest.fixture
def session(stripe_server, stripe_account):
    client = stripe.StripeClient(
        stripe_account.secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )
    return client.v1.checkout.sessions.create(params=session_params())


def errors_of(html: str) -> dict[str, str]:
    found = re.findall(r"<p class='field-error' id='([a-z_0-9]+)-error'>([^<]*)</p>", html)
    return {name: unescape(message) for name, message in found}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"line1": ""}, {"line1": "Address line 1 is required."}),
        ({"expiry": "13 / 40"}, {"expiry": "Your card's expiration month is invalid."}),
        ({"expiry": "01 / 20"}, {"expiry": "Your card's expiration date is in the past."}),
        ({"expiry": "soon"}, {"expiry": "Your card's expiration date is incomplete (MM / YY)."}),
        ({"cvc": "12"}, {"cvc": "Your card's security code is invalid."}),
        ({"card_number": "4242 4242 4242 4241"}, {"card_number": "Your card number is invalid."}),
        ({"country": "FR"}, {"country": "Shipping to FR is not available."}),
        ({"country": "XX"}, {"country": "Choose a country or region from the list."}),
        (
            {"name": "", "postal_code": "", "phone": ""},
            {
                "name": "Name on card is required.",
                "postal_code": "Postal code is required.",
                "phone": "Phone number is required.",
            },
        ),
    ],
)
def test_each_bad_field_gets_its_message(session, changes, expected):
    answer = requests.post(session.url, data={**FORM, **changes}, timeout=5)

    assert answer.status_code == 400
    assert errors_of(answer.text) == expected
    assert "id='error' class='error-summary' role='alert'" in answer.text


def test_a_declined_card_with_another_mistake_shows_the_mistake_first(session):
    answer = requests.post(
        session.url, data={**FORM, "card_number": "4000000000000002", "cvc": ""}, timeout=5
    )

    assert errors_of(answer.text) == {"cvc": "Security code (CVC) is required."}


@pytest.mark.parametrize(
    "body",
    [
        b"card_number[0]=4242&card_number[x]=1",  # nested keys where text is expected
        b"email=a&email=b",  # duplicate
        b"\xff\xfe=\x00",  # not UTF-8
        b"",
    ],
)
def test_garbage_gets_the_form_again_with_errors_not_a_server_error(session, stripe_server, body):
    answer = requests.post(
        session.url,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=5,
    )

    assert answer.status_code == 400
    assert "id='payment-form'" in answer.text
    assert stripe_server.get_session(session.id)["payment_status"] == "unpaid"
