"""THE chaos test: a campaign sent by a real Celery worker process (Redis broker, real SMTP
server) that is killed with SIGKILL at random points 20 times, and restarted each time.

At the end every recipient has exactly one distinct Message-ID, nobody is skipped and nobody
outside the audience got anything. Raw copies are counted too: a kill in the window between
the server having the whole message and the database commit makes the message go out again,
with the same Message-ID (see shop.campaigns.delivery); the test asserts that every raw copy
is such a copy and prints how many there were.
"""

from __future__ import annotations

import random
import secrets
import time
from collections import defaultdict

import pytest
from django.db import connections

from shop.campaigns.models import Campaign, CampaignDelivery
from shop.campaigns.services import send_ready_email
from shop.emails.models import Emailsent, Emailtype
from shop.emails.seed import seed_emails
from tenants.context import tenant_context
from tenants.services import create_tenant, delete_tenant
from tests.shop.campaigns.factories import (
    make_marketing_email,
    make_member,
    make_members_in_bulk,
)
from tests.shop.campaigns.realworker import campaign_workers

pytestmark = pytest.mark.slow

RECIPIENTS = 300
KILLS = 20
WORKER_SETTINGS = {
    "CAMPAIGN_BATCH_SIZE": "20",
    "CAMPAIGN_STALL_SECONDS": "1",
    "CAMPAIGN_CLAIM_LEASE_SECONDS": "300",  # dead claimers are noticed at once, not by lease
}


@pytest.fixture
def chaos_store(committed_test_databases, django_db_blocker):
    slug = f"chaos-{secrets.token_hex(3)}"
    with django_db_blocker.unblock():
        tenant = create_tenant(slug=slug, name="Chaos Store")
        try:
            with tenant_context(tenant):
                seed_emails()
                members = make_members_in_bulk(RECIPIENTS)
                make_member("not_subscribed", subscribed=False)
                make_member("unsubscribed", unsubscribed=True)
                email = make_marketing_email(Emailtype.MEMBER)
            yield tenant, email, members
        finally:
            delete_tenant(tenant)
            connections.close_all()


def wait_until(predicate, *, timeout: float, every: float = 0.001, tick=None) -> bool:
    deadline = time.monotonic() + timeout
    last_tick = 0.0
    while time.monotonic() < deadline:
        if predicate():
            return True
        if tick is not None and time.monotonic() - last_tick > 0.5:
            last_tick = time.monotonic()
            tick()
        time.sleep(every)
    return False


def test_a_campaign_whose_worker_is_killed_20_times_reaches_everyone_exactly_once(
    chaos_store, smtp_server, redis_url, django_db_blocker, record_property
):
    tenant, email, members = chaos_store
    rng = random.Random()  # the kill points are random; the seed is reported on failure
    seed = rng.randrange(2**32)
    rng.seed(seed)
    kills = []

    with (
        campaign_workers(redis_url, email_url=smtp_server.email_url, **WORKER_SETTINGS) as pool,
        django_db_blocker.unblock(),
        tenant_context(tenant),
    ):
        campaign = send_ready_email(email=email, created_by="chaos")
        assert campaign.recipient_count == RECIPIENTS

        def sweep() -> None:
            pool.sweep(tenant.pk)

        def received_at_least(count: int):
            return lambda: len(smtp_server.messages) >= count

        for number in range(KILLS):
            worker = pool.start()
            # Let it send 1 to 8 messages, then kill it a random 0-4 ms later: anywhere in
            # the claim / render / record / SMTP / commit cycle of a message, or in between.
            target = len(smtp_server.messages) + rng.randint(1, 8)
            progressed = wait_until(received_at_least(target), timeout=60, tick=sweep)
            assert progressed, f"kill {number}: no progress (seed {seed})"
            time.sleep(rng.uniform(0, 0.004))
            pool.kill(worker)
            kills.append(len(smtp_server.messages))

        assert Campaign.objects.get(pk=campaign.pk).status == "sending", (
            f"the campaign ended before the {KILLS} kills were done (seed {seed})"
        )
        pool.start()
        finished = wait_until(
            lambda: Campaign.objects.get(pk=campaign.pk).status == "sent",
            timeout=120,
            every=0.05,
            tick=sweep,
        )
        assert finished, f"the campaign did not finish after the last restart (seed {seed})"

        deliveries = list(CampaignDelivery.objects.filter(campaign=campaign))
        sent_log = list(Emailsent.objects.filter(email=email).values_list("member", flat=True))

    # Every recipient: one delivery SENT, one Emailsent; nobody else.
    expected = {f"reader{number:05d}@example.com" for number in range(RECIPIENTS)}
    assert {d.address for d in deliveries} == expected
    assert {d.status for d in deliveries} == {"sent"}
    assert sorted(sent_log) == sorted(m.pk for m in members)

    # What the SMTP server received, per recipient.
    received: dict[str, list[str]] = defaultdict(list)
    for message in smtp_server.messages:
        [address] = message.rcpt_tos
        received[address].append(message["Message-ID"])
    raw_duplicates = sum(len(ids) - 1 for ids in received.values())
    distinct_duplicates = sum(len(set(ids)) - 1 for ids in received.values())
    missing = sorted(expected - set(received))
    strangers = sorted(set(received) - expected)
    summary = (
        f"chaos: {len(kills)} kills (after {kills} messages), {RECIPIENTS} recipients, "
        f"{len(smtp_server.messages)} messages received, raw duplicates {raw_duplicates}, "
        f"distinct-Message-ID duplicates {distinct_duplicates}, missing {len(missing)}, "
        f"deliveries claimed more than once {sum(d.attempts > 1 for d in deliveries)}, "
        f"seed {seed}"
    )
    print(summary)
    record_property("campaign_chaos", summary)

    assert len(kills) == KILLS
    assert missing == []
    assert strangers == []
    assert distinct_duplicates == 0, summary
    by_address = {d.address: d.message_id for d in deliveries}
    for address, ids in received.items():
        # any raw copy is the same message: the Message-ID the database recorded
        assert set(ids) == {by_address[address]}, (address, ids)
