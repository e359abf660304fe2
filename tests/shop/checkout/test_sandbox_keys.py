"""Sandbox keys (sk_test_sandbox_...) reach the Stripe sandbox in development only: with DEBUG
and STRIPE_SANDBOX_URL they go there, otherwise they are refused before any request is made, so
they never reach Stripe (nor STRIPE_API_BASE). Other keys are not affected."""

from collections.abc import Iterator

import pytest
from stripe_sandbox import StripeSandbox
from stripe_sandbox.keys import new_sandbox_keys

from shop.checkout.errors import StripeKeysRefused
from shop.checkout.stripe_api import create_checkout_session, retrieve_checkout_session
from tests.fixtures.stripe import keys_of
from tests.shop.checkout.checkout_values import checkout

REFUSED = (
    "These are Stripe sandbox keys, for development only: they work only with DEBUG on and "
    "STRIPE_SANDBOX_URL set."
)


@pytest.fixture
def sandbox() -> Iterator[StripeSandbox]:
    """A second sandbox, playing the development one (STRIPE_SANDBOX_URL); `stripe_server`
    plays STRIPE_API_BASE."""
    with StripeSandbox() as server:
        yield server


@pytest.fixture
def sandbox_keys(sandbox):
    keys = new_sandbox_keys()
    sandbox.register_account(
        name="Alpha Store",
        secret_key=keys.secret_key,
        publishable_key=keys.publishable_key,
        webhook_secret=keys.webhook_secret,
    )
    return keys


def test_new_sandbox_keys_carry_the_sandbox_prefixes():
    keys = new_sandbox_keys()

    assert keys.secret_key.startswith("sk_test_sandbox_")
    assert keys.publishable_key.startswith("pk_test_sandbox_")
    assert keys.webhook_secret.startswith("whsec_sandbox_")
    assert keys.is_sandbox and keys.test_mode
    assert keys != new_sandbox_keys()


@pytest.mark.parametrize(
    ("debug", "configured"),
    [(False, True), (False, False), (True, False)],
    ids=["debug-off", "nothing", "no-sandbox-url"],
)
def test_sandbox_keys_are_refused_unless_debug_and_a_sandbox(
    settings, stripe_server, stripe_api_base, sandbox, sandbox_keys, debug, configured
):
    settings.DEBUG = debug
    settings.STRIPE_SANDBOX_URL = sandbox.base_url if configured else None
    stripe_server.add_account(  # even were STRIPE_API_BASE to know these keys
        secret_key=sandbox_keys.secret_key,
        publishable_key=sandbox_keys.publishable_key,
        webhook_secret=sandbox_keys.webhook_secret,
    )
    seen = len(stripe_server.requests), len(sandbox.requests)

    with pytest.raises(StripeKeysRefused) as caught:
        create_checkout_session(**checkout(sandbox_keys))
    with pytest.raises(StripeKeysRefused):
        retrieve_checkout_session(keys=sandbox_keys, session_id="cs_test_abc")

    assert caught.value.extra == {"description": REFUSED}
    assert (len(stripe_server.requests), len(sandbox.requests)) == seen


def test_sandbox_keys_go_to_the_sandbox_in_development(
    settings, stripe_server, stripe_api_base, sandbox, sandbox_keys
):
    settings.DEBUG = True
    settings.STRIPE_SANDBOX_URL = sandbox.base_url
    before = len(stripe_server.requests)

    session = create_checkout_session(**checkout(sandbox_keys))

    assert sandbox.get_session(session.session_id)["amount_total"] == 1420
    assert sandbox.account_for(session.session_id).name == "Alpha Store"
    again = retrieve_checkout_session(keys=sandbox_keys, session_id=session.session_id)
    assert again.session_id == session.session_id
    assert len(stripe_server.requests) == before


def test_other_test_keys_still_go_to_stripe_api_base(settings, stripe_server, sandbox, stripe_keys):
    settings.DEBUG = True
    settings.STRIPE_SANDBOX_URL = sandbox.base_url

    session = create_checkout_session(**checkout(stripe_keys))

    assert stripe_server.get_session(session.session_id)["amount_total"] == 1420
    assert sandbox.requests == []


def test_keys_of_a_sandbox_account_are_plain_test_keys(stripe_account):
    assert not keys_of(stripe_account).is_sandbox
