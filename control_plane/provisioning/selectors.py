"""Reads of provisioning jobs: what the founder's page and the operator dashboard show."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from control_plane.provisioning.models import ProvisioningJob, ProvisioningStep
from control_plane.provisioning.steps import STEPS
from tenants.models import DomainClaim, Tenant


def get_job_by_token(*, token: str) -> ProvisioningJob | None:
    return (
        ProvisioningJob.objects.select_related("tenant")
        .prefetch_related("steps")
        .filter(token=token)
        .first()
    )


def list_jobs_for_tenant(*, tenant: Tenant) -> list[ProvisioningJob]:
    """The store's jobs, newest first, each with its steps in order (each labelled)."""
    steps = ProvisioningStep.objects.order_by("order")
    jobs = list(
        tenant.provisioning_jobs.prefetch_related(Prefetch("steps", queryset=steps)).order_by(
            "-created", "-id"
        )
    )
    for job in jobs:
        for step in job.steps.all():
            step.label = STEPS[step.name].label
    return jobs


def get_store_urls(*, tenant: Tenant, scheme: str, port: str) -> dict[str, str]:
    """The store's home and admin, on the scheme and port the platform was reached by."""
    suffix = f":{port}" if port else ""
    home = f"{scheme}://{tenant.slug}.{settings.PLATFORM_DOMAIN}{suffix}/"
    return {"home": home, "admin": home + "admin/"}


def get_job_status(*, job: ProvisioningJob, scheme: str, port: str) -> dict:
    """The founder's view of a job: progress, each step, and the store's links once live.
    Errors are not shown to the founder (operators see them on the dashboard)."""
    steps = sorted(job.steps.all(), key=lambda step: step.order)
    live = job.status == ProvisioningJob.Status.SUCCEEDED and job.tenant.is_live
    return {
        "job": job.token,
        "store": job.tenant.name,
        "slug": job.tenant.slug,
        "status": job.status,
        "progress": job.progress,
        "current_step": job.current_step,
        "live": live,
        "steps": [
            {
                "name": step.name,
                "label": STEPS[step.name].label,
                "state": step.state,
                "attempts": step.attempts,
                "duration_ms": step.duration_ms,
            }
            for step in steps
        ],
        "links": get_store_urls(tenant=job.tenant, scheme=scheme, port=port) if live else None,
        "custom_domain": get_domain_claim_status(job=job),
    }


def get_domain_claim_status(*, job: ProvisioningJob) -> dict | None:
    """The job's custom domain claim: its state and the TXT record that proves it."""
    if not job.custom_domain:
        return None
    claim = DomainClaim.objects.filter(tenant_id=job.tenant_id, domain=job.custom_domain).first()
    if claim is None:
        return None
    return {
        "domain": claim.domain,
        "status": claim.status,
        "status_label": claim.get_status_display(),
        "record": {
            "name": claim.record_name,
            "type": claim.record_type,
            "value": claim.record_value,
        }
        if claim.status == DomainClaim.Status.PENDING
        else None,
        "checked_at": claim.checked_at.isoformat() if claim.checked_at else None,
        "last_error": claim.last_error,
    }


def list_stalled_jobs(*, idle_seconds: int) -> list[ProvisioningJob]:
    """Unfinished jobs older than `idle_seconds` none of whose steps moved since."""
    since = timezone.now() - timedelta(seconds=idle_seconds)
    unfinished = ProvisioningJob.objects.filter(
        status__in=[ProvisioningJob.Status.PENDING, ProvisioningJob.Status.RUNNING],
        created__lt=since,
    )
    touched = ProvisioningStep.objects.filter(job=OuterRef("pk")).filter(
        Q(started__gte=since) | Q(finished__gte=since)
    )
    return list(unfinished.exclude(Exists(touched)).order_by("created"))
