"""Keys typed at signup: sandbox keys only where the sandbox is usable (DEBUG and
STRIPE_SANDBOX_URL); everywhere else they are refused with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from stripe_sandbox.keys import new_sandbox_keys

from control_plane.signup.services import parse_stripe_keys


def typed(keys) -> dict[str, str]:
    return {
        "publishable_key": keys.publishable_key,
        "secret_key": keys.secret_key,
        "webhook_secret": keys.webhook_secret,
    }


@pytest.mark.parametrize(
    ("debug", "sandbox_url"), [(False, "http://127.0.0.1:12111"), (True, None), (False, None)]
)
def test_sandbox_keys_are_refused_without_a_usable_sandbox(settings, debug, sandbox_url):
    settings.DEBUG = debug
    settings.STRIPE_SANDBOX_URL = sandbox_url

    with pytest.raises(ValidationError) as caught:
        parse_stripe_keys(**typed(new_sandbox_keys()))

    [error] = caught.value.error_dict["stripe_keys"]
    assert error.code == "sandbox"
    assert "sandbox keys, for development only" in error.message


def test_sandbox_keys_are_taken_in_development(settings):
    settings.DEBUG = True
    settings.STRIPE_SANDBOX_URL = "http://127.0.0.1:12111"
    keys = new_sandbox_keys()

    assert parse_stripe_keys(**typed(keys)) == keys


def test_ordinary_test_keys_are_taken_whatever_the_sandbox(settings):
    settings.DEBUG = False
    settings.STRIPE_SANDBOX_URL = None

    keys = parse_stripe_keys(
        publishable_key="pk_test_signupPublishable01",
        secret_key="sk_test_signupSecretValue01",
        webhook_secret="whsec_signupWebhookSecret01",
    )

    assert keys is not None and not keys.is_sandbox
