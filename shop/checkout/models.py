"""Stripe events as the store received them: one row per event id (a unique constraint, not a
check-then-insert), with where its handling stands and why it failed."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class StripeEvent(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSING = "processing", "Processing"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # What went wrong the last time it was handled: {"code": ..., "message": ...}.
    handler_error = models.JSONField(null=True, blank=True)
    # The Checkout Session the event is about, if any (for the admin and for support).
    checkout_session_id = models.CharField(max_length=255, blank=True)
    deliveries = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_id"], name="stripeevent_unique_event_id")
        ]
        indexes = [models.Index(fields=["status", "-created"], name="stripeevent_status")]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id} ({self.status})"
