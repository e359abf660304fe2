"""A storm of one Stripe event (real threads, real PostgreSQL, committed data): exactly one
delivery does the work, the duplicates answer 2xx without waiting for it or redoing it, and a
storm of an event already processed makes no Stripe call and runs no handler."""

from __future__ import annotations

import threading

import pytest
from django.test import Client
from stripe_sandbox.events import encode_event

from shop.checkout import webhooks
from shop.checkout.models import StripeEvent
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.races import webhook_storm
from tests.fixtures.shop import add_to_cart, order_get, seeded_sku
from tests.shop.checkout.journey import CLIP, pay, start_checkout

DELIVERIES = 50
COMPLETED = "checkout.session.completed"


@pytest.fixture
def racing_store(racing_store_for):
    return racing_store_for("storm-race")


def paid_event(tenant, stripe_server) -> dict:
    shopper = Client(HTTP_HOST=primary_host_for(tenant.slug))
    with tenant_context(tenant):
        clip = seeded_sku(CLIP)
    add_to_cart(shopper, clip, 1)
    order_get(shopper, "cart-shipping-methods")
    started = start_checkout(shopper, anonymous_email_address="storm@example.com")
    return pay(stripe_server, started["session_id"])


def counting_handler(monkeypatch, *, hold: threading.Event | None = None) -> list[bool]:
    """Wrap the completed-session handler: each call appends whether `hold` was set before
    it went on (it waits for it up to 60 s), so a test sees how often the work ran."""
    real = webhooks.HANDLERS[COMPLETED]
    calls: list[bool] = []

    def handler(event, keys):
        calls.append(hold.wait(timeout=60) if hold is not None else True)
        return real(event, keys)

    monkeypatch.setitem(webhooks.HANDLERS, COMPLETED, handler)
    return calls


def session_retrievals(stripe_server, session_id: str) -> int:
    with stripe_server.lock:
        return sum(1 for r in stripe_server.requests
                   if r.method == "GET" and r.path.endswith(session_id))  # fmt: skip


def test_duplicates_are_answered_while_the_first_delivery_is_still_at_work(
    racing_store, django_db_blocker, stripe_server, monkeypatch
):
    tenant, account = racing_store
    host = primary_host_for(tenant.slug)
    with django_db_blocker.unblock():
        # given a paid checkout, and a handler that holds on until the other 49 have answered
        payload = encode_event(paid_event(tenant, stripe_server))
        others_answered = threading.Event()
        calls = counting_handler(monkeypatch, hold=others_answered)
        answered = []

        def count_answer() -> None:
            answered.append(1)
            if len(answered) == DELIVERIES - 1:
                others_answered.set()

        # when 50 deliveries of its event arrive at once
        answers = webhook_storm(
            host, payload, account.webhook_secret, deliveries=DELIVERIES, on_answer=count_answer
        )

        # then the work ran once, and only after the 49 duplicates had their answer: none of
        # them waited for it (had one, the hold would have run out: calls == [False])
        assert calls == [True]
        assert sorted(status for status, _ in answers) == [200] * DELIVERIES
        duplicates = [body for _, body in answers if "order_identifier" not in body]
        assert len(duplicates) == DELIVERIES - 1
        assert all(body["received"] is True for body in duplicates)
        with tenant_context(tenant):
            order = Order.objects.get()
            event = StripeEvent.objects.get()
        [(_, first)] = [a for a in answers if "order_identifier" in a[1]]
        assert first["order_identifier"] == order.identifier
        assert (event.status, event.deliveries) == (StripeEvent.Status.SUCCEEDED, DELIVERIES)


def test_a_storm_of_a_processed_event_calls_neither_stripe_nor_the_handler(
    racing_store, django_db_blocker, stripe_server, monkeypatch
):
    tenant, account = racing_store
    host = primary_host_for(tenant.slug)
    with django_db_blocker.unblock():
        # given an event whose handling asks Stripe for the session (it says "unpaid"), handled
        event = paid_event(tenant, stripe_server)
        session_id = event["data"]["object"]["id"]
        event["data"]["object"]["payment_status"] = "unpaid"
        payload = encode_event(event)
        [(status, body)] = webhook_storm(host, payload, account.webhook_secret, deliveries=1)
        assert status == 200 and session_retrievals(stripe_server, session_id) == 1
        calls = counting_handler(monkeypatch)

        # when 50 more deliveries of it arrive at once
        answers = webhook_storm(host, payload, account.webhook_secret, deliveries=DELIVERIES)

        # then each answers what the first did, and nothing was redone
        assert answers == [(200, body)] * DELIVERIES
        assert calls == []
        assert session_retrievals(stripe_server, session_id) == 1
        with tenant_context(tenant):
            assert Order.objects.get().identifier == body["order_identifier"]
            assert StripeEvent.objects.get().deliveries == DELIVERIES + 1
