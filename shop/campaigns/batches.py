"""A SENDING campaign is worked through in bounded batches (shop.campaigns.tasks).

- plan_batch(campaign_id=..., after_id=...): the next open deliveries after `after_id`. Only
  the batch whose `after_id` is the campaign's dispatch cursor moves the cursor on and is told
  to queue the next batch, so a batch that runs twice (its worker died and it was delivered
  again) or a stale chain never doubles the chain.
- send_batch(plan=...): claims the plan's deliveries in one statement (claim_deliveries),
  sends each claimed one through deliver_claimed over one mail-server connection, puts back
  the claims it did not get to (release_claims: the mail server went away, or an error),
  then SENT if nothing is open any more.
- restart_stalled_campaigns(): the sweeper. A SENDING campaign without a batch heartbeat for
  CAMPAIGN_STALL_SECONDS starts over from its first open delivery (a batch lost with its
  worker leaves deliveries behind the cursor); going over old ground is harmless, the claims
  see to that.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from shop.campaigns.compose import get_sending_context
from shop.campaigns.delivery import (
    Outcome,
    claim_deliveries,
    claimer_name,
    deliver_claimed,
    release_claims,
)
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.campaigns.services import finish_campaign_if_done
from shop.campaigns.transport import CampaignTransport

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0


@dataclass
class BatchPlan:
    campaign: Campaign | None
    delivery_ids: list[int] = field(default_factory=list)
    next_after_id: int | None = None  # queue a batch after this id (None: not this batch's job)


def plan_batch(*, campaign_id: int, after_id: int, batch_size: int | None = None) -> BatchPlan:
    size = batch_size or settings.CAMPAIGN_BATCH_SIZE
    campaign = Campaign.objects.select_related("email").filter(pk=campaign_id).first()
    if campaign is None or campaign.status != Campaign.Status.SENDING:
        return BatchPlan(campaign=None)  # finished (a re-run sends nothing) or gone
    ids = list(
        CampaignDelivery.objects.filter(
            campaign_id=campaign_id, id__gt=after_id, status__in=CampaignDelivery.OPEN
        )
        .order_by("id")
        .values_list("id", flat=True)[:size]
    )
    plan = BatchPlan(campaign=campaign, delivery_ids=ids)
    now = timezone.now()
    if len(ids) == size:
        moved = Campaign.objects.filter(pk=campaign_id, dispatch_cursor=after_id).update(
            dispatch_cursor=ids[-1], heartbeat_at=now
        )
        if moved:
            plan.next_after_id = ids[-1]
            return plan
    Campaign.objects.filter(pk=campaign_id).update(heartbeat_at=now)
    return plan


def send_batch(*, plan: BatchPlan, transport: CampaignTransport | None = None) -> Counter:
    """Deliver the plan's deliveries; returns how many ended how (Outcome -> count)."""
    outcomes: Counter = Counter()
    campaign = plan.campaign
    if campaign is None:
        return outcomes
    sending = get_sending_context(campaign=campaign)
    claims = claim_deliveries(delivery_ids=plan.delivery_ids, claimer=claimer_name())
    if len(claims) < len(plan.delivery_ids):  # someone else's, or done
        outcomes[Outcome.NOT_CLAIMED] = len(plan.delivery_ids) - len(claims)
    try:
        deliveries = (
            CampaignDelivery.objects.filter(pk__in=list(claims))
            .select_related("member__user", "prospect")
            .order_by("id")
        )
        beat = time.monotonic()
        with transport or CampaignTransport() as connection:
            for delivery in deliveries:
                outcome = deliver_claimed(
                    claim=claims.pop(delivery.pk),
                    delivery=delivery,
                    sending=sending,
                    transport=connection,
                )
                outcomes[outcome] += 1
                if time.monotonic() - beat > HEARTBEAT_SECONDS:
                    beat = time.monotonic()
                    Campaign.objects.filter(pk=campaign.pk).update(heartbeat_at=timezone.now())
    finally:
        _release(claims)
    finish_campaign_if_done(campaign_id=campaign.pk)
    return outcomes


def _release(claims: dict) -> None:
    """Put back the claims the batch never tried. If the database is what failed, they stay:
    the session that made them ends with the worker's task, and they are taken over."""
    try:
        release_claims(claims.values())
    except DatabaseError:
        logger.warning("campaign batch: %d unused claims left to be taken over", len(claims))


def restart_stalled_campaigns(*, stall_seconds: int | None = None) -> list[int]:
    """SENDING campaigns to start over from the beginning (their dispatch cursor is reset;
    the caller queues a batch after id 0 for each); finishes those with nothing open."""
    stall = timedelta(
        seconds=settings.CAMPAIGN_STALL_SECONDS if stall_seconds is None else stall_seconds
    )
    restart = []
    for campaign in Campaign.objects.filter(status=Campaign.Status.SENDING):
        if finish_campaign_if_done(campaign_id=campaign.pk):
            continue
        now = timezone.now()
        if campaign.heartbeat_at is not None and campaign.heartbeat_at > now - stall:
            continue
        taken = Campaign.objects.filter(
            pk=campaign.pk, status=Campaign.Status.SENDING, heartbeat_at=campaign.heartbeat_at
        ).update(dispatch_cursor=0, heartbeat_at=now)
        if taken:
            restart.append(campaign.pk)
    return restart


__all__ = ["BatchPlan", "Outcome", "plan_batch", "restart_stalled_campaigns", "send_batch"]
