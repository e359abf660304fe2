"""/user/put-chat-message stores the message, links its sender and tells the owner."""

import pytest

from shop.accounts.models import Chatmessage, Prospect
from shop.emails.models import StoreSettings
from tests.fixtures.accounts import make_account, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_visitor_becomes_a_prospect_and_the_owner_gets_the_message(
    alpha, client_a, smtp_server, django_capture_on_commit_callbacks
):
    StoreSettings.objects.update(owner_address="boss@alpha.example")

    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(
            client_a, "put-chat-message", name="Pat", email_address="pat@example.com",
            message="Do you ship to Canada? <b>bold</b>",
        )  # fmt: skip

    assert body == {"put_chat_message": "true", "user-api-version": "0.0.1"}
    prospect = Prospect.objects.get(email="pat@example.com")
    assert (prospect.email_unsubscribed, prospect.swa_comment) == (
        True,
        "Captured from chat message submission",
    )
    assert prospect.email_unsubscribe_string_signed
    assert list(Chatmessage.objects.values_list("prospect", "member", "message")) == [
        (prospect.pk, None, "Do you ship to Canada? <b>bold</b>")
    ]
    [message] = smtp_server.wait_for(1)
    assert message.rcpt_tos == ["boss@alpha.example"]
    assert message.subject == "New chat message on Alpha Store from Pat"
    assert "From: Pat <pat@example.com>" in message.text
    assert "Do you ship to Canada? <b>bold</b>" in message.text


def test_a_signed_in_member_is_linked(alpha, member_client):
    member = make_account()

    user_post(
        member_client(alpha, member), "put-chat-message", name="Sam",
        email_address="other@example.com", message="Hello",
    )  # fmt: skip

    assert list(Chatmessage.objects.values_list("member", "prospect")) == [(member.pk, None)]
    assert not Prospect.objects.exists()


def test_a_known_address_links_its_member(alpha, client_a):
    member = make_account(email="sam@example.com")

    user_post(
        client_a, "put-chat-message", name="Sam", email_address="SAM@example.com", message="Hi"
    )

    assert list(Chatmessage.objects.values_list("member", flat=True)) == [member.pk]


def test_invalid_fields_are_a_validation_error(alpha, client_a):
    body = user_post(client_a, "put-chat-message", name="Pat", email_address="pat@")

    assert body == {
        "put_chat_message": "validation_error",
        "errors": {
            "name": True,
            "email_address": [
                {"type": "not_valid", "description": "Please enter a valid email address."}
            ],
            "message": [{"type": "required", "description": "Please enter a message."}],
        },
        "user-api-version": "0.0.1",
    }
    assert not Chatmessage.objects.exists()
