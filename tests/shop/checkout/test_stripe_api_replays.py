"""A replayed create (same idempotency key, same request) reports the session as it is now:
Stripe replays the first response as it was, so stripe_api reads the session again."""

from shop.checkout.stripe_api import create_checkout_session
from tests.shop.checkout.checkout_values import checkout


def test_a_replay_of_a_session_paid_since_reports_it_complete(stripe_keys, stripe_server):
    first = create_checkout_session(**checkout(stripe_keys))
    stripe_server.complete_session(first.session_id, deliver=False)

    replay = create_checkout_session(**checkout(stripe_keys))

    assert replay.session_id == first.session_id
    assert (replay.status, replay.payment_status) == ("complete", "paid")
    assert replay.payment_intent_id.startswith("pi_")


def test_a_replay_of_an_expired_session_reports_it_expired(stripe_keys, stripe_server):
    first = create_checkout_session(**checkout(stripe_keys))
    stripe_server.expire_session(first.session_id, deliver=False)

    assert create_checkout_session(**checkout(stripe_keys)).status == "expired"


def test_a_first_create_is_not_read_again(stripe_keys, stripe_server):
    create_checkout_session(**checkout(stripe_keys, idempotency_key="cart-77"))
    paths = [(r.method, r.path.split("/cs_")[0]) for r in stripe_server.requests[-1:]]
    assert paths == [("POST", "/v1/checkout/sessions")]
