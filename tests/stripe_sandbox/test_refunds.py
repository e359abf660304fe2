"""Refunds: a paid session's payment intent has a charge; refunds against it are Stripe's
objects, errors and signed events, through the real SDK."""

import pytest
import stripe

from tests.fakes.http_sink import HttpSink
from tests.stripe_sandbox.checkout_params import session_params

TOTAL = 1420  # 3 x 4.35 + 1.15


@pytest.fixture
def client(stripe_server, stripe_account) -> stripe.StripeClient:
    return stripe.StripeClient(
        stripe_account.secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )


@pytest.fixture
def intent(client, stripe_server) -> str:
    """The payment intent of a paid session (1420 cents)."""
    session = client.v1.checkout.sessions.create(
        params=session_params(payment_intent_data={"metadata": {"cart_id": "41"}})
    )
    return stripe_server.complete_session(session.id, deliver=False)["payment_intent"]


@pytest.fixture
def sink(stripe_server, stripe_account):
    with HttpSink() as receiver:
        stripe_server.register_webhook(stripe_account.secret_key, receiver.url)
        yield receiver


def test_a_refund_without_an_amount_refunds_the_whole_charge(client, intent):
    refund = client.v1.refunds.create(
        params={"payment_intent": intent, "reason": "requested_by_customer"}
    )

    assert refund.id.startswith("re_")
    assert (refund.amount, refund.currency, refund.status) == (TOTAL, "usd", "succeeded")
    assert (refund.payment_intent, refund.reason) == (intent, "requested_by_customer")
    assert refund.charge.startswith("ch_")
    assert client.v1.refunds.retrieve(refund.id).to_dict() == refund.to_dict()


def test_partial_refunds_add_up_to_the_charge_and_then_are_refused(client, intent):
    first = client.v1.refunds.create(params={"payment_intent": intent, "amount": 1000})
    second = client.v1.refunds.create(params={"charge": first.charge, "amount": 420})

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": intent, "amount": 1})

    assert (first.amount, second.amount) == (1000, 420)
    assert caught.value.http_status == 400
    assert caught.value.code == "charge_already_refunded"
    assert caught.value.user_message == f"Charge {first.charge} has already been refunded."


def test_more_than_is_left_is_amount_too_large(client, intent):
    client.v1.refunds.create(params={"payment_intent": intent, "amount": 1000})

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": intent, "amount": 421})

    assert (caught.value.code, caught.value.param) == ("amount_too_large", "amount")
    assert caught.value.user_message == (
        "Refund amount ($4.21) is greater than unrefunded amount on charge ($4.20)"
    )


@pytest.mark.parametrize(
    ("params", "param"),
    [({"amount": 0}, "amount"), ({"reason": "bored"}, "reason"), ({"colour": "red"}, "colour")],
)
def test_bad_parameters_are_refused(client, intent, params, param):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": intent, **params})

    assert (caught.value.http_status, caught.value.param) == (400, param)


def test_an_unknown_or_another_accounts_payment_intent_is_404(
    client, intent, stripe_server, stripe_account
):
    other = stripe.StripeClient(
        stripe_server.add_account().secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )

    for who, target in ((client, "pi_nobodyhasthis"), (other, intent)):
        with pytest.raises(stripe.InvalidRequestError) as caught:
            who.v1.refunds.create(params={"payment_intent": target})
        assert (caught.value.http_status, caught.value.code) == (404, "resource_missing")
        assert caught.value.user_message == f"No such payment_intent: '{target}'"
    refund = client.v1.refunds.create(params={"payment_intent": intent, "amount": 5})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        other.v1.refunds.retrieve(refund.id)
    assert caught.value.http_status == 404


def test_an_idempotency_key_replays_the_first_refund(client, intent, stripe_server):
    options = {"idempotency_key": "refund-7"}
    params = {"payment_intent": intent, "amount": 500, "metadata": {"refund_id": "7"}}

    first = client.v1.refunds.create(params=params, options=options)
    again = client.v1.refunds.create(params=params, options=options)
    with pytest.raises(stripe.IdempotencyError):
        client.v1.refunds.create(params={**params, "amount": 501}, options=options)

    assert again.id == first.id
    account = stripe_server.account_for_refund(first.id)
    charge = account.charges[account.intents[intent]]
    assert (charge["amount_refunded"], charge["refunded"]) == (500, False)


def test_a_refund_sends_signed_refund_created_and_charge_refunded(
    client, intent, stripe_server, stripe_account, sink
):
    refund = client.v1.refunds.create(
        params={"payment_intent": intent, "amount": 600, "metadata": {"order": "ABC"}}
    )
    stripe_server.wait_for_deliveries()

    events = [
        stripe.Webhook.construct_event(
            r.body, r.headers["Stripe-Signature"], stripe_account.webhook_secret
        )
        for r in sink.received
    ]
    assert [event.type for event in events] == ["refund.created", "charge.refunded"]
    assert events[0].data.object.id == refund.id
    assert events[0].data.object.metadata["order"] == "ABC"
    charge = events[1].data.object
    assert (charge.object, charge.id, charge.payment_intent) == ("charge", refund.charge, intent)
    assert (charge.amount, charge.amount_refunded, charge.refunded) == (TOTAL, 600, False)
    assert [r.id for r in charge.refunds.data] == [refund.id]
    assert charge.metadata["cart_id"] == "41"


def test_a_refund_that_fails_later_sends_refund_updated_and_frees_its_amount(
    client, intent, stripe_server, stripe_account, sink
):
    refund = client.v1.refunds.create(params={"payment_intent": intent})
    stripe_server.wait_for_deliveries()

    failed = stripe_server.fail_refund(refund.id, reason="lost_or_stolen_card")
    stripe_server.wait_for_deliveries()

    assert (failed["status"], failed["failure_reason"]) == ("failed", "lost_or_stolen_card")
    types = [
        stripe.Webhook.construct_event(
            r.body, r.headers["Stripe-Signature"], stripe_account.webhook_secret
        ).type
        for r in sink.received
    ]
    assert types == ["refund.created", "charge.refunded", "refund.updated", "refund.failed"]
    assert client.v1.refunds.retrieve(refund.id).status == "failed"
    again = client.v1.refunds.create(params={"payment_intent": intent})
    assert again.amount == TOTAL
