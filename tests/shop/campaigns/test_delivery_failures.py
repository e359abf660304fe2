"""What a refusing or missing mail server does to a delivery: a permanent refusal fails it,
a temporary one puts it back for later, an unreachable server stops the batch; in no case is
it recorded as sent."""

import pytest

from shop.campaigns.delivery import Outcome, deliver_to_recipient
from shop.campaigns.models import CampaignDelivery
from shop.campaigns.transport import CampaignTransport, Unavailable
from shop.emails.models import Emailsent, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member
from tests.shop.campaigns.helpers import (
    delivery_with_recipient,
    sending_campaign,
    sending_context,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def delivery(in_store_a):
    make_member("ada")
    campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
    return CampaignDelivery.objects.get(campaign=campaign)


def deliver(delivery) -> Outcome:
    with CampaignTransport() as transport:
        return deliver_to_recipient(
            delivery=delivery_with_recipient(delivery.pk),
            sending=sending_context(delivery.campaign),
            transport=transport,
        )


def test_a_permanent_refusal_of_the_message_fails_the_delivery(delivery, smtp_server):
    smtp_server.refuse(554, "5.7.1 no thanks")

    outcome = deliver(delivery)

    delivery.refresh_from_db()
    assert outcome == Outcome.FAILED
    assert (delivery.status, delivery.error) == (
        "failed",
        "end of data refused: 554 5.7.1 no thanks",
    )
    assert delivery.sent_at is None
    assert not Emailsent.objects.exists()


def test_a_temporary_refusal_puts_the_delivery_back_for_a_later_pass(delivery, smtp_server):
    smtp_server.refuse(451, "4.3.0 try later")

    outcome = deliver(delivery)

    delivery.refresh_from_db()
    assert outcome == Outcome.RETRY
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert not Emailsent.objects.exists()

    smtp_server.accept()
    assert deliver(delivery) == Outcome.SENT
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert Emailsent.objects.filter(member=delivery.member_id).count() == 1


def test_an_unreachable_server_stops_the_batch_and_releases_the_claim(delivery, smtp_server):
    smtp_server.stop()

    with pytest.raises(Unavailable):
        deliver(delivery)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in delivery.error
    assert not Emailsent.objects.exists()


def test_someone_who_unsubscribed_after_the_snapshot_is_skipped(delivery, smtp_server):
    delivery.member.__class__.objects.filter(pk=delivery.member_id).update(email_unsubscribed=True)

    outcome = deliver(delivery)

    delivery.refresh_from_db()
    assert outcome == Outcome.SKIPPED
    assert (delivery.status, delivery.error) == ("skipped", "unsubscribed before sending")
    assert smtp_server.messages == []


def test_someone_who_got_the_email_meanwhile_is_skipped_not_sent_twice(delivery, smtp_server):
    Emailsent.objects.create(email=delivery.campaign.email, member=delivery.member)

    outcome = deliver(delivery)

    delivery.refresh_from_db()
    assert outcome == Outcome.SKIPPED
    assert (delivery.status, delivery.error) == ("skipped", "already sent")
    assert smtp_server.messages == []
    assert Emailsent.objects.count() == 1


def test_an_address_that_would_inject_a_header_fails_without_sending(in_store_a, smtp_server):
    make_member("mallory", email="mallory@example.com\nBcc: victim@example.com")
    campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
    delivery = CampaignDelivery.objects.get(campaign=campaign)

    outcome = deliver(delivery)

    delivery.refresh_from_db()
    assert outcome == Outcome.FAILED
    assert delivery.status == "failed"
    assert delivery.error.startswith("cannot be sent: ")
    assert smtp_server.messages == []
    assert not Emailsent.objects.exists()
