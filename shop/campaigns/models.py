"""A campaign is one run of a marketing Email (type Member or Prospect) to its audience.

Campaign.Status is a state machine (TRANSITIONS), changed only by
shop.campaigns.services.set_status, which writes a CampaignStatusChange in the same
transaction:

    DRAFT    created; the template is copied into the campaign, no recipients yet
    READY    the audience is snapshotted: one PENDING CampaignDelivery per recipient
    SENDING  batches are queued; workers claim and send deliveries
    SENT     no delivery is PENDING or SENDING any more (each is SENT, FAILED or SKIPPED)

A CampaignDelivery is one recipient of one campaign (unique per campaign and recipient). Its
status moves PENDING -> SENDING (claimed by a worker with a conditional UPDATE) -> SENT, or
to FAILED / SKIPPED; a SENDING claim whose claimer is dead, or older than the lease, may be
claimed again (see shop.campaigns.delivery).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from shop.accounts.models import Member, Prospect
from shop.emails.models import Email, Emailtype


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        READY = "ready", "Ready"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    class Audience(models.TextChoices):
        MEMBERS = Emailtype.MEMBER, "Members (subscribed, not unsubscribed)"
        PROSPECTS = Emailtype.PROSPECT, "Prospects (not unsubscribed)"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.READY}),
        Status.READY: frozenset({Status.SENDING}),
        Status.SENDING: frozenset({Status.SENT}),
        Status.SENT: frozenset(),
    }
    ACTIVE = (Status.DRAFT, Status.READY, Status.SENDING)

    email = models.ForeignKey(Email, on_delete=models.PROTECT, related_name="campaigns")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The template as it was when the campaign was made: editing the Email later does not
    # change what the rest of the audience gets.
    subject = models.CharField(max_length=300)
    body_text = models.TextField(max_length=5000)
    body_html = models.TextField(max_length=15000, blank=True)
    from_address = models.CharField(max_length=100, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # The `after_id` of the one batch allowed to queue the next batch (tasks.py).
    dispatch_cursor = models.BigIntegerField(default=0)
    # Last sign of life of a batch; the sweeper restarts a SENDING campaign that has none.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status__in=["draft", "ready", "sending"]),
                name="campaign_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"campaign {self.pk} of {self.email.em_cd} ({self.status})"


class CampaignStatusChange(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Campaign.Status.choices)
    to_status = models.CharField(max_length=10, choices=Campaign.Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.from_status} -> {self.to_status}"


class CampaignDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    OPEN = (Status.PENDING, Status.SENDING)

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    # Both null once the recipient is erased (shop.accounts.data_requests): the delivery is
    # kept for the campaign's counts, stripped of who it went to.
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prospect = models.ForeignKey(
        Prospect, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.EmailField(max_length=254, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Claims so far; also the fencing token of the current claim.
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    # The claimer's PostgreSQL session (pid, start): when it is gone, the claimer is dead.
    claim_backend_pid = models.IntegerField(null=True, blank=True)
    claim_backend_started = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "campaign deliveries"
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, prospect__isnull=True)
                | Q(member__isnull=True, prospect__isnull=False)
                | Q(member__isnull=True, prospect__isnull=True, address=""),
                name="campaigndelivery_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=Q(member__isnull=False),
                name="campaigndelivery_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["campaign", "prospect"],
                condition=Q(prospect__isnull=False),
                name="campaigndelivery_once_per_prospect",
            ),
        ]
        indexes = [
            # What is left to do: shrinks as the campaign goes.
            models.Index(
                fields=["campaign", "id"],
                condition=Q(status__in=["pending", "sending"]),
                name="campaigndelivery_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.status})"

    @property
    def recipient(self) -> Member | Prospect | None:
        return self.member if self.member_id else self.prospect
