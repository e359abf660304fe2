"""verify_webhook accepts only events signed with the store's own secret, recently."""

import json
import time
from decimal import Decimal

import pytest
from stripe_sandbox.events import encode_event, sign_payload

from shop.checkout.errors import (
    WebhookNotConfigured,
    WebhookPayloadInvalid,
    WebhookSignatureInvalid,
)
from shop.checkout.stripe_api import create_checkout_session, verify_webhook
from tests.fakes.http_sink import HttpSink
from tests.shop.checkout.checkout_values import GROUND, checkout


@pytest.fixture
def paid_event(stripe_keys, stripe_server):
    """The body and signature header Stripe POSTs when the shopper has paid."""
    with HttpSink() as sink:
        stripe_server.register_webhook(stripe_keys.secret_key, sink.url)
        session = create_checkout_session(
            **checkout(
                stripe_keys, shipping=GROUND, item_discount=Decimal("1.00"), total=Decimal("19.19")
            )
        )
        stripe_server.complete_session(session.session_id, name="Ada Lovelace")
    [request] = sink.received
    return request.body, request.headers["Stripe-Signature"]


def test_a_paid_session_event_verifies_and_reads_as_a_session(stripe_keys, paid_event):
    body, header = paid_event

    event = verify_webhook(payload=body, signature_header=header, secret=stripe_keys.webhook_secret)

    assert event.event_id.startswith("evt_")
    assert (event.type, event.livemode) == ("checkout.session.completed", False)
    session = event.checkout_session
    assert session.is_paid
    assert session.payment_intent_id.startswith("pi_")
    assert (session.amount_total, session.amount_discount, session.amount_shipping) == (
        Decimal("19.19"),
        Decimal("1.00"),
        Decimal("5.99"),
    )
    assert session.metadata == {"cart_id": "41"}
    assert (session.customer_email, session.customer_name) == (
        "shopper@example.com",
        "Ada Lovelace",
    )
    assert session.shipping_address.line1 == "1 Main Street"
    assert event.object["id"] == session.session_id


def test_another_stores_secret_is_refused(paid_event, stripe_server):
    body, header = paid_event

    with pytest.raises(WebhookSignatureInvalid) as caught:
        verify_webhook(
            payload=body, signature_header=header, secret=stripe_server.add_account().webhook_secret
        )

    assert (caught.value.code, caught.value.http_status) == ("invalid-signature", 400)


def test_a_replayed_old_signature_is_refused(stripe_keys, paid_event):
    body, _ = paid_event
    stale = sign_payload(body, secret=stripe_keys.webhook_secret, timestamp=int(time.time()) - 301)

    with pytest.raises(WebhookSignatureInvalid):
        verify_webhook(payload=body, signature_header=stale, secret=stripe_keys.webhook_secret)


def test_the_tolerance_comes_from_settings(stripe_keys, paid_event, settings):
    body, _ = paid_event
    settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS = 3600
    older = sign_payload(body, secret=stripe_keys.webhook_secret, timestamp=int(time.time()) - 1800)

    event = verify_webhook(payload=body, signature_header=older, secret=stripe_keys.webhook_secret)

    assert event.type == "checkout.session.completed"


@pytest.mark.parametrize("header", [None, "", "garbage", "t=abc,v1=00", "t=1700000000"])
def test_a_missing_or_malformed_signature_is_refused(stripe_keys, paid_event, header):
    body, _ = paid_event

    with pytest.raises(WebhookSignatureInvalid):
        verify_webhook(payload=body, signature_header=header, secret=stripe_keys.webhook_secret)


def test_a_tampered_body_is_refused(stripe_keys, paid_event):
    body, header = paid_event

    with pytest.raises(WebhookSignatureInvalid):
        verify_webhook(
            payload=body.replace(b"19", b"01"),
            signature_header=header,
            secret=stripe_keys.webhook_secret,
        )


@pytest.mark.parametrize("secret", [None, ""])
def test_a_store_without_a_webhook_secret_is_not_configured(paid_event, secret):
    body, header = paid_event

    with pytest.raises(WebhookNotConfigured) as caught:
        verify_webhook(payload=body, signature_header=header, secret=secret)

    assert caught.value.code == "webhook-not-configured"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"object": "event"}',
        b'{"object": "customer", "id": "cus_1"}',
        json.dumps({"object": "event", "id": "evt_1", "type": "x", "data": {"object": 5}}).encode(),
        json.dumps(
            {
                "object": "event",
                "id": "evt_1",
                "type": "checkout.session.completed",
                "data": {
                    "object": {
                        "object": "checkout.session",
                        "currency": "usd",
                        "amount_total": "lots",
                    }
                },
            }
        ).encode(),
    ],
)
def test_a_signed_payload_that_is_not_an_event_is_invalid(stripe_keys, body):
    header = sign_payload(body, secret=stripe_keys.webhook_secret)

    with pytest.raises(WebhookPayloadInvalid) as caught:
        verify_webhook(payload=body, signature_header=header, secret=stripe_keys.webhook_secret)

    assert (caught.value.code, caught.value.http_status) == ("invalid-payload", 400)


def test_a_payload_that_is_not_utf8_is_invalid(stripe_keys):
    header = sign_payload("x", secret=stripe_keys.webhook_secret)

    with pytest.raises(WebhookPayloadInvalid):
        verify_webhook(
            payload=b"\xff\xfe\x00", signature_header=header, secret=stripe_keys.webhook_secret
        )


def test_an_event_without_a_session_has_no_checkout_session(stripe_keys):
    body = encode_event(
        {
            "id": "evt_1",
            "object": "event",
            "type": "charge.refunded",
            "created": 1,
            "livemode": False,
            "data": {"object": {"object": "charge", "id": "ch_1"}},
        }
    )
    header = sign_payload(body, secret=stripe_keys.webhook_secret)

    event = verify_webhook(payload=body, signature_header=header, secret=stripe_keys.webhook_secret)

    assert (event.type, event.checkout_session, event.object["id"]) == (
        "charge.refunded",
        None,
        "ch_1",
    )
