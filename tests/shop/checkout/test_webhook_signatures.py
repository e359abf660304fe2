"""The webhook trusts only payloads signed with the secret of the store it arrived at."""

import pytest
from stripe_sandbox.events import build_event, encode_event, sign_payload

from shop.checkout.models import StripeEvent
from shop.orders.models import Order
from tenants.context import tenant_context
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db


def _orders_and_events(store):
    with tenant_context(store):
        return Order.objects.count(), StripeEvent.objects.count()


def test_a_payload_signed_with_store_b_secret_is_refused_on_store_a(
    seeded_stores, store_a, store_b, alpha_payments, store_stripe, client_for, stripe_server
):
    # given a paid session of store A, and store B's own Stripe account
    bravo = store_stripe(store_b)
    client = client_for(store_a)
    fill_cart(client, store_a)
    event = pay(stripe_server, start_checkout(client)["session_id"])

    # when the event arrives at store A signed with store B's secret
    response = post_event(client_for(store_a), event, secret=bravo.webhook_secret)

    # then it is refused, and nothing is recorded
    assert response.status_code == 400
    assert response.json() == {"error": "invalid-signature", "order-api-version": "0.0.1"}
    assert _orders_and_events(store_a) == (0, 0)


def test_store_a_own_secret_is_refused_on_store_b(
    seeded_stores, store_a, store_b, alpha_payments, store_stripe, client_for, stripe_server
):
    store_stripe(store_b)
    client = client_for(store_a)
    fill_cart(client, store_a)
    event = pay(stripe_server, start_checkout(client)["session_id"])

    response = post_event(client_for(store_b), event, secret=alpha_payments.webhook_secret)

    assert (response.status_code, response.json()["error"]) == (400, "invalid-signature")
    assert _orders_and_events(store_b) == (0, 0)
    assert _orders_and_events(store_a) == (0, 0)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "invalid-signature"),
        ("", "invalid-signature"),
        ("t=1,v1=00", "invalid-signature"),
        ("garbage", "invalid-signature"),
    ],
)
def test_a_missing_or_wrong_signature_header_is_a_400(
    store_a, alpha_payments, client_for, header, expected
):
    payload = encode_event(build_event({"id": "cs_x", "object": "checkout.session"}, type="x.y"))
    extra = {} if header is None else {"HTTP_STRIPE_SIGNATURE": header}
    response = client_for(store_a).post(
        "/order/stripe-webhook", payload, content_type="application/json", **extra
    )
    assert (response.status_code, response.json()["error"]) == (400, expected)


def test_an_old_signature_is_refused(store_a, alpha_payments, client_for):
    payload = encode_event(build_event({"id": "cs_x", "object": "checkout.session"}, type="x.y"))
    header = sign_payload(payload, secret=alpha_payments.webhook_secret, timestamp=1_000_000)
    response = client_for(store_a).post(
        "/order/stripe-webhook", payload, content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )  # fmt: skip
    assert (response.status_code, response.json()["error"]) == (400, "invalid-signature")


@pytest.mark.parametrize(
    "payload",
    [b"not json", b"[]", b'{"object": "event"}', b'{"object": "charge", "id": "ch_1"}'],
)
def test_a_signed_payload_that_is_not_an_event_is_invalid_payload(
    store_a, alpha_payments, client_for, payload
):
    header = sign_payload(payload, secret=alpha_payments.webhook_secret)
    response = client_for(store_a).post(
        "/order/stripe-webhook", payload, content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )  # fmt: skip
    assert (response.status_code, response.json()["error"]) == (400, "invalid-payload")


def test_a_store_without_stripe_keys_answers_webhook_not_configured(
    seeded_stores, store_b, client_for
):
    payload = encode_event(build_event({"id": "cs_x", "object": "checkout.session"}, type="x.y"))
    response = client_for(store_b).post(
        "/order/stripe-webhook", payload, content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload(payload, secret="whsec_unknown"),
    )  # fmt: skip
    assert (response.status_code, response.json()["error"]) == (503, "webhook-not-configured")


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_allowed(store_a, client_for, method):
    response = getattr(client_for(store_a), method)("/order/stripe-webhook")
    assert response.status_code == 405
    assert response.json() == {"error": "method-not-allowed", "order-api-version": "0.0.1"}
    assert response["Allow"] == "POST"


def test_the_webhook_needs_no_csrf_token(store_a, alpha_payments, client_for):
    from django.test import Client

    from tenants.services import primary_host_for

    client = Client(HTTP_HOST=primary_host_for(store_a.slug), enforce_csrf_checks=True)
    event = build_event({"id": "cs_x", "object": "other"}, type="customer.created")
    response = post_event(client, event, secret=alpha_payments.webhook_secret)
    assert response.status_code == 200
