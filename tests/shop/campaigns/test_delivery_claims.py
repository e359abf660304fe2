"""A delivery is claimed by one conditional UPDATE: a PENDING one once; a SENDING one again
only when its claimer's database session is gone or its lease is over."""

import datetime as dt

import pytest
from django.utils import timezone

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


@pytest.fixture
def delivery(in_store_a):
    make_member("ada")
    campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
    return CampaignDelivery.objects.get(campaign=campaign)


def test_a_pending_delivery_is_claimed_once(delivery):
    first = claim_delivery(delivery_id=delivery.pk, claimer="worker-1")
    second = claim_delivery(delivery_id=delivery.pk, claimer="worker-2")

    assert (first.attempts, first.claimer, second) == (1, "worker-1", None)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.claimed_by) == ("sending", 1, "worker-1")
    assert delivery.claim_backend_pid is not None
    assert delivery.claim_backend_started is not None


def test_a_claim_whose_session_is_gone_is_taken_over_at_once(delivery):
    claim_delivery(delivery_id=delivery.pk, claimer="worker-1")
    # The claimer's process died: PostgreSQL has no session with that pid and start any more.
    CampaignDelivery.objects.filter(pk=delivery.pk).update(claim_backend_pid=-1)

    taken = claim_delivery(delivery_id=delivery.pk, claimer="worker-2")

    assert (taken.attempts, taken.claimer) == (2, "worker-2")


def test_a_claim_older_than_the_lease_is_taken_over_even_if_its_claimer_lives(delivery, settings):
    settings.CAMPAIGN_CLAIM_LEASE_SECONDS = 60
    claim_delivery(delivery_id=delivery.pk, claimer="worker-1")
    CampaignDelivery.objects.filter(pk=delivery.pk).update(
        claimed_at=timezone.now() - dt.timedelta(seconds=61)
    )

    taken = claim_delivery(delivery_id=delivery.pk, claimer="worker-2")

    assert (taken.attempts, taken.claimer) == (2, "worker-2")


def test_a_done_delivery_is_never_claimed(delivery):
    for status in ("sent", "failed", "skipped"):
        CampaignDelivery.objects.filter(pk=delivery.pk).update(status=status, claimed_at=None)
        assert claim_delivery(delivery_id=delivery.pk, claimer="worker-9") is None


def test_a_claimer_that_lost_its_claim_sends_nothing(delivery, smtp_server, monkeypatch):
    import shop.campaigns.delivery as module

    def claim_then_lose(**kwargs):
        claim = claim_delivery(**kwargs)
        # Between our claim and our record, another worker took the claim over (attempt 2).
        CampaignDelivery.objects.filter(pk=delivery.pk).update(attempts=2, claimed_by="other")
        return claim

    monkeypatch.setattr(module, "claim_delivery", claim_then_lose)

    with CampaignTransport() as transport:
        outcome = deliver_to_recipient(
            delivery=delivery_with_recipient(delivery.pk),
            sending=sending_context(delivery.campaign),
            transport=transport,
            claimer="worker-1",
        )

    assert outcome == Outcome.NOT_CLAIMED
    assert smtp_server.messages == []
    assert not Emailsent.objects.exists()
    assert CampaignDelivery.objects.get(pk=delivery.pk).status == "sending"


def test_a_delivery_claimed_too_often_fails_without_sending(delivery, smtp_server, settings):
    settings.CAMPAIGN_MAX_ATTEMPTS = 3
    CampaignDelivery.objects.filter(pk=delivery.pk).update(attempts=3)

    with CampaignTransport() as transport:
        outcome = deliver_to_recipient(
            delivery=delivery_with_recipient(delivery.pk),
            sending=sending_context(delivery.campaign),
            transport=transport,
        )

    assert outcome == Outcome.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        "failed",
        4,
        "gave up after 3 attempts",
    )
    assert smtp_server.messages == []
