"""A delivery is claimed by one conditional UPDATE: a PENDING one once; a SENDING one again
only when its claimer's database session is gone or its lease is over."""

import datetime as dt

import pytest
from django.utils import timezone

from shop.campaigns.delivery import (
    Outcome,
    claim_deliveries,
    claim_delivery,
    deliver_to_recipient,
    release_claims,
)
from shop.campaigns.models import CampaignDelivery
from shop.campaigns.transport import CampaignTransport, Unavailable
from shop.emails.models import Emailsent, Emailtype
from tests.shop.campaigns.factories import (
    make_marketing_email,
    make_member,
    make_members_in_bulk,
)
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


@pytest.fixture
def five(in_store_a):
    make_members_in_bulk(5)
    campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
    return list(CampaignDelivery.objects.filter(campaign=campaign).order_by("id"))


def state(deliveries) -> list[tuple[str, int, str]]:
    rows = CampaignDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).order_by("id")
    return list(rows.values_list("status", "attempts", "claimed_by"))


def test_a_batch_is_claimed_in_one_statement_and_only_what_is_claimable(
    five, django_assert_num_queries
):
    ids = [d.pk for d in five]
    CampaignDelivery.objects.filter(pk=ids[1]).update(status="sent")
    claim_delivery(delivery_id=ids[2], claimer="alive")  # this session: alive

    with django_assert_num_queries(1):
        claims = claim_deliveries(delivery_ids=ids, claimer="batch")

    assert {i: (c.attempts, c.attempts_before) for i, c in claims.items()} == {
        ids[0]: (1, 0),
        ids[3]: (1, 0),
        ids[4]: (1, 0),
    }
    assert state(five) == [
        ("sending", 1, "batch"),
        ("sent", 0, ""),
        ("sending", 1, "alive"),
        ("sending", 1, "batch"),
        ("sending", 1, "batch"),
    ]


def test_taking_over_a_dead_batch_counts_an_attempt_only_for_the_delivery_it_was_on(five):
    ids = [d.pk for d in five]
    claim_deliveries(delivery_ids=ids, claimer="doomed")
    # It sent the first two, died while on the third: the fourth and fifth it never reached.
    CampaignDelivery.objects.filter(pk__in=ids[:2]).update(status="sent")
    CampaignDelivery.objects.filter(pk__in=ids).update(claim_backend_pid=-1)

    claims = claim_deliveries(delivery_ids=ids, claimer="next")

    assert {i: c.attempts for i, c in claims.items()} == {ids[2]: 2, ids[3]: 1, ids[4]: 1}
    assert [row[:2] for row in state(five)] == [
        ("sent", 1),
        ("sent", 1),
        ("sending", 2),
        ("sending", 1),
        ("sending", 1),
    ]


def test_released_claims_are_back_as_they_were_unless_taken_over(five):
    ids = [d.pk for d in five]
    claims = claim_deliveries(delivery_ids=ids, claimer="worker-1")
    CampaignDelivery.objects.filter(pk=ids[0]).update(attempts=2, claimed_by="other")

    released = release_claims(claims.values())

    assert released == 4
    assert state(five) == [("sending", 2, "other")] + [("pending", 0, "")] * 4


def test_a_batch_stopped_by_an_unreachable_server_puts_back_what_it_did_not_try(five, smtp_server):
    from shop.campaigns.batches import BatchPlan, send_batch

    smtp_server.stop()
    plan = BatchPlan(campaign=five[0].campaign, delivery_ids=[d.pk for d in five])

    with pytest.raises(Unavailable):
        send_batch(plan=plan)

    # The first was tried (its attempt counts); the others were never tried.
    assert [row[:2] for row in state(five)] == [("pending", 1)] + [("pending", 0)] * 4
