"""/user/forgot-username mails the username to the account with that address."""

import pytest

from tests.fixtures.accounts import make_account, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_username_is_mailed_to_its_address(
    alpha, client_a, smtp_server, django_capture_on_commit_callbacks
):
    make_account("ada_lovelace", email="ada@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(client_a, "forgot-username", email_address="Ada@Example.com")

    assert body == {"forgot_username": "success", "user-api-version": "0.0.1"}
    [message] = smtp_server.wait_for(1)
    assert message.rcpt_tos == ["ada@example.com"]
    assert "Your username is: ada_lovelace" in message.text
    assert "https://alpha.platform.test/login" in message.text


def test_an_unknown_address_answers_the_same_and_mails_nothing(
    alpha, client_a, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(client_a, "forgot-username", email_address="nobody@example.com")

    assert body == {"forgot_username": "success", "user-api-version": "0.0.1"}
    assert smtp_server.messages == []


def test_a_missing_address_is_a_required_error(alpha, client_a):
    assert user_post(client_a, "forgot-username") == {
        "forgot_username": "error",
        "errors": {"error": "email-address-required"},
        "user-api-version": "0.0.1",
    }
