"""send_email delivers a store's template over real SMTP and records it only when sent."""

import pytest

from shop.emails import codes
from shop.emails.errors import EmailSendError, EmailTemplateMissing
from shop.emails.models import Email, Emailsent, StoreSettings
from shop.emails.services import send_email
from tests.fixtures.shop import make_member

pytestmark = pytest.mark.django_db(databases=["default", "second"])

RESET_CONTEXT = {
    "recipient_first_name": "Ada",
    "username": "ada_lovelace",
    "password_reset_code": "the-code",
}


def test_a_member_mail_arrives_from_the_store_sender_with_its_content(in_store_a, smtp_server):
    member = make_member("ada_lovelace", email="ada@example.com")

    sent = send_email(
        em_cd=codes.PASSWORD_RESET, to=["ada@example.com"], context=RESET_CONTEXT, member=member
    )

    [message] = smtp_server.wait_for(1)
    assert message["From"] == "Alpha Store <no-reply@alpha.platform.test>"
    assert message["To"] == "ada@example.com"
    assert message.rcpt_tos == ["ada@example.com"]
    assert message.subject == "Reset your Alpha Store password"
    assert message["X-Storefleet-Store"] == in_store_a.schema_name
    assert "Hello Ada," in message.text
    assert (
        "https://alpha.platform.test/set-new-password?password_reset_code=the-code" in message.text
    )
    assert list(Emailsent.objects.values_list("pk", "member", "prospect", "transactional")) == [
        (sent.pk, member.pk, None, True)
    ]


def test_the_store_settings_choose_sender_and_links(in_store_a, smtp_server):
    StoreSettings.objects.filter(pk=1).update(
        sender_address="Alpha Shop <hello@alpha.example>", site_url="https://shop.alpha.example/"
    )

    send_email(em_cd=codes.PASSWORD_RESET, to=["ada@example.com"], context=RESET_CONTEXT)

    [message] = smtp_server.wait_for(1)
    assert message["From"] == "Alpha Shop <hello@alpha.example>"
    assert "https://shop.alpha.example/set-new-password?" in message.text


def test_mail_to_no_member_or_prospect_is_sent_but_not_recorded(in_store_a, smtp_server):
    sent = send_email(em_cd=codes.PASSWORD_RESET, to=["x@example.com"], context=RESET_CONTEXT)

    assert sent is None
    assert len(smtp_server.wait_for(1)) == 1
    assert not Emailsent.objects.exists()


def test_bcc_address_receives_a_copy_without_being_named(in_store_a, smtp_server):
    Email.objects.filter(em_cd=codes.PASSWORD_RESET).update(bcc_address="audit@alpha.example")

    send_email(em_cd=codes.PASSWORD_RESET, to=["ada@example.com"], context=RESET_CONTEXT)

    [message] = smtp_server.wait_for(1)
    assert message.rcpt_tos == ["ada@example.com", "audit@alpha.example"]
    assert message["Bcc"] is None


def test_a_missing_template_is_a_typed_error(in_store_a, smtp_server):
    with pytest.raises(EmailTemplateMissing) as raised:
        send_email(em_cd="no-such-template", to=["ada@example.com"], context={})

    assert raised.value.code == "email-template-missing"
    assert smtp_server.messages == []


def test_a_refusing_mail_server_is_an_email_send_error_and_nothing_is_recorded(
    in_store_a, smtp_server
):
    member = make_member("ada_lovelace", email="ada@example.com")
    smtp_server.refuse(554, "5.7.1 no thanks")

    with pytest.raises(EmailSendError) as raised:
        send_email(
            em_cd=codes.PASSWORD_RESET, to=["ada@example.com"], context=RESET_CONTEXT, member=member
        )

    assert raised.value.code == "email-send-failed"
    assert not Emailsent.objects.exists()


def test_an_unreachable_mail_server_is_an_email_send_error(in_store_a, smtp_server):
    smtp_server.stop()

    with pytest.raises(EmailSendError):
        send_email(em_cd=codes.PASSWORD_RESET, to=["ada@example.com"], context=RESET_CONTEXT)


def test_extra_headers_are_sent(in_store_a, smtp_server):
    send_email(
        em_cd=codes.PASSWORD_RESET,
        to=["ada@example.com"],
        context=RESET_CONTEXT,
        headers={"List-Unsubscribe": "<https://alpha.platform.test/u>"},
    )

    [message] = smtp_server.wait_for(1)
    assert message["List-Unsubscribe"] == "<https://alpha.platform.test/u>"
