"""Send Draft sends one preview, marked *** DRAFT ***, to the email's BCC address (or the
store owner), rendered for the first recipient, with no List-Unsubscribe; nothing is recorded."""

import pytest

from shop.campaigns.drafts import send_draft
from shop.campaigns.errors import EmailNotSendable
from shop.campaigns.models import Campaign
from shop.emails import codes
from shop.emails.models import Email, Emailsent, Emailstatus, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_one_draft_goes_to_the_bcc_address_rendered_for_the_first_recipient(
    in_store_a, smtp_server
):
    ada = make_member("ada", first_name="Ada")
    make_member("bob")
    email = make_marketing_email(
        Emailtype.MEMBER,
        status=Emailstatus.DRAFT,
        body_text="{draft_text}Hello {recipient_first_name}, {ENVIRONMENT_DOMAIN}/news",
        bcc_address="marketing@alpha.example",
    )

    draft = send_draft(email=email)

    [message] = smtp_server.wait_for(1)
    assert (draft.to, draft.recipient_count) == ("marketing@alpha.example", 2)
    assert message.rcpt_tos == ["marketing@alpha.example"]
    assert message.subject == "*** DRAFT *** Spring news from Alpha Store"
    assert message.text == (
        f"*** DRAFT *** of {email.em_cd}, for 2 member recipient(s): ada@example.com, "
        "bob@example.com. It is shown as ada@example.com would get it.\n\n"
        f"Hello Ada, https://alpha.platform.test/news?em_cd={email.em_cd}&mb_cd={ada.mb_cd}"
    )
    assert message["List-Unsubscribe"] is None
    assert message["List-Unsubscribe-Post"] is None
    assert not Emailsent.objects.exists()
    assert not Campaign.objects.exists()
    assert Email.objects.get(pk=email.pk).email_status.title == Emailstatus.DRAFT


def test_without_a_bcc_address_the_draft_goes_to_the_store_owner(in_store_a, smtp_server):
    email = make_marketing_email(Emailtype.PROSPECT, status=Emailstatus.DRAFT)

    draft = send_draft(email=email)

    [message] = smtp_server.wait_for(1)
    assert (draft.to, draft.recipient_count) == ("owner@alpha.platform.test", 0)
    assert message.rcpt_tos == ["owner@alpha.platform.test"]
    assert "Hello [recipient_first_name]," in message.text


def test_the_seeded_example_email_drafts_with_its_draft_banner(in_store_a, smtp_server):
    make_member("ada", first_name="Ada")
    email = Email.objects.get(em_cd=codes.EXAMPLE_MEMBER_EMAIL)

    send_draft(email=email)

    [message] = smtp_server.wait_for(1)
    assert message.subject == "*** DRAFT *** News from Alpha Store"
    assert message.text.startswith(f"*** DRAFT *** of {codes.EXAMPLE_MEMBER_EMAIL}, for 1 member")
    assert '<div style="border:2px dashed #c00;padding:8px"><p>*** DRAFT ***' in message.html


def test_a_transactional_email_has_no_draft(in_store_a, smtp_server):
    with pytest.raises(EmailNotSendable) as refused:
        send_draft(email=Email.objects.get(em_cd=codes.WELCOME))

    assert refused.value.code == "email-is-transactional"
    assert smtp_server.messages == []
