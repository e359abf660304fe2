"""Passwords, codes and tokens never reach a log line: the whole signup, verify, reset and
unsubscribe journey is run with every logger at DEBUG and the records are searched."""

import logging
import re

import pytest
from django.core import mail

from shop.accounts.models import Member
from tests.fixtures.accounts import user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])

PASSWORD = "Analytical-Engine-1"
NEW_PASSWORD = "Difference-Engine-2"


def _code(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(1)


def test_no_password_code_or_token_is_logged(
    alpha, client_a, caplog, django_capture_on_commit_callbacks
):
    def post(endpoint, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return user_post(client_a, endpoint, **data)

    with caplog.at_level(logging.DEBUG):
        post(
            "create-account", firstname="Ada", lastname="Lovelace", username="ada_lovelace",
            email_address="ada@example.com", password=PASSWORD, confirm_password=PASSWORD,
        )  # fmt: skip
        verification = _code(r"email_verification_code=(\S+)")
        post("verify-email-address-response", email_verification_code=verification)
        post("logout")
        post("reset-password", username="ada_lovelace", email_address="ada@example.com")
        reset = _code(r"password_reset_code=(\S+)")
        post(
            "set-new-password", username="ada_lovelace", password_reset_code=reset,
            new_password=NEW_PASSWORD, confirm_new_password=NEW_PASSWORD,
        )  # fmt: skip
        token = Member.objects.get().email_unsubscribe_string_signed
        new_token = post("email-unsubscribe-confirm", token=token)["token"]

    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {getattr(record, 'request', '')}"
        for record in caplog.records
    )
    assert len(mail.outbox) == 3
    assert caplog.records  # the journey did log (the search below can find something)
    for secret in (PASSWORD, NEW_PASSWORD, verification, reset, token, new_token):
        assert secret not in logged
        assert secret.split(":")[0] not in logged
