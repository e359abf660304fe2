"""Thin tasks around shop.campaigns.batches.

send_campaign_batch(tenant_id, campaign_id, after_id)
    plans a bounded batch, queues the next batch first (so every worker has work: the chain
    moves on while this batch sends), then sends its own. When the mail server is unavailable
    it is retried with backoff. Run eagerly (no broker), it works through the batches in a
    loop instead of recursing. A store that is not active sends nothing.
sweep_campaigns(tenant_id)
    one store: restarts stalled SENDING campaigns (a batch lost with its worker) and finishes
    those with nothing left. Claims abandoned by a dead worker are taken over by the batch
    that meets them.
sweep_all_campaigns()
    Celery beat's entry (CAMPAIGN_SWEEP_SECONDS): sweep_campaigns for every active store
    that has a campaign SENDING.

acks_late and reject_on_worker_lost are on for every task (config/settings/components/
celery.py): a batch whose worker dies is redelivered or, when the broker keeps it unacked,
found stalled by the sweeper.
"""

from __future__ import annotations

import logging

from celery import shared_task

from shop.campaigns.batches import plan_batch, restart_stalled_campaigns, send_batch
from shop.campaigns.models import Campaign
from shop.campaigns.transport import Unavailable
from tenants.models import Tenant
from tenants.tasks import queue_for_active_stores, tenant_task

logger = logging.getLogger(__name__)


@tenant_task(
    name="shop.campaigns.send_campaign_batch",
    autoretry_for=(Unavailable,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=12,
)
def send_campaign_batch(tenant: Tenant, campaign_id: int, after_id: int) -> dict[str, int]:
    if tenant.state != Tenant.State.ACTIVE:
        # A suspended store sends no mail; the sweeper restarts the campaign once it is
        # active again (its heartbeat has gone stale by then).
        logger.warning("campaign %s paused: the store is %s", campaign_id, tenant.state)
        return {}
    eager = bool(send_campaign_batch.request.is_eager)
    totals: dict[str, int] = {}
    while True:
        plan = plan_batch(campaign_id=campaign_id, after_id=after_id)
        if plan.next_after_id is not None and not eager:
            send_campaign_batch.delay(tenant.pk, campaign_id, plan.next_after_id)
        for outcome, count in send_batch(plan=plan).items():
            totals[outcome] = totals.get(outcome, 0) + count
        if not eager or plan.next_after_id is None:
            return totals
        after_id = plan.next_after_id


@tenant_task(name="shop.campaigns.sweep_campaigns")
def sweep_campaigns(tenant: Tenant) -> list[int]:
    restarted = restart_stalled_campaigns()
    for campaign_id in restarted:
        logger.warning("campaign %s stalled: restarting its batches", campaign_id)
        send_campaign_batch.delay(tenant.pk, campaign_id, 0)
    return restarted


@shared_task(name="shop.campaigns.sweep_all_campaigns")
def sweep_all_campaigns() -> int:
    return queue_for_active_stores(
        sweep_campaigns,
        has_work=Campaign.objects.filter(status=Campaign.Status.SENDING).exists,
    )
