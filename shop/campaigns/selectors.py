"""Reads about campaigns: progress for the admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from shop.campaigns.models import Campaign, CampaignDelivery


@dataclass(frozen=True)
class CampaignProgress:
    counts: dict[str, int]  # every CampaignDelivery.Status, 0 when none
    total: int
    done: int  # sent, failed or skipped
    started_at: datetime | None
    finished_at: datetime | None
    elapsed_seconds: float | None
    sent_per_second: float | None

    @property
    def percent_done(self) -> float:
        return 100.0 if self.total == 0 else round(100.0 * self.done / self.total, 1)


def get_campaign_progress(*, campaign: Campaign) -> CampaignProgress:
    found = dict(
        CampaignDelivery.objects.filter(campaign=campaign)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    counts = {status: found.get(status, 0) for status in CampaignDelivery.Status.values}
    total = sum(counts.values())
    S = CampaignDelivery.Status
    done = counts[S.SENT] + counts[S.FAILED] + counts[S.SKIPPED]
    elapsed = rate = None
    if campaign.started_at is not None:
        end = campaign.finished_at or timezone.now()
        elapsed = max((end - campaign.started_at).total_seconds(), 0.0)
        rate = round(counts[S.SENT] / elapsed, 1) if elapsed > 0 else None
    return CampaignProgress(
        counts=counts,
        total=total,
        done=done,
        started_at=campaign.started_at,
        finished_at=campaign.finished_at,
        elapsed_seconds=elapsed,
        sent_per_second=rate,
    )
