"""Campaign batches claimed in one statement each, under real concurrency (real PostgreSQL,
a real SMTP server, one thread and database connection per batch, all released at once):
batches that overlap (a redelivered batch, a sweeper restart, a stale chain) never send a
delivery twice and miss none, and their claims never deadlock, since each locks its rows in
id order.

- 8 batches over 160 recipients, each a window of 60 that overlaps its neighbours, two of
  them the whole campaign: every recipient gets one message, every delivery is SENT on its
  first attempt, and the batches' outcomes add up (160 sent, the rest not claimed);
- the same race once more over a campaign whose deliveries were all claimed by a worker
  that died after sending the first 40: every other delivery is sent once, taken over with
  one attempt counted only for the delivery the dead worker was on.
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from collections.abc import Callable

import pytest

from shop.campaigns.batches import BatchPlan, send_batch
from shop.campaigns.delivery import claim_deliveries
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.emails.models import Emailsent, Emailtype
from shop.emails.seed import seed_emails
from tenants.context import tenant_context
from tests.fixtures.races import race_after_setup
from tests.shop.campaigns.factories import make_marketing_email, make_members_in_bulk
from tests.shop.campaigns.helpers import sending_campaign

RECIPIENTS = 160
BATCHES = 8
WINDOW = 60


@pytest.fixture
def campaign_store(committed_stores, django_db_blocker):
    tenant = committed_stores(f"camprace-{secrets.token_hex(3)}")
    with django_db_blocker.unblock(), tenant_context(tenant):
        seed_emails()
        make_members_in_bulk(RECIPIENTS)
    return tenant


def windows(ids: list[int]) -> list[list[int]]:
    """Overlapping windows of the campaign's deliveries, two of them the whole campaign."""
    step = (len(ids) - WINDOW) // (BATCHES - 3)
    parts = [ids[start : start + WINDOW] for start in range(0, len(ids) - WINDOW + 1, step)]
    return [ids, *parts[: BATCHES - 2], ids]


def race_batches(tenant, campaign_id: int, plans: list[list[int]]) -> list[Counter]:
    """send_batch for every plan at once, each on its own thread and database connection."""

    def batch(delivery_ids: list[int]) -> Callable[[Callable[[], None]], Counter]:
        def racer(go: Callable[[], None]) -> Counter:
            with tenant_context(tenant):
                campaign = Campaign.objects.select_related("email").get(pk=campaign_id)
                go()
                return send_batch(plan=BatchPlan(campaign=campaign, delivery_ids=delivery_ids))

        return racer

    return race_after_setup([batch(plan) for plan in plans])


def received_by_address(smtp_server) -> dict[str, list[str]]:
    received: dict[str, list[str]] = defaultdict(list)
    for message in smtp_server.messages:
        [address] = message.rcpt_tos
        received[address].append(message["Message-ID"])
    return received


def test_overlapping_batches_racing_send_every_delivery_once(
    campaign_store, smtp_server, django_db_blocker
):
    with django_db_blocker.unblock(), tenant_context(campaign_store):
        campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
        ids = list(
            CampaignDelivery.objects.filter(campaign=campaign)
            .order_by("id")
            .values_list("id", flat=True)
        )
    plans = windows(ids)
    assert len(plans) == BATCHES
    assert set().union(*plans) == set(ids)

    with django_db_blocker.unblock():
        results = race_batches(campaign_store, campaign.pk, plans)

    totals = sum(results, Counter())
    assert totals == {"sent": RECIPIENTS, "not-claimed": sum(map(len, plans)) - RECIPIENTS}
    smtp_server.wait_for(RECIPIENTS)
    received = received_by_address(smtp_server)
    expected = {f"reader{number:05d}@example.com" for number in range(RECIPIENTS)}
    assert set(received) == expected
    assert {address: len(ids) for address, ids in received.items() if len(ids) > 1} == {}
    with django_db_blocker.unblock(), tenant_context(campaign_store):
        rows = CampaignDelivery.objects.filter(campaign=campaign)
        assert set(rows.values_list("status", "attempts")) == {("sent", 1)}
        assert Emailsent.objects.filter(email=campaign.email).count() == RECIPIENTS
        assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT


def test_overlapping_batches_racing_over_a_dead_workers_claims_send_the_rest_once(
    campaign_store, smtp_server, django_db_blocker
):
    with django_db_blocker.unblock(), tenant_context(campaign_store):
        campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
        deliveries = CampaignDelivery.objects.filter(campaign=campaign).order_by("id")
        ids = list(deliveries.values_list("id", flat=True))
        # A worker claimed them all, sent the first 40 and died on the 41st.
        claim_deliveries(delivery_ids=ids, claimer="dead-worker")
        deliveries.filter(pk__in=ids[:40]).update(status="sent", message_id="<sent-before>")
        for member_id in deliveries.filter(pk__in=ids[:40]).values_list("member_id", flat=True):
            Emailsent.objects.create(email=campaign.email, member_id=member_id)
        deliveries.update(claim_backend_pid=-1)

    with django_db_blocker.unblock():
        results = race_batches(campaign_store, campaign.pk, windows(ids))

    assert sum(results, Counter())["sent"] == RECIPIENTS - 40
    smtp_server.wait_for(RECIPIENTS - 40)
    received = received_by_address(smtp_server)
    expected = {f"reader{number:05d}@example.com" for number in range(40, RECIPIENTS)}
    assert set(received) == expected
    assert {address: len(ids) for address, ids in received.items() if len(ids) > 1} == {}
    with django_db_blocker.unblock(), tenant_context(campaign_store):
        attempts = dict(deliveries.values_list("id", "attempts"))
        assert set(deliveries.values_list("status", flat=True)) == {"sent"}
        assert Emailsent.objects.filter(email=campaign.email).count() == RECIPIENTS
    # The delivery it was on: its attempt and ours. A batch that takes dead claims over counts
    # an attempt on its first delivery only (the one the dead worker may have been on), so of
    # those it never reached, at most one per other batch has two: none has more.
    assert attempts[ids[40]] == 2
    assert {attempts[i] for i in ids[41:]} <= {1, 2}
    assert sum(attempts[i] == 2 for i in ids[41:]) < BATCHES
