"""The return page (`checkout-session-success?session_id=`) places the order through the same
function as the webhook, so whichever comes first makes it and the other finds it."""

import pytest

from shop.orders.models import Order, Orderpayment
from tenants.context import tenant_context
from tests.fixtures.shop import order_get
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db


def _error(body):
    return body["checkout_session_success"], body["errors"]["error"]


def test_the_success_page_first_then_the_webhook_make_one_order_and_one_email(
    store_a,
    alpha_payments,
    client_for,
    stripe_server,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client, anonymous_email_address="first@example.com")["session_id"]
    event = pay(stripe_server, session_id)

    with django_capture_on_commit_callbacks(execute=True):
        success = order_get(client, "checkout-session-success", session_id=session_id)
    with django_capture_on_commit_callbacks(execute=True):
        hook = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    assert success["checkout_session_success"] == "success"
    assert hook.status_code == 200
    assert hook.json()["order_identifier"] == success["order_identifier"]
    with tenant_context(store_a):
        assert (Order.objects.count(), Orderpayment.objects.count()) == (1, 1)
    assert [m.rcpt_tos for m in smtp_server.wait_for(1)] == [["first@example.com"]]
    assert len(smtp_server.messages) == 1


def test_a_missing_session_id_is_session_id_required(store_a, client_for):
    body = order_get(client_for(store_a), "checkout-session-success")
    assert _error(body) == ("error", "session-id-required")


@pytest.mark.parametrize(
    "session_id", ["abc", "cs_", "cs_" + "x" * 300, "../cs_1", "cs_test_é", "-1", "0"]
)
def test_a_malformed_session_id_is_invalid_session(store_a, alpha_payments, client_for, session_id):
    body = order_get(client_for(store_a), "checkout-session-success", session_id=session_id)
    assert _error(body) == ("error", "invalid-session")


def test_another_store_session_is_invalid_session_here(
    store_a, store_b, alpha_payments, store_stripe, client_for, stripe_server
):
    # given a paid session of store B
    store_stripe(store_b)
    bravo = client_for(store_b)
    fill_cart(bravo, store_b)
    session_id = start_checkout(bravo)["session_id"]
    pay(stripe_server, session_id)

    # when a shopper of store A presents it
    body = order_get(client_for(store_a), "checkout-session-success", session_id=session_id)

    # then store A's Stripe account does not know it
    assert _error(body) == ("error", "invalid-session")
    with tenant_context(store_a):
        assert not Order.objects.exists()
    with tenant_context(store_b):
        assert not Order.objects.exists()


def test_an_unpaid_session_is_payment_not_completed(store_a, alpha_payments, client_for):
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]

    body = order_get(client, "checkout-session-success", session_id=session_id)

    assert _error(body) == ("error", "payment-not-completed")


def test_a_store_without_stripe_keys_answers_stripe_error(seeded_stores, store_b, client_for):
    body = order_get(client_for(store_b), "checkout-session-success", session_id="cs_test_1")
    assert _error(body) == ("error", "stripe-error")
