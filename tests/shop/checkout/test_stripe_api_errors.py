"""Stripe's refusals and outages reach the store as its own typed errors, never as 500s."""

from decimal import Decimal

import pytest
from core.secrets import StripeKeys, get_secret_store

from shop.checkout.errors import (
    CheckoutSessionNotFound,
    PaymentsNotConfigured,
    StripeApiError,
    StripeKeysRefused,
    StripeUnavailable,
)
from shop.checkout.stripe_api import (
    create_checkout_session,
    expire_checkout_session,
    get_store_keys,
    retrieve_checkout_session,
)
from tests.fakes.net import free_port
from tests.fixtures.stripe import keys_of
from tests.shop.checkout.checkout_values import checkout


def test_a_revoked_secret_key_is_keys_refused(stripe_keys):
    revoked = StripeKeys(
        publishable_key=stripe_keys.publishable_key,
        secret_key="sk_test_revokedrevokedrevoked0000",
        webhook_secret=stripe_keys.webhook_secret,
    )

    with pytest.raises(StripeKeysRefused) as caught:
        create_checkout_session(**checkout(revoked))

    assert (caught.value.code, caught.value.http_status) == ("stripe-error", 503)
    assert caught.value.extra == {"description": "Stripe refused this store's API key."}


def test_an_unreachable_stripe_is_unavailable(stripe_keys, settings):
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(StripeUnavailable) as caught:
        create_checkout_session(**checkout(stripe_keys))

    assert (caught.value.code, caught.value.http_status) == ("stripe-error", 503)


def test_a_request_stripe_rejects_is_a_stripe_error_with_its_message(stripe_keys):
    with pytest.raises(StripeApiError) as caught:
        create_checkout_session(**checkout(stripe_keys, customer_email="not-an-email"))

    assert caught.value.code == "stripe-error"
    assert caught.value.extra == {"description": "Invalid email address: not-an-email"}


def test_another_stores_session_is_not_found(stripe_keys, stripe_server):
    theirs = keys_of(stripe_server.add_account())
    session = create_checkout_session(**checkout(theirs))

    with pytest.raises(CheckoutSessionNotFound) as caught:
        retrieve_checkout_session(keys=stripe_keys, session_id=session.session_id)

    assert (caught.value.code, caught.value.http_status) == ("invalid-session", 404)
    with pytest.raises(CheckoutSessionNotFound):
        expire_checkout_session(keys=stripe_keys, session_id=session.session_id)


@pytest.mark.parametrize(
    "session_id", ["", "pi_123", "cs_test_../../v1/coupons", "cs_" + "a" * 300, "cs_test_a b"]
)
def test_a_malformed_session_id_is_not_found_without_asking_stripe(
    stripe_keys, stripe_server, session_id
):
    before = len(stripe_server.requests)

    with pytest.raises(CheckoutSessionNotFound):
        retrieve_checkout_session(keys=stripe_keys, session_id=session_id)

    assert len(stripe_server.requests) == before


def test_an_expired_session_cannot_be_expired_again(stripe_keys):
    session = create_checkout_session(**checkout(stripe_keys))

    assert expire_checkout_session(keys=stripe_keys, session_id=session.session_id).status == (
        "expired"
    )
    with pytest.raises(StripeApiError, match="status in"):
        expire_checkout_session(keys=stripe_keys, session_id=session.session_id)


@pytest.mark.django_db(databases=["default", "second"])
def test_a_store_without_keys_does_not_take_payments(store_a):
    get_secret_store().delete_tenant_stripe_keys(store_a.pk)

    with pytest.raises(PaymentsNotConfigured) as caught:
        get_store_keys(tenant_id=store_a.pk)

    assert (caught.value.code, caught.value.http_status) == ("stripe-error", 503)


@pytest.mark.django_db(databases=["default", "second"])
def test_a_store_with_keys_checks_out_with_its_own_account(store_a, store_stripe, stripe_server):
    account = store_stripe(store_a)

    keys = get_store_keys(tenant_id=store_a.pk)
    session = create_checkout_session(**checkout(keys, total=Decimal("14.20")))

    assert keys.secret_key == account.secret_key
    assert stripe_server.account_for(session.session_id) is account
