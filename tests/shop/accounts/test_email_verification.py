"""Verifying an address: /user/verify-email-address mails a 24-hour code, and
/user/verify-email-address-response takes it back."""

import re

import pytest

from shop.accounts import tokens
from tenants.context import tenant_context
from tests.fixtures.accounts import make_account, user_get, user_post
from tests.shop.accounts.codes_helpers import code_issued

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _mailed_code(message) -> str:
    return re.search(r"email_verification_code=(\S+)", message.text).group(1)


def test_a_member_gets_a_verification_mail_and_the_code_verifies(
    alpha, member_client, smtp_server, django_capture_on_commit_callbacks
):
    member = make_account(email="ada@example.com")
    client = member_client(alpha, member)

    with django_capture_on_commit_callbacks(execute=True):
        body = user_get(client, "verify-email-address")
    [message] = smtp_server.wait_for(1)
    answer = user_post(
        client, "verify-email-address-response", email_verification_code=_mailed_code(message)
    )

    assert body == {"verify_email_address": "verification_email_sent", "user-api-version": "0.0.1"}
    assert message.subject == "Confirm your email address for Alpha Store"
    assert answer == {"verify_email_address_response": "success", "user-api-version": "0.0.1"}
    member.refresh_from_db()
    assert member.email_verified is True
    content = user_get(client, "account-content")["account_content"]["email_data"]
    assert content == {
        "email_address": "ada@example.com",
        "email_verified": True,
        "verification_request_sent_within_24_hours": True,
    }


def test_a_code_works_once(alpha, member_client):
    member = make_account()
    client = member_client(alpha, member)
    code = code_issued(member, purpose=tokens.VERIFICATION)
    user_post(client, "verify-email-address-response", email_verification_code=code)

    again = user_post(client, "verify-email-address-response", email_verification_code=code)

    assert again["verify_email_address_response"] == "code-doesnt-match"


def test_a_superseded_code_does_not_match(alpha, member_client):
    member = make_account()
    client = member_client(alpha, member)
    old = code_issued(member, purpose=tokens.VERIFICATION)
    code_issued(member, purpose=tokens.VERIFICATION)

    body = user_post(client, "verify-email-address-response", email_verification_code=old)

    assert body["verify_email_address_response"] == "code-doesnt-match"


def test_an_expired_code_says_expired(alpha, member_client):
    member = make_account()
    client = member_client(alpha, member)
    code = code_issued(member, purpose=tokens.VERIFICATION, seconds_ago=24 * 3600 + 5)

    body = user_post(client, "verify-email-address-response", email_verification_code=code)

    assert body == {
        "verify_email_address_response": "signature-expired",
        "user-api-version": "0.0.1",
    }


def test_an_altered_code_is_invalid(alpha, member_client):
    member = make_account()
    client = member_client(alpha, member)
    code = code_issued(member, purpose=tokens.VERIFICATION)

    body = user_post(client, "verify-email-address-response", email_verification_code=code + "x")

    assert body["verify_email_address_response"] == "signature-invalid"


def test_a_code_of_another_store_is_invalid(alpha, store_b, member_client):
    member_a = make_account("same_name", email="same@example.com")
    code_from_a = code_issued(member_a, purpose=tokens.VERIFICATION)
    with tenant_context(store_b):
        member_b = make_account("same_name", email="same@example.com")
    client_b = member_client(store_b, member_b)

    body = user_post(client_b, "verify-email-address-response", email_verification_code=code_from_a)

    assert body["verify_email_address_response"] == "signature-invalid"


def test_a_missing_code_is_a_required_error(alpha, member_client):
    client = member_client(alpha, make_account())

    body = user_post(client, "verify-email-address-response")

    assert body["errors"] == {"error": "email-verification-code-required"}


def test_signed_out_callers_are_told_so(alpha, client_a):
    assert user_get(client_a, "verify-email-address")["verify_email_address"] == (
        "user_not_authenticated"
    )
    assert user_post(client_a, "verify-email-address-response", email_verification_code="x") == {
        "verify_email_address_response": "user_not_authenticated",
        "user-api-version": "0.0.1",
    }
