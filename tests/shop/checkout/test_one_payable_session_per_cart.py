"""Only one Checkout Session of a cart can be paid: a changed cart's new session expires the
one handed out before, and a cart whose earlier session was paid meanwhile (another tab) is
not offered a second payment."""

import pytest

from tests.fixtures.shop import add_to_cart, order_post
from tests.shop.checkout.journey import cart_of, fill_cart, start_checkout

pytestmark = pytest.mark.django_db


def test_a_changed_cart_gets_a_new_session_and_the_old_one_is_expired(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    clip, _ = fill_cart(client, store_a)
    first = start_checkout(client)["session_id"]

    add_to_cart(client, clip, 1)
    second = start_checkout(client)["session_id"]

    assert second != first
    assert stripe_server.get_session(first)["status"] == "expired"
    assert stripe_server.get_session(second)["status"] == "open"
    assert cart_of(store_a, stripe_server.get_session(second)).checkout_session_id == second


def test_a_double_click_on_an_unchanged_cart_keeps_its_one_open_session(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    fill_cart(client, store_a)

    sessions = {start_checkout(client)["session_id"] for _ in range(2)}

    [session] = sessions
    assert stripe_server.get_session(session)["status"] == "open"


def test_a_cart_paid_in_another_tab_is_not_offered_a_second_payment(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    clip, _ = fill_cart(client, store_a)
    paid = start_checkout(client)["session_id"]
    stripe_server.complete_session(paid, deliver=False)  # the other tab pays; no webhook yet
    add_to_cart(client, clip, 1)
    before = set(stripe_server.accounts[alpha_payments.secret_key].sessions)

    body = order_post(client, "create-checkout-session", agree_to_terms_of_sale="true")

    assert (body["create_checkout_session"], body["errors"]["error"]) == (
        "error",
        "cart-already-paid",
    )
    # the session made meanwhile was expired: nothing of this cart is payable any more
    [made] = set(stripe_server.accounts[alpha_payments.secret_key].sessions) - before
    assert stripe_server.get_session(made)["status"] == "expired"
    assert stripe_server.get_session(paid)["status"] == "complete"


def test_an_expired_earlier_session_is_simply_replaced(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    clip, _ = fill_cart(client, store_a)
    first = start_checkout(client)["session_id"]
    stripe_server.expire_session(first, deliver=False)  # Stripe's 24 hours ran out
    add_to_cart(client, clip, 1)

    body = order_post(client, "create-checkout-session", agree_to_terms_of_sale="true")

    assert body["create_checkout_session"] == "success"
    assert stripe_server.get_session(body["session_id"])["status"] == "open"


def test_an_unchanged_cart_whose_session_was_paid_is_not_offered_another(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    paid = start_checkout(client)["session_id"]
    stripe_server.complete_session(paid, deliver=False)

    body = order_post(client, "create-checkout-session", agree_to_terms_of_sale="true")

    assert body["errors"]["error"] == "cart-already-paid"
    statuses = {
        s["id"]: s["status"]
        for s in stripe_server.accounts[alpha_payments.secret_key].sessions.values()
    }
    assert statuses.pop(paid) == "complete"
    assert set(statuses.values()) == {"expired"}
