"""/user/update-my-information changes names and address; a new address is verified again
and both addresses are told."""

import pytest

from tests.fixtures.accounts import make_account, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_names_change_without_mail(
    alpha, member_client, smtp_server, django_capture_on_commit_callbacks
):
    member = make_account(email="ada@example.com")
    member.email_verified = True
    member.save()
    client = member_client(alpha, member)

    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(
            client, "update-my-information", firstname="Augusta", lastname="King",
            email_address="ada@example.com",
        )  # fmt: skip

    assert body == {"update_my_information": "success", "user-api-version": "0.0.1"}
    member.refresh_from_db()
    assert (member.user.first_name, member.user.last_name) == ("Augusta", "King")
    assert member.email_verified is True
    assert smtp_server.messages == []


def test_a_new_address_is_unverified_and_both_addresses_get_mail(
    alpha, member_client, smtp_server, django_capture_on_commit_callbacks
):
    member = make_account("ada_lovelace", email="ada@example.com")
    member.email_verified = True
    member.save()
    client = member_client(alpha, member)

    with django_capture_on_commit_callbacks(execute=True):
        user_post(
            client, "update-my-information", firstname="Ada", lastname="Lovelace",
            email_address="countess@example.com",
        )  # fmt: skip

    member.refresh_from_db()
    assert member.user.email == "countess@example.com"
    assert member.email_verified is False
    old, new = smtp_server.wait_for(2)
    assert old.rcpt_tos == ["ada@example.com"]
    assert "changed from this address to\ncountess@example.com" in old.text
    assert new.rcpt_tos == ["countess@example.com"]
    assert "email_verification_code=" in new.text


def test_invalid_fields_are_reported_and_nothing_changes(alpha, member_client):
    member = make_account(email="ada@example.com")
    make_account("someone_else", email="taken@example.com")
    client = member_client(alpha, member)

    body = user_post(
        client, "update-my-information", firstname="", lastname="King",
        email_address="TAKEN@example.com",
    )  # fmt: skip

    assert body == {
        "update_my_information": "errors",
        "errors": {
            "firstname": [{"type": "required", "description": "Please enter your first name."}],
            "lastname": True,
            "email-address": [
                {
                    "type": "unavailable",
                    "description": "This email address belongs to another account.",
                }
            ],
        },
        "user-api-version": "0.0.1",
    }
    member.user.refresh_from_db()
    assert member.user.email == "ada@example.com"


def test_signed_out_callers_are_told_so(alpha, client_a):
    assert user_post(client_a, "update-my-information")["update_my_information"] == (
        "user_not_authenticated"
    )
