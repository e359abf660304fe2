"""Completing or expiring a session sends the account's endpoint an event signed like Stripe's."""

import json
import time

import pytest
import stripe
from stripe_sandbox.events import build_event, encode_event, sign_payload
from stripe_sandbox.params import StripeError

from tests.fakes.http_sink import HttpSink
from tests.stripe_sandbox.checkout_params import session_params, shipping


@pytest.fixture
def client(stripe_server, stripe_account) -> stripe.StripeClient:
    return stripe.StripeClient(
        stripe_account.secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )


@pytest.fixture
def sink():
    with HttpSink() as receiver:
        yield receiver


def test_completing_a_session_marks_it_paid_with_the_customer_and_shipping_details(
    client, stripe_server
):
    session = client.v1.checkout.sessions.create(
        params=session_params(shipping_options=shipping(599))
    )

    stripe_server.complete_session(
        session.id,
        name="Ada Lovelace",
        address={
            "line1": "12 St James's Square",
            "city": "London",
            "postal_code": "SW1Y 4JH",
            "state": None,
            "country": "GB",
        },
        phone="+442071234567",
        shipping_name="Charles Babbage",
        shipping_address={
            "line1": "1 Dorset Street",
            "city": "London",
            "postal_code": "W1U",
            "state": None,
            "country": "GB",
        },
    )
    paid = client.v1.checkout.sessions.retrieve(session.id)

    assert (paid.status, paid.payment_status) == ("complete", "paid")
    assert paid.payment_intent.startswith("pi_")
    assert paid.amount_total == 2019
    details = paid.customer_details
    assert (details.email, details.name, details.phone) == (
        "shopper@example.com",
        "Ada Lovelace",
        "+442071234567",
    )
    assert details.address.to_dict() == {
        "city": "London",
        "country": "GB",
        "line1": "12 St James's Square",
        "line2": None,
        "postal_code": "SW1Y 4JH",
        "state": None,
    }
    shipping_details = paid.collected_information.shipping_details
    assert shipping_details.name == "Charles Babbage"
    assert shipping_details.address.line1 == "1 Dorset Street"


def test_a_session_with_nothing_to_pay_completes_without_a_payment_intent(client, stripe_server):
    coupon = client.v1.coupons.create(params={"amount_off": 99999, "currency": "usd"})
    session = client.v1.checkout.sessions.create(
        params=session_params(discounts=[{"coupon": coupon.id}])
    )

    done = stripe_server.complete_session(session.id)

    assert (done["amount_total"], done["payment_status"], done["payment_intent"]) == (
        0,
        "no_payment_required",
        None,
    )


def test_completion_posts_a_signed_event_that_the_sdk_verifies(
    client, stripe_server, stripe_account, sink
):
    stripe_server.register_webhook(stripe_account.secret_key, f"{sink.url}/order/stripe-webhook")
    session = client.v1.checkout.sessions.create(params=session_params())

    stripe_server.complete_session(session.id)

    [request] = sink.received
    assert request.path == "/order/stripe-webhook"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    event = stripe.Webhook.construct_event(
        request.body, request.headers["Stripe-Signature"], stripe_account.webhook_secret
    )
    assert event.id.startswith("evt_")
    assert event.type == "checkout.session.completed"
    assert event.livemode is False
    assert event.api_version == stripe.api_version  # the version the SDK pins
    obj = event.data.object
    assert (obj.id, obj.payment_status, obj.metadata["cart_id"]) == (session.id, "paid", "41")
    assert stripe_server.deliveries[-1].status == 200
    assert stripe_server.deliveries[-1].event_id == event.id


def test_the_event_fails_verification_with_another_stores_secret(
    client, stripe_server, stripe_account, sink
):
    stripe_server.register_webhook(stripe_account.secret_key, sink.url)
    session = client.v1.checkout.sessions.create(params=session_params())
    stripe_server.complete_session(session.id)
    [request] = sink.received

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(
            request.body,
            request.headers["Stripe-Signature"],
            stripe_server.add_account().webhook_secret,
        )


def test_a_tampered_body_fails_verification(client, stripe_server, stripe_account, sink):
    stripe_server.register_webhook(stripe_account.secret_key, sink.url)
    session = client.v1.checkout.sessions.create(params=session_params())
    stripe_server.complete_session(session.id)
    [request] = sink.received

    tampered = request.body.replace(b'"paid"', b'"unpaid"')
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(
            tampered, request.headers["Stripe-Signature"], stripe_account.webhook_secret
        )


def test_a_signature_older_than_the_tolerance_fails_verification(stripe_server, stripe_account):
    body = encode_event(build_event({"id": "cs_test_x"}, type="checkout.session.completed"))
    old = sign_payload(body, secret=stripe_account.webhook_secret, timestamp=int(time.time()) - 301)
    recent = sign_payload(
        body, secret=stripe_account.webhook_secret, timestamp=int(time.time()) - 290
    )

    with pytest.raises(stripe.SignatureVerificationError, match="tolerance"):
        stripe.Webhook.construct_event(body, old, stripe_account.webhook_secret)
    assert stripe.Webhook.construct_event(body, recent, stripe_account.webhook_secret).type == (
        "checkout.session.completed"
    )


def test_sign_payload_matches_the_sdks_own_test_signature():
    body = '{"id": "evt_1"}'

    ours = sign_payload(body, secret="whsec_test", timestamp=1_700_000_000)

    assert ours == stripe.WebhookSignature.generate_signature_header(
        body, "whsec_test", timestamp=1_700_000_000
    )


def test_the_same_event_can_be_built_and_delivered_again(
    client, stripe_server, stripe_account, sink
):
    stripe_server.register_webhook(stripe_account.secret_key, sink.url)
    session = client.v1.checkout.sessions.create(params=session_params())
    stripe_server.complete_session(session.id)
    first = json.loads(sink.received[0].body)

    again = stripe_server.deliver_event(first, url=sink.url, secret=stripe_account.webhook_secret)

    assert again.ok
    assert json.loads(sink.received[1].body) == first
    assert [json.loads(r.body)["id"] for r in sink.received] == [first["id"], first["id"]]


def test_session_event_snapshots_the_current_session(client, stripe_server):
    session = client.v1.checkout.sessions.create(params=session_params())
    stripe_server.complete_session(session.id, deliver=False)

    event = stripe_server.session_event(session.id)

    assert event["type"] == "checkout.session.completed"
    assert event["data"]["object"]["payment_status"] == "paid"
    assert client.v1.events.retrieve(event["id"]).data.object.id == session.id


def test_expiring_a_session_sends_checkout_session_expired(
    client, stripe_server, stripe_account, sink
):
    stripe_server.register_webhook(stripe_account.secret_key, sink.url)
    session = client.v1.checkout.sessions.create(params=session_params())

    stripe_server.expire_session(session.id)

    [request] = sink.received
    event = stripe.Webhook.construct_event(
        request.body, request.headers["Stripe-Signature"], stripe_account.webhook_secret
    )
    assert (event.type, event.data.object.status, event.data.object.payment_status) == (
        "checkout.session.expired",
        "expired",
        "unpaid",
    )


def test_a_completed_session_cannot_be_completed_again(client, stripe_server):
    session = client.v1.checkout.sessions.create(params=session_params())
    stripe_server.complete_session(session.id)

    with pytest.raises(StripeError, match="status in"):
        stripe_server.complete_session(session.id)


def test_a_failing_endpoint_is_recorded(client, stripe_server, stripe_account):
    with HttpSink(status=500) as failing:
        stripe_server.register_webhook(stripe_account.secret_key, failing.url)
        session = client.v1.checkout.sessions.create(params=session_params())
        stripe_server.complete_session(session.id)

    delivery = stripe_server.deliveries[-1]
    assert (delivery.status, delivery.ok) == (500, False)


def test_a_host_header_can_be_given_for_the_endpoint(client, stripe_server, stripe_account, sink):
    stripe_server.register_webhook(stripe_account.secret_key, sink.url, host="alpha.platform.test")
    session = client.v1.checkout.sessions.create(params=session_params())

    stripe_server.complete_session(session.id)

    assert sink.received[0].headers["Host"] == "alpha.platform.test"
