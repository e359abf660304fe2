"""A finished campaign sends nothing when run again, whichever way it is run again."""

import pytest

from shop.campaigns.errors import EmailNotSendable, InvalidCampaignTransition
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.campaigns.services import send_ready_email, start_campaign
from shop.campaigns.tasks import send_campaign_batch
from shop.emails.models import Email, Emailsent, Emailstatus, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def finished(in_store_a, smtp_server, run_campaign):
    for name in ("ada", "bob", "cy"):
        make_member(name)
    email = make_marketing_email(Emailtype.MEMBER)
    campaign = run_campaign(email)
    assert len(smtp_server.wait_for(3)) == 3
    return campaign


def test_the_campaign_ends_sent_with_its_counts_and_the_email_marked_sent(finished):
    assert finished.status == Campaign.Status.SENT
    assert (
        finished.recipient_count,
        finished.sent_count,
        finished.failed_count,
        finished.skipped_count,
    ) == (3, 3, 0, 0)
    assert finished.started_at <= finished.finished_at
    assert Email.objects.get(pk=finished.email_id).email_status.title == Emailstatus.SENT
    assert list(finished.history.values_list("from_status", "to_status")) == [
        ("draft", "ready"),
        ("ready", "sending"),
        ("sending", "sent"),
    ]
    assert Emailsent.objects.filter(email=finished.email_id).count() == 3


def test_running_its_batches_again_sends_nothing(finished, smtp_server, in_store_a):
    result = send_campaign_batch.apply(args=[in_store_a.pk, finished.pk, 0]).get()

    assert result == {}
    assert len(smtp_server.messages) == 3


def test_starting_it_again_is_refused(finished):
    with pytest.raises(InvalidCampaignTransition):
        start_campaign(campaign=finished)


def test_sending_the_email_again_is_refused_because_it_is_sent(finished):
    with pytest.raises(EmailNotSendable) as refused:
        send_ready_email(email=finished.email)

    assert refused.value.code == "email-not-ready"


def test_a_new_campaign_of_the_same_email_reaches_only_new_recipients(
    finished, smtp_server, run_campaign
):
    newcomer = make_member("newcomer")
    Email.objects.filter(pk=finished.email_id).update(
        email_status=Emailstatus.objects.get(title=Emailstatus.READY)
    )

    second = run_campaign(Email.objects.get(pk=finished.email_id))

    assert (second.status, second.recipient_count, second.sent_count) == ("sent", 1, 1)
    recipients = CampaignDelivery.objects.filter(campaign=second).values_list("member", flat=True)
    assert list(recipients) == [newcomer.pk]
    assert [m.rcpt_tos for m in smtp_server.wait_for(4)][3] == ["newcomer@example.com"]
