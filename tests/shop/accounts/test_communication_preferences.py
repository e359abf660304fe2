"""/user/update-communication-preferences: newsletter, unsubscribe and the reasons why."""

import pytest

from shop.accounts.models import Emailunsubscribereasons
from tests.fixtures.accounts import make_account, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_unsubscribing_rotates_the_token_and_records_the_reasons(alpha, member_client):
    member = make_account(newsletter=True)
    token = member.email_unsubscribe_string_signed
    client = member_client(alpha, member)

    body = user_post(
        client, "update-communication-preferences", newsletter="false", email_unsubscribe="true",
        spam="true", other="Too many mails",
    )  # fmt: skip

    assert body == {"update_communication_preferences": "success", "user-api-version": "0.0.1"}
    member.refresh_from_db()
    assert (member.newsletter_subscriber, member.email_unsubscribed) == (False, True)
    assert member.email_unsubscribe_string_signed != token
    assert list(
        Emailunsubscribereasons.objects.values_list("member", "spam", "never_signed_up", "other")
    ) == [(member.pk, True, False, "Too many mails")]


def test_subscribing_to_the_newsletter_keeps_the_token_and_records_nothing(alpha, member_client):
    member = make_account()
    token = member.email_unsubscribe_string_signed

    user_post(
        member_client(alpha, member), "update-communication-preferences",
        newsletter="true", email_unsubscribe="false",
    )  # fmt: skip

    member.refresh_from_db()
    assert member.newsletter_subscriber is True
    assert member.email_unsubscribe_string_signed == token
    assert not Emailunsubscribereasons.objects.exists()


def test_newsletter_and_unsubscribe_together_are_invalid(alpha, member_client):
    body = user_post(
        member_client(alpha, make_account()), "update-communication-preferences",
        newsletter="true", email_unsubscribe="true",
    )  # fmt: skip

    assert body == {
        "update_communication_preferences": "errors",
        "errors": {"invalid_data": "The request included an invalid data combination."},
        "user-api-version": "0.0.1",
    }


def test_missing_flags_are_data_missing(alpha, member_client):
    body = user_post(member_client(alpha, make_account()), "update-communication-preferences")

    assert body["errors"] == {"data_missing": "Required data was missing from the request."}
