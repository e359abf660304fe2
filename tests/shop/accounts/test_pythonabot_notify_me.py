"""/user/pythonabot-notify-me records a prospect who wants to hear about the product."""

import pytest

from shop.accounts.models import Prospect
from tests.fixtures.accounts import make_prospect, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_new_address_becomes_a_prospect_off_the_marketing_list(alpha, client_a):
    body = user_post(
        client_a, "pythonabot-notify-me", email_address="pat@example.com", how_excited="4"
    )

    assert body == {"pythonabot_notify_me": "success", "user-api-version": "0.0.1"}
    prospect = Prospect.objects.get()
    assert (prospect.email, prospect.email_unsubscribed) == ("pat@example.com", True)
    assert prospect.prospect_comment == "4 on a scale of 1-5 for how excited they are."
    assert prospect.swa_comment.startswith("This prospect would like to be notified")
    assert prospect.email_unsubscribe_string_signed


def test_a_known_address_is_a_duplicate(alpha, client_a):
    make_prospect("pat@example.com")

    body = user_post(
        client_a, "pythonabot-notify-me", email_address="PAT@example.com", how_excited="5"
    )

    assert body == {
        "pythonabot_notify_me": "duplicate_prospect",
        "errors": {
            "email_address": [
                {
                    "type": "duplicate",
                    "description": "I already know about this email address. "
                    "Please enter a different email address.",
                }
            ],
            "how_excited": True,
        },
        "user-api-version": "0.0.1",
    }


def test_invalid_fields_are_a_validation_error(alpha, client_a):
    body = user_post(client_a, "pythonabot-notify-me", email_address="pat", how_excited="9")

    assert body["pythonabot_notify_me"] == "validation_error"
    assert [e["type"] for e in body["errors"]["email_address"]] == ["not_valid"]
    assert [e["type"] for e in body["errors"]["how_excited"]] == ["out_of_range"]
