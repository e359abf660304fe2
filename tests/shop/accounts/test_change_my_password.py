"""/user/change-my-password: the current password, then a new one by the rules."""

import pytest

from tests.fixtures.accounts import PASSWORD, make_account, user_get, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])

NEW = "Difference-Engine-2"


def test_a_new_password_keeps_the_member_signed_in_and_is_confirmed_by_mail(
    alpha, member_client, smtp_server, django_capture_on_commit_callbacks
):
    member = make_account("ada_lovelace", email="ada@example.com")
    client = member_client(alpha, member)

    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(
            client, "change-my-password", current_password=PASSWORD, new_password=NEW,
            confirm_new_password=NEW,
        )  # fmt: skip

    assert body == {"change_my_password": "success", "user-api-version": "0.0.1"}
    member.user.refresh_from_db()
    assert member.user.check_password(NEW)
    assert user_get(client, "logged-in")["logged_in"] is True
    [message] = smtp_server.wait_for(1)
    assert message.subject == "Your Alpha Store password was changed"


def test_a_wrong_current_password_is_refused(alpha, member_client):
    client = member_client(alpha, make_account())

    body = user_post(
        client, "change-my-password", current_password="nope", new_password=NEW,
        confirm_new_password=NEW,
    )  # fmt: skip

    assert body["change_my_password"] == "errors"
    assert body["errors"] == {
        "current-password": [
            {
                "type": "current_password_invalid",
                "description": "The current password is not correct.",
            }
        ]
    }


def test_the_same_password_again_is_refused(alpha, member_client):
    client = member_client(alpha, make_account())

    body = user_post(
        client, "change-my-password", current_password=PASSWORD, new_password=PASSWORD,
        confirm_new_password=PASSWORD,
    )  # fmt: skip

    assert [e["type"] for e in body["errors"]["password"]] == [
        "new_password_same_as_current_password"
    ]


def test_a_weak_password_is_refused_with_the_rules(alpha, member_client):
    client = member_client(alpha, make_account())

    body = user_post(
        client, "change-my-password", current_password=PASSWORD, new_password="weakpassword",
        confirm_new_password="weakpassword2",
    )  # fmt: skip

    assert [e["type"] for e in body["errors"]["password"]] == [
        "no_capital_letter",
        "no_special_character",
        "confirm_password_doesnt_match",
    ]


def test_signed_out_callers_are_told_so(alpha, client_a):
    assert user_post(client_a, "change-my-password")["change_my_password"] == (
        "user_not_authenticated"
    )
