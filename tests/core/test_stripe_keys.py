"""Stripe keys are checked for shape and never shown in full."""

import pytest
from core.secrets import InvalidStripeKeys, StripeKeys, masked

KEYS = StripeKeys(
    publishable_key="pk_test_51Hpublishable0000wxyz",
    secret_key="sk_test_51Hsecretsecretsecret1234",
    webhook_secret="whsec_webhooksecretwebhook9876",
)


def test_masked_shows_only_the_prefix_and_the_last_four():
    assert masked("sk_test_51Hsecretsecretsecret1234") == "sk_test_****1234"
    assert masked("sk_live_51Hsecretsecretsecret1234") == "sk_live_****1234"
    assert masked("whsec_webhooksecretwebhook9876") == "whsec_****9876"
    assert masked("rk_live_abcdefghijklmnop") == "rk_live_****mnop"


def test_masked_shows_no_tail_of_a_short_value():
    assert masked("sk_test_short") == "sk_test_****"
    assert masked("opaque") == "****"
    assert masked("") == ""


def test_repr_and_str_of_keys_hold_no_full_secret():
    for text in (repr(KEYS), str(KEYS), f"{KEYS}"):
        assert KEYS.secret_key not in text
        assert KEYS.webhook_secret not in text
        assert "sk_test_****1234" in text


def test_keys_round_trip_through_json():
    assert StripeKeys.from_json(KEYS.to_json()) == KEYS


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("publishable_key", "sk_test_wrongkind"),
        ("secret_key", "pk_test_wrongkind"),
        ("webhook_secret", "sk_test_wrongkind"),
        ("secret_key", "sk_test_with space"),
        ("secret_key", "sk_" + "x" * 300),
        ("secret_key", ""),
    ],
)
def test_keys_of_the_wrong_shape_are_refused(field, value):
    fields = {
        "publishable_key": KEYS.publishable_key,
        "secret_key": KEYS.secret_key,
        "webhook_secret": KEYS.webhook_secret,
    }
    fields[field] = value

    with pytest.raises(InvalidStripeKeys) as caught:
        StripeKeys(**fields)

    assert field in str(caught.value)
    assert value not in str(caught.value) or value == ""


def test_restricted_keys_are_accepted_as_secret_keys():
    keys = StripeKeys(
        publishable_key=KEYS.publishable_key,
        secret_key="rk_live_restrictedkey000",
        webhook_secret=KEYS.webhook_secret,
    )
    assert keys.secret_key == "rk_live_restrictedkey000"
