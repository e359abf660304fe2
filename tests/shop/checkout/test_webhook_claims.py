"""One delivery handles an event (its claim); a duplicate of a processed event answers from the
event row alone; a claim whose worker died is taken over by a later delivery or the sweeper;
a failure that a retry may heal is replayed."""

from dataclasses import replace
from datetime import timedelta

import pytest
from core.secrets import get_secret_store
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from stripe_sandbox.events import build_event, encode_event

from shop.checkout import event_claims, tasks, webhooks
from shop.checkout.errors import StripeUnavailable
from shop.checkout.models import StripeEvent
from shop.orders.models import Order
from tenants.context import tenant_context
from tests.fixtures.stripe import keys_of
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db
COMPLETED = "checkout.session.completed"


@pytest.fixture
def paid_event(store_a, alpha_payments, client_for, stripe_server) -> dict:
    """A guest's paid checkout of store A: the completed event, not yet delivered."""
    client = client_for(store_a)
    fill_cart(client, store_a)
    started = start_checkout(client, anonymous_email_address="guest@example.com")
    return pay(stripe_server, started["session_id"])


@pytest.fixture
def deliver(store_a, alpha_payments, client_for, django_capture_on_commit_callbacks):
    def post(event: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    return post


def dead_workers_claim(store, event: dict, *, lease_left: timedelta) -> None:
    """A delivery that claimed `event` and died before finishing it."""
    with tenant_context(store):
        claim = event_claims.claim_event(
            event_id=event["id"],
            type=event["type"],
            session_id=event["data"]["object"]["id"],
            payload=encode_event(event).decode(),
        )
        assert claim.won
        StripeEvent.objects.update(claimed_until=timezone.now() + lease_left)


def orders(store) -> list[str]:
    with tenant_context(store):
        return list(Order.objects.values_list("identifier", flat=True))


def test_a_duplicate_of_a_processed_event_answers_from_the_event_row_alone(
    store_a, paid_event, deliver, stripe_server, monkeypatch
):
    # given the event handled once
    first = deliver(paid_event)
    assert first.status_code == 200
    requests_before = len(stripe_server.requests)
    monkeypatch.setitem(webhooks.HANDLERS, COMPLETED, pytest.fail)

    # when Stripe delivers it again
    with CaptureQueriesContext(connection) as queries:
        again = deliver(paid_event)

    # then it answers the same order, without Stripe, the handler or any order or snapshot read
    assert (again.status_code, again.json()) == (200, first.json())
    assert len(stripe_server.requests) == requests_before
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "orders_" not in tables and "checkoutsnapshot" not in tables
    assert "checkout_stripeevent" in tables
    with tenant_context(store_a):
        assert StripeEvent.objects.get().deliveries == 2


def test_a_delivery_during_a_live_claim_is_acknowledged_without_doing_the_work(
    store_a, paid_event, deliver, monkeypatch
):
    # given a delivery at work on the event (its claim holds for another minute)
    dead_workers_claim(store_a, paid_event, lease_left=timedelta(minutes=1))
    monkeypatch.setitem(webhooks.HANDLERS, COMPLETED, pytest.fail)

    # when a duplicate arrives
    response = deliver(paid_event)

    # then it is acknowledged at once and leaves the work to the claim's holder
    assert (response.status_code, response.json()["received"]) == (200, True)
    assert "order_identifier" not in response.json()
    assert orders(store_a) == []
    with tenant_context(store_a):
        event = StripeEvent.objects.get()
    assert (event.status, event.deliveries) == (StripeEvent.Status.PROCESSING, 2)


def test_a_claim_left_by_a_dead_worker_is_taken_over_by_a_later_delivery(
    store_a, paid_event, deliver
):
    # given a delivery that claimed the event and died; its lease has run out
    dead_workers_claim(store_a, paid_event, lease_left=timedelta(seconds=-1))

    # when Stripe delivers the event again
    response = deliver(paid_event)

    # then this delivery places the order and finishes the event
    assert response.status_code == 200
    assert orders(store_a) == [response.json()["order_identifier"]]
    with tenant_context(store_a):
        event = StripeEvent.objects.get()
    assert (event.status, event.deliveries, event.payload) == ("succeeded", 2, None)
    assert event.result == {"received": True, "order_identifier": orders(store_a)[0]}


def test_the_sweeper_replays_a_dead_workers_claim_once_its_lease_runs_out(
    store_a, paid_event, django_capture_on_commit_callbacks
):
    # given a delivery that claimed the event and died, after a duplicate was answered 200
    dead_workers_claim(store_a, paid_event, lease_left=timedelta(minutes=1))
    with tenant_context(store_a):
        # when the sweeper runs within the lease, and again after it
        assert webhooks.replay_stalled_events() == 0
        later = timezone.now() + timedelta(minutes=2)
        with django_capture_on_commit_callbacks(execute=True):
            assert webhooks.replay_stalled_events(now=later) == 1
        assert webhooks.replay_stalled_events(now=later) == 0
        event = StripeEvent.objects.get()

    # then the second run placed the order once, without any delivery
    assert len(orders(store_a)) == 1
    assert (event.status, event.payload) == ("succeeded", None)


def test_a_failure_a_retry_may_heal_keeps_the_event_for_the_sweeper(
    store_a, paid_event, deliver, monkeypatch
):
    # given Stripe unreachable while the event is handled
    real = webhooks.HANDLERS[COMPLETED]

    def unreachable(event, keys):
        raise StripeUnavailable("down")

    monkeypatch.setitem(webhooks.HANDLERS, COMPLETED, unreachable)
    assert deliver(paid_event).status_code == 503
    with tenant_context(store_a):
        event = StripeEvent.objects.get()
    assert (event.status, event.handler_error["code"]) == ("failed", "stripe-error")
    assert event.payload is not None

    # when the sweeper comes after the pause, with Stripe back
    monkeypatch.setitem(webhooks.HANDLERS, COMPLETED, real)
    with tenant_context(store_a):
        assert webhooks.replay_stalled_events() == 0  # still pausing
        replayed = webhooks.replay_stalled_events(now=timezone.now() + timedelta(minutes=3))

    # then the order is placed
    assert replayed == 1
    assert len(orders(store_a)) == 1


# The task visits every active store, the one placed on the second database too.
@pytest.mark.django_db(databases=["default", "second"])
def test_the_periodic_task_queues_only_stores_with_stalled_events(store_a, paid_event):
    dead_workers_claim(store_a, paid_event, lease_left=timedelta(seconds=-1))

    assert tasks.replay_all_stalled_events() == 1
    assert len(orders(store_a)) == 1
    assert tasks.replay_all_stalled_events() == 0


def test_a_rotated_webhook_secret_verifies_at_once(store_a, alpha_payments, client_for):
    # given a delivery verified (the process remembers the store's secret)
    first = build_event({"id": "cus_1", "object": "customer"}, type="customer.created")
    answer = post_event(client_for(store_a), first, secret=alpha_payments.webhook_secret)
    assert answer.status_code == 200

    # when the store's webhook secret is rotated and Stripe signs with the new one
    rotated = replace(keys_of(alpha_payments), webhook_secret="whsec_" + "r" * 32)
    get_secret_store().set_tenant_stripe_keys(store_a.pk, rotated)
    second = build_event({"id": "cus_1", "object": "customer"}, type="customer.updated")
    response = post_event(client_for(store_a), second, secret=rotated.webhook_secret)

    # then the new signature is accepted; a wrong one still is not
    assert response.status_code == 200
    third = build_event({"id": "cus_1", "object": "customer"}, type="customer.deleted")
    refused = post_event(client_for(store_a), third, secret="whsec_" + "x" * 32)
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid-signature")


def test_the_store_admin_shows_an_event_without_its_claim_or_payload(
    store_a, paid_event, client_for
):
    dead_workers_claim(store_a, paid_event, lease_left=timedelta(minutes=1))
    admin = client_for(store_a)
    with tenant_context(store_a):
        event = StripeEvent.objects.get()
        admin.force_login(User.objects.create_superuser("owner9", "o9@example.com", "Own!pass9"))

    page = admin.get(f"/admin/checkout/stripeevent/{event.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert event.event_id in html and "Claimed until" in html
    assert event.claim not in html and "Jane Shopper" not in html
