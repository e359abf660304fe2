"""A store's provisioning: one job, a fixed list of ordered steps, each with its own record.

A step is `pending` until a runner claims it (`running`), then `succeeded` or `failed`. A
runner killed mid-step leaves it `running`; resuming the job runs it again (every step is
idempotent) and skips what already succeeded.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_job_token() -> str:
    return secrets.token_urlsafe(18)


class ProvisioningJob(models.Model):
    class Kind(models.TextChoices):
        SIGNUP = "signup", "New store"
        CUSTOM_DOMAIN = "custom_domain", "Custom domain"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="provisioning_jobs"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SIGNUP)
    # The founder's page and status endpoint are addressed by this, never by the sequential id.
    token = models.CharField(max_length=32, unique=True, default=new_job_token)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent of steps succeeded
    current_step = models.CharField(max_length=32, blank=True)
    catalog = models.CharField(max_length=32, default="office-supplies")
    founder_email = models.EmailField(blank=True)
    # A Django password hash (never the password); cleared once the job has succeeded.
    founder_password_hash = models.CharField(max_length=256, blank=True)
    custom_domain = models.CharField(max_length=253, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "created"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} job {self.pk} for {self.tenant_id} ({self.status})"

    @property
    def duration_ms(self) -> int | None:
        return _ms(self.started, self.finished)


class ProvisioningStep(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(ProvisioningJob, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=32)
    order = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    log = models.TextField(blank=True)  # timestamped lines; never a secret
    error = models.TextField(blank=True)  # the last attempt's error, one line

    class Meta:
        ordering = ["job", "order"]
        constraints = [
            models.UniqueConstraint(fields=["job", "name"], name="provisioningstep_unique_name"),
            models.UniqueConstraint(fields=["job", "order"], name="provisioningstep_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    @property
    def duration_ms(self) -> int | None:
        return _ms(self.started, self.finished)


def _ms(started, finished) -> int | None:
    if started is None or finished is None:
        return None
    return round((finished - started).total_seconds() * 1000)
