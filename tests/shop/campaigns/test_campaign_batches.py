"""Batches: bounded, each one queues the next exactly once (a batch that runs again does not
double the chain), and the sweeper restarts a campaign whose chain was lost."""

import datetime as dt

import pytest
from django.utils import timezone

from shop.campaigns.batches import plan_batch, restart_stalled_campaigns
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.emails.models import Emailsent, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_members_in_bulk
from tests.shop.campaigns.helpers import sending_campaign

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def campaign(in_store_a):
    make_members_in_bulk(5)
    return sending_campaign(make_marketing_email(Emailtype.MEMBER))


def test_only_the_batch_at_the_cursor_queues_the_next_one(campaign):
    ids = list(CampaignDelivery.objects.values_list("id", flat=True))

    first = plan_batch(campaign_id=campaign.pk, after_id=0, batch_size=2)
    again = plan_batch(campaign_id=campaign.pk, after_id=0, batch_size=2)
    second = plan_batch(campaign_id=campaign.pk, after_id=ids[1], batch_size=2)
    last = plan_batch(campaign_id=campaign.pk, after_id=ids[3], batch_size=2)

    assert (first.delivery_ids, first.next_after_id) == (ids[:2], ids[1])
    assert (again.delivery_ids, again.next_after_id) == (ids[:2], None)
    assert (second.delivery_ids, second.next_after_id) == (ids[2:4], ids[3])
    assert (last.delivery_ids, last.next_after_id) == (ids[4:], None)
    assert Campaign.objects.get(pk=campaign.pk).dispatch_cursor == ids[3]


def test_a_campaign_that_is_not_sending_has_no_batches(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENT)

    plan = plan_batch(campaign_id=campaign.pk, after_id=0, batch_size=2)

    assert (plan.campaign, plan.delivery_ids, plan.next_after_id) == (None, [], None)


def test_batches_run_eagerly_send_everyone_once(campaign, smtp_server, settings, in_store_a):
    from shop.campaigns.tasks import send_campaign_batch

    settings.CAMPAIGN_BATCH_SIZE = 2

    totals = send_campaign_batch.apply(args=[in_store_a.pk, campaign.pk, 0]).get()

    assert totals == {"sent": 5}
    assert sorted(m.rcpt_tos[0] for m in smtp_server.wait_for(5)) == [
        f"reader{n:05d}@example.com" for n in range(5)
    ]
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT
    assert Emailsent.objects.count() == 5


def test_the_sweeper_restarts_a_stalled_campaign_and_leaves_a_live_one(campaign):
    stale = timezone.now() - dt.timedelta(seconds=61)
    Campaign.objects.filter(pk=campaign.pk).update(heartbeat_at=stale, dispatch_cursor=99)

    restarted = restart_stalled_campaigns(stall_seconds=60)
    again = restart_stalled_campaigns(stall_seconds=60)

    assert (restarted, again) == ([campaign.pk], [])
    refreshed = Campaign.objects.get(pk=campaign.pk)
    assert refreshed.dispatch_cursor == 0
    assert refreshed.heartbeat_at > stale


def test_the_sweeper_finishes_a_campaign_with_nothing_left(campaign):
    CampaignDelivery.objects.update(status=CampaignDelivery.Status.FAILED, error="x")

    assert restart_stalled_campaigns(stall_seconds=0) == []

    refreshed = Campaign.objects.get(pk=campaign.pk)
    assert (refreshed.status, refreshed.failed_count, refreshed.sent_count) == ("sent", 5, 0)


def test_a_suspended_store_sends_nothing_until_it_is_active_again(
    campaign, smtp_server, in_store_a
):
    from shop.campaigns.tasks import send_campaign_batch, sweep_campaigns
    from tenants.models import Tenant

    Tenant.objects.filter(pk=in_store_a.pk).update(state=Tenant.State.SUSPENDED)

    paused = send_campaign_batch.apply(args=[in_store_a.pk, campaign.pk, 0]).get()

    assert paused == {}
    assert smtp_server.messages == []
    assert CampaignDelivery.objects.filter(status="pending").count() == 5

    Tenant.objects.filter(pk=in_store_a.pk).update(state=Tenant.State.ACTIVE)
    Campaign.objects.filter(pk=campaign.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert sweep_campaigns.apply(args=[in_store_a.pk]).get() == [campaign.pk]

    assert len(smtp_server.wait_for(5)) == 5
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT


def test_a_batch_costs_one_statement_per_message_beyond_its_fixed_few(in_store_a, smtp_server):
    """The claim is one statement per batch, whatever its size; each message adds only its
    record (the fenced UPDATE and the Emailsent INSERT in one statement, then the commit)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shop.campaigns.batches import BatchPlan, send_batch

    make_members_in_bulk(9)
    counts = []
    for size in (3, 6):
        campaign = sending_campaign(make_marketing_email(Emailtype.MEMBER))
        loaded = Campaign.objects.select_related("email").get(pk=campaign.pk)
        ids = list(
            CampaignDelivery.objects.filter(campaign=campaign)
            .order_by("id")
            .values_list("id", flat=True)[:size]
        )
        with CaptureQueriesContext(connection) as queries:
            outcomes = send_batch(plan=BatchPlan(campaign=loaded, delivery_ids=ids))
        assert outcomes == {"sent": size}
        claims = [q for q in queries if "FOR UPDATE" in q["sql"] and "claimable" in q["sql"]]
        assert len(claims) == 1
        # (the test's transaction turns each message's BEGIN/COMMIT into savepoints)
        counts.append(
            sum(not q["sql"].lstrip().startswith(("SAVEPOINT", "RELEASE")) for q in queries)
        )

    assert counts[1] - counts[0] == 3
