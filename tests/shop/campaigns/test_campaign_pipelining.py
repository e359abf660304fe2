"""Campaign messages to a mail server that advertises PIPELINING (RFC 2920) go out with
their envelope (MAIL, RCPT, DATA) in one write; to one that does not, one command at a time.
Either way a recipient refused at RCPT TO fails alone, and the messages after it on the
same connection are delivered."""

import pytest

from shop.campaigns.delivery import Outcome, deliver_to_recipient
from shop.campaigns.models import CampaignDelivery
from shop.campaigns.transport import CampaignTransport
from shop.emails.models import Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member
from tests.shop.campaigns.helpers import (
    delivery_with_recipient,
    sending_campaign,
    sending_context,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.mark.parametrize("pipelining", [True, False])
def test_a_refused_recipient_fails_alone_on_a_shared_connection(
    in_store_a, smtp_server, pipelining
):
    smtp_server.pipelining = pipelining
    for name in ("ada", "bob", "cyd"):
        make_member(name)
    smtp_server.refused_recipients.add("bob@example.com")
    campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
    deliveries = list(CampaignDelivery.objects.filter(campaign=campaign).order_by("address"))

    with CampaignTransport() as transport:  # one connection for the three
        outcomes = [
            deliver_to_recipient(
                delivery=delivery_with_recipient(d.pk),
                sending=sending_context(campaign),
                transport=transport,
            )
            for d in deliveries
        ]

    errors = [CampaignDelivery.objects.get(pk=d.pk).error for d in deliveries]
    assert [d.address for d in deliveries] == [f"{n}@example.com" for n in ("ada", "bob", "cyd")]
    assert outcomes == [Outcome.SENT, Outcome.FAILED, Outcome.SENT]
    assert errors[1].startswith("RCPT TO refused: 550 5.1.1 no such mailbox")
    assert [m.rcpt_tos for m in smtp_server.wait_for(2)] == [
        ["ada@example.com"],
        ["cyd@example.com"],
    ]
    assert smtp_server.pipelined_envelopes == (3 if pipelining else 0)
