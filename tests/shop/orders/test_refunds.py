"""A store admin refunds an order in full or in part through the store's Stripe account (the
sandbox, the real SDK); the order's refunded total, status history and the shopper's refund
email follow; Stripe's refund webhooks are recorded once."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from shop.checkout.models import StripeEvent
from shop.emails import codes
from shop.emails.models import Emailsent
from shop.orders.errors import RefundNotAllowed
from shop.orders.models import Refund
from shop.orders.refunds import DASHBOARD, refund_order
from tenants.context import tenant_context
from tests.shop.checkout.journey import post_event
from tests.shop.orders.refund_helpers import charge_of, events_of, get_order, history

pytestmark = pytest.mark.django_db

TOTAL = Decimal("31.55")  # 2 clips + 1 rubber bands + ground shipping


@pytest.fixture
def owner(store_a):
    with tenant_context(store_a):
        return User.objects.create_superuser("owner7", "owner7@example.com", "Owner!pass1")


def _refund(store, identifier, amount, owner=None, **extra):
    with tenant_context(store):
        return refund_order(
            order=get_order(store, identifier),
            amount=amount,
            reason=extra.get("reason", "damaged in transit"),
            by_user=owner,
            restock=extra.get("restock", False),
        )


def test_a_full_refund_refunds_the_charge_and_the_order_becomes_refunded(
    store_a, place_guest_order, owner, stripe_server, django_capture_on_commit_callbacks
):
    placed = place_guest_order()

    with django_capture_on_commit_callbacks(execute=True):
        refund = _refund(store_a, placed.identifier, None, owner, restock=True)

    assert (refund.amount, refund.status, refund.restock) == (TOTAL, "succeeded", True)
    assert (refund.created_by_id, refund.created_by_username) == (owner.pk, "owner7")
    assert refund.stripe_refund_id.startswith("re_")
    with tenant_context(store_a):
        assert refund.idempotency_key == f"refund-{store_a.pk}-{refund.pk}"
    order = get_order(store_a, placed.identifier)
    assert order.amount_refunded == TOTAL
    assert history(store_a, placed.identifier) == ["accepted", "refunded"]
    charge = charge_of(stripe_server, placed.account, order.payment.stripe_payment_intent_id)
    assert (charge["amount_refunded"], charge["refunded"]) == (3155, True)
    stripe_refund = stripe_server.get_refund(refund.stripe_refund_id)
    assert stripe_refund["metadata"]["refund_id"] == str(refund.pk)
    assert stripe_refund["amount"] == 3155


def test_partial_refunds_add_up_to_the_total_and_then_are_refused(
    store_a, place_guest_order, owner
):
    placed = place_guest_order()

    first = _refund(store_a, placed.identifier, Decimal("10.00"), owner)
    assert history(store_a, placed.identifier) == ["accepted", "partially-refunded"]
    second = _refund(store_a, placed.identifier, Decimal("5.00"), owner)
    with pytest.raises(
        RefundNotAllowed, match=r"16.56 USD is more than is left to refund \(16.55 USD\)"
    ):
        _refund(store_a, placed.identifier, Decimal("16.56"), owner)
    last = _refund(store_a, placed.identifier, Decimal("16.55"), owner)
    for refused in (Decimal("0.01"), None):
        with pytest.raises(RefundNotAllowed):
            _refund(store_a, placed.identifier, refused, owner)

    assert [r.amount for r in (first, second, last)] == [
        Decimal("10.00"), Decimal("5.00"), Decimal("16.55"),
    ]  # fmt: skip
    assert get_order(store_a, placed.identifier).amount_refunded == TOTAL
    assert history(store_a, placed.identifier) == ["accepted", "partially-refunded", "refunded"]
    with tenant_context(store_a):
        assert Refund.objects.filter(status="succeeded").count() == 3
        assert not Refund.objects.exclude(status="succeeded").exists()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00"), Decimal("1.005")])
def test_an_amount_that_is_not_a_positive_amount_of_money_is_refused(
    store_a, place_guest_order, amount
):
    placed = place_guest_order()

    with pytest.raises(RefundNotAllowed):
        _refund(store_a, placed.identifier, amount)

    with tenant_context(store_a):
        assert not Refund.objects.exists()


def test_a_partly_refunded_order_still_ships_and_a_refunded_one_moves_no_more(
    store_a, place_guest_order
):
    from shop.orders.errors import InvalidOrderStatusTransition
    from shop.orders.status import set_status

    placed = place_guest_order()
    _refund(store_a, placed.identifier, Decimal("1.00"))
    with tenant_context(store_a):
        set_status(get_order(store_a, placed.identifier), "shipped")
    _refund(store_a, placed.identifier, None)

    with tenant_context(store_a), pytest.raises(InvalidOrderStatusTransition):
        set_status(get_order(store_a, placed.identifier), "shipped")
    assert history(store_a, placed.identifier) == [
        "accepted", "partially-refunded", "shipped", "refunded",
    ]  # fmt: skip


def test_the_shopper_gets_the_refund_email_once(
    store_a, place_guest_order, stripe_server, smtp_server, client_for,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    placed = place_guest_order()
    smtp_server.wait_for(1)  # the order confirmation

    with django_capture_on_commit_callbacks(execute=True):
        refund = _refund(store_a, placed.identifier, Decimal("10.00"))
    with django_capture_on_commit_callbacks(execute=True):
        for event in events_of(stripe_server, placed.account, "refund.created"):
            post_event(client_for(store_a), event, secret=placed.account.webhook_secret)

    [_, mail] = smtp_server.wait_for(2)
    assert mail.rcpt_tos == ["guest@example.com"]
    assert mail.subject == f"Alpha Store refund for order {placed.identifier}"
    assert "We have refunded 10.00 USD of your payment" in mail.text
    assert f"In all, 10.00 USD of the {TOTAL} USD you paid has been refunded." in mail.text
    assert len(smtp_server.messages) == 2
    with tenant_context(store_a):
        assert Emailsent.objects.filter(email__em_cd=codes.ORDER_REFUND).count() == 1
        assert Refund.objects.get().pk == refund.pk


def test_duplicate_refund_webhooks_are_recorded_once(
    store_a, place_guest_order, stripe_server, client_for
):
    placed = place_guest_order()
    refund = _refund(store_a, placed.identifier, Decimal("7.00"))
    events = [
        *events_of(stripe_server, placed.account, "refund.created"),
        *events_of(stripe_server, placed.account, "charge.refunded"),
    ]

    answers = [
        post_event(client_for(store_a), event, secret=placed.account.webhook_secret)
        for event in events + events
    ]

    assert [a.status_code for a in answers] == [200] * 4
    assert answers[0].json()["refunds"] == [refund.stripe_refund_id]
    with tenant_context(store_a):
        assert list(Refund.objects.values_list("amount", "status")) == [
            (Decimal("7.00"), "succeeded")
        ]
        assert list(StripeEvent.objects.filter(type__in=["refund.created", "charge.refunded"])
                    .values_list("deliveries", "status")) == [(2, "succeeded")] * 2  # fmt: skip
    assert get_order(store_a, placed.identifier).amount_refunded == Decimal("7.00")
    assert history(store_a, placed.identifier) == ["accepted", "partially-refunded"]


def test_a_refund_made_in_stripes_dashboard_is_recorded_and_its_failure_too(
    store_a, place_guest_order, stripe_server, client_for
):
    import stripe

    placed = place_guest_order()
    intent = get_order(store_a, placed.identifier).payment.stripe_payment_intent_id
    dashboard = stripe.StripeClient(
        placed.account.secret_key, base_addresses={"api": stripe_server.base_url}
    )
    made = dashboard.v1.refunds.create(params={"payment_intent": intent, "amount": 500})
    [created] = events_of(stripe_server, placed.account, "refund.created")

    assert post_event(client_for(store_a), created, secret=placed.account.webhook_secret).json()[
        "refunds"
    ] == [made.id]
    with tenant_context(store_a):
        row = Refund.objects.get()
    assert (row.amount, row.status, row.created_by_username) == (
        Decimal("5.00"), "succeeded", DASHBOARD,
    )  # fmt: skip
    assert row.idempotency_key is None
    assert get_order(store_a, placed.identifier).amount_refunded == Decimal("5.00")

    stripe_server.fail_refund(made.id, reason="lost_or_stolen_card")
    [updated] = events_of(stripe_server, placed.account, "refund.updated")
    post_event(client_for(store_a), updated, secret=placed.account.webhook_secret)
    # A late copy of the first event cannot bring the failed refund back.
    post_event(client_for(store_a), created, secret=placed.account.webhook_secret)

    with tenant_context(store_a):
        row.refresh_from_db()
    assert (row.status, row.failure_reason) == ("failed", "lost_or_stolen_card")
    assert get_order(store_a, placed.identifier).amount_refunded == Decimal("0.00")


def test_a_refund_event_about_another_stores_order_changes_neither_store(
    store_a, store_b, place_guest_order, stripe_server, store_stripe, client_for
):
    import stripe

    placed = place_guest_order()
    beta = store_stripe(store_b)
    intent = get_order(store_a, placed.identifier).payment.stripe_payment_intent_id
    stripe.StripeClient(
        placed.account.secret_key, base_addresses={"api": stripe_server.base_url}
    ).v1.refunds.create(params={"payment_intent": intent, "amount": 100})
    [event] = events_of(stripe_server, placed.account, "refund.created")

    signed_by_b = post_event(client_for(store_b), event, secret=beta.webhook_secret)
    signed_by_a = post_event(client_for(store_b), event, secret=placed.account.webhook_secret)

    assert signed_by_b.status_code == 200
    assert signed_by_b.json()["ignored"] == "not-an-order-of-this-store"
    assert (signed_by_a.status_code, signed_by_a.json()["error"]) == (400, "invalid-signature")
    for store in (store_a, store_b):
        with tenant_context(store):
            assert not Refund.objects.exists()
    assert get_order(store_a, placed.identifier).amount_refunded == Decimal("0.00")
    assert history(store_a, placed.identifier) == ["accepted"]
