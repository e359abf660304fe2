"""The hosted page stand-in shows the session and its Pay button completes the payment."""

import json

import pytest
import requests
import stripe

from tests.fakes.checkout_params import session_params, shipping
from tests.fakes.http_sink import HttpSink


@pytest.fixture
def client(stripe_server, stripe_account) -> stripe.StripeClient:
    return stripe.StripeClient(
        stripe_account.secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )


FORM = {
    "email": "ignored@example.com",
    "card_number": "4242 4242 4242 4242",
    "name": "Grace Hopper",
    "line1": "1 Navy Way",
    "line2": "",
    "city": "Arlington",
    "state": "VA",
    "postal_code": "22202",
    "country": "US",
    "phone": "+15555550123",
}


def test_the_page_lists_the_items_and_the_total_with_a_pay_button(client):
    session = client.v1.checkout.sessions.create(
        params=session_params(shipping_options=shipping(599))
    )

    page = requests.get(session.url, timeout=5)

    assert page.status_code == 200
    assert "text/html" in page.headers["Content-Type"]
    assert "Paper" in page.text and "Pens" in page.text
    assert "<strong id='total'>20.19 USD</strong>" in page.text
    assert "id='pay'" in page.text
    assert "value='shopper@example.com' readonly" in page.text


def test_pay_completes_the_session_delivers_the_event_and_redirects_to_success(
    client, stripe_server, stripe_account
):
    with HttpSink() as sink:
        stripe_server.register_webhook(stripe_account.secret_key, sink.url)
        session = client.v1.checkout.sessions.create(params=session_params())

        answer = requests.post(session.url, data=FORM, allow_redirects=False, timeout=5)

    assert answer.status_code == 303
    assert answer.headers["Location"] == (
        f"https://alpha.test/checkout/success?session_id={session.id}"
    )
    paid = client.v1.checkout.sessions.retrieve(session.id)
    assert (paid.payment_status, paid.customer_details.email, paid.customer_details.name) == (
        "paid",
        "shopper@example.com",  # customer_email of the session wins, as on Stripe
        "Grace Hopper",
    )
    assert paid.collected_information.shipping_details.address.city == "Arlington"
    [event] = [json.loads(request.body) for request in sink.received]
    assert (event["type"], event["data"]["object"]["id"]) == (
        "checkout.session.completed",
        session.id,
    )


def test_a_declined_card_leaves_the_session_open(client):
    session = client.v1.checkout.sessions.create(params=session_params())

    answer = requests.post(
        session.url, data={**FORM, "card_number": "4000 0000 0000 0002"}, timeout=5
    )

    assert answer.status_code == 402
    assert "Your card was declined." in answer.text
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"


def test_a_missing_field_is_shown_and_nothing_is_paid(client):
    session = client.v1.checkout.sessions.create(params=session_params())

    answer = requests.post(session.url, data={**FORM, "line1": ""}, timeout=5)

    assert answer.status_code == 402
    assert "Line1 is required." in answer.text
    assert client.v1.checkout.sessions.retrieve(session.id).payment_status == "unpaid"


def test_a_country_outside_the_allowed_list_is_refused(client):
    session = client.v1.checkout.sessions.create(params=session_params())

    answer = requests.post(session.url, data={**FORM, "country": "FR"}, timeout=5)

    assert "Shipping to FR is not available." in answer.text
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"


def test_a_paid_or_expired_session_page_says_so(client, stripe_server):
    paid = client.v1.checkout.sessions.create(params=session_params())
    expired = client.v1.checkout.sessions.create(params=session_params())
    stripe_server.complete_session(paid.id)
    stripe_server.expire_session(expired.id)

    assert "This Checkout Session is complete." in requests.get(paid.url, timeout=5).text
    assert "This Checkout Session is expired." in requests.get(expired.url, timeout=5).text
    assert requests.post(paid.url, data=FORM, allow_redirects=False, timeout=5).status_code == 200


def test_an_unknown_session_page_is_404(stripe_server):
    assert (
        requests.get(f"{stripe_server.base_url}/c/pay/cs_test_nope", timeout=5).status_code == 404
    )
