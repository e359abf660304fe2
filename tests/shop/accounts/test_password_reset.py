"""Resetting a forgotten password: /user/reset-password mails a 1-hour code, and
/user/set-new-password uses it."""

import re

import pytest

from shop.accounts import tokens
from tenants.context import tenant_context
from tests.fixtures.accounts import PASSWORD, make_account, user_post
from tests.shop.accounts.codes_helpers import code_issued

pytestmark = pytest.mark.django_db(databases=["default", "second"])

NEW = "Difference-Engine-2"


def _set(client, **fields):
    form = {
        "username": "ada_lovelace",
        "new_password": NEW,
        "confirm_new_password": NEW,
        **fields,
    }
    return user_post(client, "set-new-password", **form)


def test_a_matching_username_and_address_get_a_reset_mail_that_works(
    alpha, client_a, smtp_server, django_capture_on_commit_callbacks
):
    member = make_account("ada_lovelace", email="ada@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(
            client_a, "reset-password", username="ada_lovelace", email_address="ADA@example.com"
        )
    [message] = smtp_server.wait_for(1)
    code = re.search(r"password_reset_code=(\S+)", message.text).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        answer = _set(client_a, password_reset_code=code)

    assert body == {"reset_password": "success", "user-api-version": "0.0.1"}
    assert "within 1 hour" in message.text
    assert answer == {"set_new_password": "success", "user-api-version": "0.0.1"}
    member.user.refresh_from_db()
    assert member.user.check_password(NEW)
    [_, changed] = smtp_server.wait_for(2)
    assert changed.subject == "Your Alpha Store password was changed"


def test_an_unknown_username_or_a_wrong_address_answers_the_same_and_mails_nothing(
    alpha, client_a, smtp_server, django_capture_on_commit_callbacks
):
    make_account("ada_lovelace", email="ada@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        unknown = user_post(
            client_a, "reset-password", username="nobody_here", email_address="a@b.co"
        )
        wrong = user_post(
            client_a, "reset-password", username="ada_lovelace", email_address="eve@example.com"
        )

    assert unknown == wrong == {"reset_password": "success", "user-api-version": "0.0.1"}
    assert smtp_server.messages == []


def test_a_code_older_than_an_hour_says_expired(alpha, client_a):
    member = make_account("ada_lovelace")
    code = code_issued(member, purpose=tokens.RESET, seconds_ago=3601)

    assert _set(client_a, password_reset_code=code) == {
        "set_new_password": "signature-expired",
        "user-api-version": "0.0.1",
    }


def test_a_code_works_once(alpha, client_a):
    member = make_account("ada_lovelace")
    code = code_issued(member, purpose=tokens.RESET)
    _set(client_a, password_reset_code=code)

    again = _set(
        client_a,
        password_reset_code=code,
        new_password="Other-Engine-3",
        confirm_new_password="Other-Engine-3",
    )

    assert again["set_new_password"] == "code-doesnt-match"


def test_an_unknown_username_says_so(alpha, client_a):
    body = _set(client_a, username="nobody_here", password_reset_code="x:y:z")

    assert body == {
        "set_new_password": "username-not-found",
        "error": "No account with that username could be found.",
        "user-api-version": "0.0.1",
    }


def test_a_weak_new_password_is_a_password_error(alpha, client_a):
    member = make_account("ada_lovelace")
    code = code_issued(member, purpose=tokens.RESET)

    body = _set(
        client_a, password_reset_code=code, new_password="weak", confirm_new_password="weak"
    )

    assert body["set_new_password"] == "password-error"
    assert [e["type"] for e in body["errors"]["new-password"]] == [
        "too_short",
        "no_capital_letter",
        "no_special_character",
    ]
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_a_reset_code_of_another_store_fails(alpha, store_b, client_for):
    code_from_a = code_issued(make_account("ada_lovelace"), purpose=tokens.RESET)
    with tenant_context(store_b):
        member_b = make_account("ada_lovelace")
        code_issued(member_b, purpose=tokens.RESET)

    body = _set(client_for(store_b), password_reset_code=code_from_a)

    assert body["set_new_password"] == "signature-invalid"
    with tenant_context(store_b):
        member_b.user.refresh_from_db()
        assert member_b.user.check_password(PASSWORD)


def test_missing_fields_are_required_errors(alpha, client_a):
    assert user_post(client_a, "set-new-password")["errors"] == {"error": "username-required"}
    assert user_post(client_a, "set-new-password", username="ada_lovelace")["errors"] == {
        "error": "password-reset-code-required"
    }
    assert user_post(client_a, "reset-password")["errors"] == {"error": "username-required"}
    assert user_post(client_a, "reset-password", username="ada_lovelace")["errors"] == {
        "error": "email-address-required"
    }
