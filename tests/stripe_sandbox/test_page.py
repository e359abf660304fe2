"""The hosted page shows the store, the order and a card form; its Pay button completes the
payment and returns to the store."""

import json
import re

import pytest
import requests
import stripe

from tests.fakes.http_sink import HttpSink
from tests.stripe_sandbox.checkout_params import session_params, shipping

FORM = {
    "email": "ignored@example.com",
    "card_number": "4242 4242 4242 4242",
    "expiry": "04 / 40",
    "cvc": "314",
    "name": "Grace Hopper",
    "line1": "1 Navy Way",
    "line2": "",
    "city": "Arlington",
    "state": "VA",
    "postal_code": "22202",
    "country": "US",
    "phone": "+15555550123",
}


@pytest.fixture
def account(stripe_server):
    return stripe_server.add_account(name="Alpha <Paper> Store")


@pytest.fixture
def client(stripe_server, account) -> stripe.StripeClient:
    return stripe.StripeClient(
        account.secret_key, base_addresses={"api": stripe_server.base_url}, max_network_retries=0
    )


def test_the_page_shows_the_store_test_mode_the_lines_and_the_totals(client):
    session = client.v1.checkout.sessions.create(
        params=session_params(shipping_options=shipping(599))
    )

    page = requests.get(session.url, timeout=5)

    assert page.status_code == 200
    assert "text/html" in page.headers["Content-Type"]
    html = page.text
    assert "<span class='merchant__name' id='store-name'>Alpha &lt;Paper&gt; Store</span>" in html
    assert "<span class='badge' id='test-mode'>TEST MODE</span>" in html
    assert re.search(r"<th scope='row' class='name'>Paper</th><td class='quantity'>3</td>", html)
    assert "<td class='amount'>13.05 USD</td>" in html and ">Pens</th>" in html
    assert "<dd id='subtotal'>14.20 USD</dd>" in html
    assert "<dd id='shipping'>5.99 USD</dd>" in html
    assert "id='discount'" not in html  # no coupon, no discount row
    assert "<strong id='total'>20.19 USD</strong>" in html
    assert "<button id='pay' class='pay' type='submit'>Pay 20.19 USD</button>" in html
    assert "value='shopper@example.com' readonly" in html
    assert html.count("<h1") == 1 and "<html lang='en'>" in html


def test_the_form_has_a_label_for_every_field_and_lists_the_test_cards(client):
    session = client.v1.checkout.sessions.create(params=session_params())

    html = requests.get(session.url, timeout=5).text

    fields = re.findall(r"<(?:input|select) id='([a-z_0-9]+)'", html)
    assert fields == [
        "email", "card_number", "expiry", "cvc", "name", "country", "line1", "line2", "city",
        "state", "postal_code", "phone",
    ]  # fmt: skip
    for field in fields:
        assert f"<label for='{field}'>" in html
    assert "<code>4242 4242 4242 4242</code> succeeds" in html
    assert "<code>4000 0000 0000 0002</code> is declined" in html
    assert "<a id='cancel' class='back' href='https://alpha.test/checkout/confirm'>" in html
    assert "Back to Alpha &lt;Paper&gt; Store</a>" in html


def test_the_page_uses_only_its_own_style_sheet(client, stripe_server):
    session = client.v1.checkout.sessions.create(params=session_params())

    page = requests.get(session.url, timeout=5)
    css = requests.get(f"{stripe_server.base_url}/c/checkout.css", timeout=5)

    assert "<link rel='stylesheet' href='/c/checkout.css'>" in page.text
    assert "style=" not in page.text and "<script" not in page.text
    assert "style-src 'self'" in page.headers["Content-Security-Policy"]
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    assert ".badge" in css.text


def test_pay_completes_the_session_delivers_the_event_and_redirects_to_success(
    client, stripe_server, account
):
    with HttpSink() as sink:
        stripe_server.register_webhook(account.secret_key, sink.url)
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


def test_a_declined_card_says_so_next_to_the_card_and_leaves_the_session_open(client):
    session = client.v1.checkout.sessions.create(params=session_params())

    answer = requests.post(
        session.url, data={**FORM, "card_number": "4000 0000 0000 0002"}, timeout=5
    )

    assert answer.status_code == 402
    assert "<p class='field-error' id='card_number-error'>Your card was declined.</p>" in (
        answer.text
    )
    assert "aria-describedby='card_number-error'" in answer.text
    assert "value='4000 0000 0000 0002'" in answer.text  # what was typed stays
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
    answer = requests.get(f"{stripe_server.base_url}/c/pay/cs_test_nope", timeout=5)

    assert answer.status_code == 404
    assert "No such Checkout Session" in answer.text
