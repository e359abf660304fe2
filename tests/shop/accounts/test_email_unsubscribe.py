"""Unsubscribing from a mail link: lookup, confirm (which rotates the token) and why."""

import pytest

from shop.accounts.models import Emailunsubscribereasons
from tenants.context import tenant_context
from tests.fixtures.accounts import make_account, make_prospect, user_get, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_member_looks_up_confirms_and_says_why_with_the_rotated_token(alpha, client_a):
    member = make_account(email="adalovelace@example.com", newsletter=True)
    token = member.email_unsubscribe_string_signed

    lookup = user_get(client_a, "email-unsubscribe-lookup", token=token)
    confirm = user_post(client_a, "email-unsubscribe-confirm", token=token)
    why = user_post(client_a, "email-unsubscribe-why", token=confirm["token"], spam="true")

    assert lookup == {
        "email_unsubscribe_lookup": "success",
        "email_address": "adal*******@example.com",
        "user-api-version": "0.0.1",
    }
    member.refresh_from_db()
    assert confirm == {
        "email_unsubscribe_confirm": "success",
        "email_address": "adal*******@example.com",
        "token": member.email_unsubscribe_string_signed,
        "user-api-version": "0.0.1",
    }
    assert confirm["token"] != token
    assert (member.email_unsubscribed, member.newsletter_subscriber) == (True, False)
    assert why == {"email_unsubscribe_why": "success", "user-api-version": "0.0.1"}
    assert list(Emailunsubscribereasons.objects.values_list("member", "spam")) == [
        (member.pk, True)
    ]


def test_the_used_token_stops_working(alpha, client_a):
    member = make_account()
    token = member.email_unsubscribe_string_signed
    user_post(client_a, "email-unsubscribe-confirm", token=token)

    body = user_get(client_a, "email-unsubscribe-lookup", token=token)

    assert body["errors"] == {"error": "member-not-found"}


def test_an_unsubscribed_address_says_so_but_can_still_say_why(alpha, client_a):
    member = make_account()
    member.email_unsubscribed = True
    member.save()
    token = member.email_unsubscribe_string_signed

    assert user_get(client_a, "email-unsubscribe-lookup", token=token)["errors"] == {
        "error": "email-address-already-unsubscribed"
    }
    assert user_post(client_a, "email-unsubscribe-confirm", token=token)["errors"] == {
        "error": "email-address-already-unsubscribed"
    }
    assert user_post(client_a, "email-unsubscribe-why", token=token, other="bye") == {
        "email_unsubscribe_why": "success",
        "user-api-version": "0.0.1",
    }


def test_a_prospect_unsubscribes_with_pr_token(alpha, client_a):
    prospect = make_prospect("pat.prospect@example.com", email_unsubscribed=False)

    body = user_post(
        client_a, "email-unsubscribe-confirm", pr_token=prospect.email_unsubscribe_string_signed
    )

    prospect.refresh_from_db()
    assert body["email_address"] == "pat.********@example.com"
    assert prospect.email_unsubscribed is True
    assert body["token"] == prospect.email_unsubscribe_string_signed


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, "token-required"),
        ({"token": "short"}, "token-invalid"),
        ({"token": "<script>alert(1)</script>aaaaaaaaaaaaaaaa"}, "token-invalid"),
        ({"token": "A" * 43}, "member-not-found"),
        ({"pr_token": "A" * 43}, "member-not-found"),
    ],
)
def test_bad_tokens_have_their_error(alpha, client_a, params, error):
    assert user_get(client_a, "email-unsubscribe-lookup", **params) == {
        "email_unsubscribe_lookup": "error",
        "errors": {"error": error},
        "user-api-version": "0.0.1",
    }
    assert user_post(client_a, "email-unsubscribe-why", **params)["errors"] == {"error": error}


def test_an_altered_stored_value_is_token_altered(alpha, client_a):
    member = make_account()
    member.email_unsubscribe_string = "tampered-value-xxxxx"
    member.save()

    body = user_get(
        client_a, "email-unsubscribe-lookup", token=member.email_unsubscribe_string_signed
    )

    assert body["errors"] == {"error": "token-altered"}


def test_a_token_of_another_store_fails(alpha, store_b, client_for):
    token_of_a = make_account().email_unsubscribe_string_signed
    with tenant_context(store_b):
        make_account()

    body = user_post(client_for(store_b), "email-unsubscribe-confirm", token=token_of_a)

    assert body["errors"] == {"error": "member-not-found"}
