"""The one window no design closes: the mail server has the whole message, the worker dies
before its database commit. The delivery is claimed again and sent again, as the same
message: same Message-ID, same content, and it is recorded once."""

import pytest

from shop.campaigns.compose import build_campaign_message
from shop.campaigns.delivery import Outcome, claim_delivery, deliver_to_recipient
from shop.campaigns.models import CampaignDelivery
from shop.campaigns.transport import CampaignTransport
from shop.emails.models import Emailsent, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member
from tests.shop.campaigns.helpers import (
    delivery_with_recipient,
    sending_campaign,
    sending_context,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_message_sent_again_after_a_crash_before_the_commit_is_the_same_message(
    in_store_a, smtp_server
):
    make_member("ada")
    campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
    delivery = delivery_with_recipient(CampaignDelivery.objects.get(campaign=campaign).pk)
    sending = sending_context(campaign)
    # The first worker claims, hands the whole message over, and dies before committing.
    claim_delivery(delivery_id=delivery.pk, claimer="doomed")
    with CampaignTransport() as transport:
        message = build_campaign_message(
            sending, recipient=delivery.recipient, address=delivery.address
        )
        transport.hand_over(message).confirm()
    CampaignDelivery.objects.filter(pk=delivery.pk).update(claim_backend_pid=-1)  # it is gone

    with CampaignTransport() as transport:
        outcome = deliver_to_recipient(
            delivery=delivery, sending=sending, transport=transport, claimer="next"
        )

    first, second = smtp_server.wait_for(2)
    delivery.refresh_from_db()
    assert outcome == Outcome.SENT
    assert (delivery.status, delivery.attempts, delivery.claimed_by) == ("sent", 2, "next")
    assert first["Message-ID"] == second["Message-ID"] == delivery.message_id
    assert (first.subject, first.text, first.html) == (second.subject, second.text, second.html)
    assert Emailsent.objects.filter(member=delivery.member_id).count() == 1
