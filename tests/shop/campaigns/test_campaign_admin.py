"""The store admin's Email actions start a campaign (or refuse with a message), and a
campaign's page shows its progress."""

import re

import pytest
from django.contrib.auth.models import User

from shop.campaigns.models import Campaign, CampaignDelivery
from shop.emails import codes
from shop.emails.models import Email, Emailstatus, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member

pytestmark = pytest.mark.django_db(databases=["default", "second"])

CHANGELIST = "/admin/emails/email/"


@pytest.fixture
def staff(in_store_a, client_for):
    user = User.objects.create_superuser("owner1", "owner1@example.com", "Owner!pass1")
    client = client_for(in_store_a)
    client.force_login(user)
    return client


def run_action(staff, action: str, *emails: Email):
    return staff.post(
        CHANGELIST,
        {"action": action, "_selected_action": [email.pk for email in emails]},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_three_actions_are_offered_on_emails(staff):
    page = staff.get(CHANGELIST).content.decode()

    for name, label in [
        ("populate_email_codes_action", "Populate Email Codes"),
        ("send_draft_email_action", "Send Draft Email (one preview to the BCC address)"),
        ("send_ready_email_to_recipients_action", "Send Ready Email to Recipients"),
    ]:
        assert f'<option value="{name}">{label}</option>' in page


def test_send_ready_starts_a_campaign_and_its_page_shows_the_progress(
    staff, in_store_a, smtp_server, django_capture_on_commit_callbacks
):
    for name in ("ada", "bob"):
        make_member(name)
    email = make_marketing_email(Emailtype.MEMBER)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff, "send_ready_email_to_recipients_action", email)

    campaign = Campaign.objects.get()
    assert messages_of(response) == [
        f'{email.em_cd} is being sent to 2 recipient(s): <a href="/admin/campaigns/campaign/'
        f'{campaign.pk}/change/">campaign {campaign.pk}</a>.'
    ]
    assert len(smtp_server.wait_for(2)) == 2
    assert campaign.created_by == "owner1"
    page = staff.get(f"/admin/campaigns/campaign/{campaign.pk}/change/").content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    text = " ".join(text.split())
    assert "Sent 2 Failed 0 Skipped 0" in text
    assert "Pending 0 Sending 0" in text
    assert "total 2 (100.0% done)" in text
    assert "1: sending -&gt; sent Sending Sent" in text  # the history
    listing = staff.get("/admin/campaigns/campaign/").content.decode()
    assert '<td class="field-progress">2/2 (100.0%)</td>' in listing


def test_send_ready_refuses_draft_and_transactional_emails_with_a_message(staff, in_store_a):
    draft = make_marketing_email(status=Emailstatus.DRAFT)
    welcome = Email.objects.get(em_cd=codes.WELCOME)

    response = run_action(staff, "send_ready_email_to_recipients_action", draft, welcome)

    assert sorted(messages_of(response)) == sorted(
        [
            f"{draft.em_cd}: {draft.em_cd} is Draft: mark it Ready first.",
            f"{codes.WELCOME}: {codes.WELCOME} is a Transactional email: only Member and "
            "Prospect emails go to a list.",
        ]
    )
    assert not Campaign.objects.exists()
    assert not CampaignDelivery.objects.exists()


def test_campaigns_cannot_be_added_or_deleted_by_hand(staff):
    assert staff.get("/admin/campaigns/campaign/add/").status_code == 403
    assert staff.get("/admin/campaigns/campaigndelivery/add/").status_code == 403
    assert staff.get("/admin/campaigns/campaigndelivery/").status_code == 200
